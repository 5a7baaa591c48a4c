import { route } from '../lib/http';
import { enterpriseCommitments } from '../usecases/commitments';

export const handler = route('enterpriseCommitments', 'anyone signed in', 'area or own', ({ deps, actor, params }) => enterpriseCommitments(deps, actor, params.id));
