import { route } from '../lib/http';
import { COMMITMENT_LEDGER_READERS, exportCommitments } from '../usecases/commitment-ledger';

export const handler = route('exportCommitments', { roles: COMMITMENT_LEDGER_READERS }, 'area', ({ deps, actor, body }) => exportCommitments(deps, actor, body));
