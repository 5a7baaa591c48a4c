import { route } from '../lib/http';
import { signCommitment } from '../usecases/commitments';

/** Signed once, never edited: the API has no route to change or delete a signed letter. */
export const handler = route('signCommitment', { roles: ['enterprise_owner'] }, 'self', ({ deps, actor, params, body }) => signCommitment(deps, actor, params.id, body));
