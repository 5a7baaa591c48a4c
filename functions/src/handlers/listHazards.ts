import { route } from '../lib/http';
import { listHazards } from '../usecases/hazards';

export const handler = route('listHazards', { roles: ['gridworker', 'supervisor', 'department', 'enforcement', 'guarantee_leader', 'admin', 'enterprise_owner'] }, 'area or own', ({ deps, actor, query }) =>
  listHazards(deps, actor, query),
);
