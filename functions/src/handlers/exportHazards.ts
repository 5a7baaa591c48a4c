import { route } from '../lib/http';
import { exportHazards } from '../usecases/hazards';

export const handler = route('exportHazards', { roles: ['gridworker', 'supervisor', 'department', 'enforcement', 'guarantee_leader', 'admin', 'enterprise_owner'] }, 'area or own', ({ deps, actor, body }) =>
  exportHazards(deps, actor, body),
);
