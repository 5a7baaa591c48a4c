import { route } from '../lib/http';
import { owedVisits } from '../usecases/checks';

export const handler = route('owedVisits', { roles: ['gridworker', 'guarantee_leader'] }, 'self', ({ deps, actor, query }) => owedVisits(deps, actor, query));
