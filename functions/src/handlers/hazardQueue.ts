import { route } from '../lib/http';
import { hazardQueue } from '../usecases/hazards';

export const handler = route('hazardQueue', { roles: ['gridworker', 'supervisor', 'enterprise_owner', 'enforcement', 'department', 'guarantee_leader'] }, 'self', ({ deps, actor, query }) => hazardQueue(deps, actor, query));
