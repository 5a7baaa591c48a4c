import { LEDGER_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { listCommitmentTemplates } from '../usecases/commitments';

export const handler = route('listCommitmentTemplates', { roles: LEDGER_READERS }, 'area', ({ deps, actor, query }) => listCommitmentTemplates(deps, actor, query.district));
