import { route } from '../lib/http';
import { submitCheck } from '../usecases/checks';

/** Gridworkers, supervisors, departments, enforcement and guarantee leaders on site; owners for their self-check. */
export const handler = route('submitCheck', { roles: ['gridworker', 'guarantee_leader', 'supervisor', 'department', 'enforcement', 'enterprise_owner'] }, 'area or own', ({ deps, actor, body }) => submitCheck(deps, actor, body));
