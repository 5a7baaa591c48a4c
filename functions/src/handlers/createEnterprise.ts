import { route } from '../lib/http';
import { createEnterprise } from '../usecases/ledger';

export const handler = route('createEnterprise', { roles: ['gridworker', 'supervisor', 'admin'] }, 'area', ({ deps, actor, body }) =>
  createEnterprise(deps, actor, body),
);
