import { route } from '../lib/http';
import { getCheckRules } from '../usecases/check-rules';

export const handler = route('getCheckRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, query }) => getCheckRules(deps, actor, query.district));
