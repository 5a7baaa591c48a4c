import { route } from '../lib/http';
import { commitmentRates } from '../usecases/commitments';

export const handler = route('commitmentRates', { roles: ['gridworker', 'supervisor', 'department', 'admin'] }, 'area', ({ deps, actor, query }) => commitmentRates(deps, actor, query.area));
