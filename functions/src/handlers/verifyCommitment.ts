import { route } from '../lib/http';
import { verifyCommitment } from '../usecases/commitments';

export const handler = route('verifyCommitment', 'anyone signed in', 'area or own', ({ deps, actor, params }) => verifyCommitment(deps, actor, params.id, params.key));
