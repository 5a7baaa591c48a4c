import { LEDGER_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { getEnterprise } from '../usecases/ledger';

export const handler = route('getEnterprise', { roles: [...LEDGER_READERS, 'enterprise_owner'] }, 'area or own', ({ deps, actor, params }) =>
  getEnterprise(deps, actor, params.id),
);
