import { route } from '../lib/http';
import { CHECK_LEDGER_READERS, exportChecks } from '../usecases/check-ledger';

export const handler = route('exportChecks', { roles: CHECK_LEDGER_READERS }, 'area', ({ deps, actor, body }) => exportChecks(deps, actor, body));
