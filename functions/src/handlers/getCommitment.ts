import { route } from '../lib/http';
import { getCommitment } from '../usecases/commitments';

export const handler = route('getCommitment', 'anyone signed in', 'area or own', ({ deps, actor, params }) => getCommitment(deps, actor, params.id, params.key));
