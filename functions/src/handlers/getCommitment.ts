import { route } from '../lib/http';
import { getCommitment } from '../usecases/commitments';

export const handler = route('getCommitment', 'anyone signed in', ({ deps, actor, params }) => getCommitment(deps, actor, params.id, params.key));
