import { route } from '../lib/http';
import { CHECK_LEDGER_READERS, listChecks } from '../usecases/check-ledger';

export const handler = route('listChecks', { roles: CHECK_LEDGER_READERS }, 'area', ({ deps, actor, query }) => listChecks(deps, actor, query));
