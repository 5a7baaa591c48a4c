import { route } from '../lib/http';
import { enterpriseWorkers } from '../usecases/users';

export const handler = route('enterpriseWorkers', { roles: ['enterprise_owner', 'admin', 'supervisor', 'gridworker'] }, 'area or own', ({ deps, actor, params }) =>
  enterpriseWorkers(deps, actor, params.id),
);
