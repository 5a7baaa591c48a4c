import { route } from '../lib/http';
import { previewInvitation } from '../usecases/invitations';

// Whoever holds the QR code may see what it invites to (never the phone, the name masked), as on a printed letter.
export const handler = route('previewInvitation', 'anyone signed in', 'public', ({ deps, params }) => previewInvitation(deps, params.id));
