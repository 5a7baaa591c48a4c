import { route } from '../lib/http';
import { COMMITMENT_LEDGER_READERS, listCommitments } from '../usecases/commitment-ledger';

export const handler = route('listCommitments', { roles: COMMITMENT_LEDGER_READERS }, 'area', ({ deps, actor, query }) => listCommitments(deps, actor, query));
