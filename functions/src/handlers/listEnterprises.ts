import { LEDGER_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { listEnterprises } from '../usecases/ledger';

export const handler = route('listEnterprises', { roles: LEDGER_READERS }, 'area', ({ deps, actor, query }) => listEnterprises(deps, actor, query));
