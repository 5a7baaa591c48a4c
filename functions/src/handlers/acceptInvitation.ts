import { route } from '../lib/http';
import { acceptInvitation } from '../usecases/invitations';

export const handler = route('acceptInvitation', 'anyone signed in', 'self', ({ deps, actor, body }) => acceptInvitation(deps, actor, body));
