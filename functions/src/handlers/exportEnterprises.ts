import { LEDGER_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { exportEnterprises } from '../usecases/census';

export const handler = route('exportEnterprises', { roles: LEDGER_READERS }, 'area', ({ deps, actor, body }) => exportEnterprises(deps, actor, body));
