import { LEDGER_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { listRedLines } from '../usecases/red-lines';

export const handler = route('listRedLines', { roles: [...LEDGER_READERS, 'enterprise_owner'] }, 'area or own', async ({ deps, actor, query }) => ({
  redLines: await listRedLines(deps, actor, query),
}));
