import { route } from '../lib/http';
import { verifyCommitment } from '../usecases/commitments';

// Anyone, signed in or not: a letter's QR code or number is checked by whoever holds the paper (nothing personal in the answer).
export const handler = route('verifyCommitment', 'anonymous', 'public', ({ deps, params, query }) => verifyCommitment(deps, params.id, params.key, query.hash));
