import { route } from '../lib/http';
import { updateEnterprise } from '../usecases/ledger';

export const handler = route('updateEnterprise', { roles: ['gridworker', 'supervisor', 'admin', 'enterprise_owner'] }, 'area or own', ({ deps, actor, params, body }) =>
  updateEnterprise(deps, actor, params.id, body),
);
