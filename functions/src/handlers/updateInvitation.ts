import { route } from '../lib/http';
import { updateInvitation } from '../usecases/invitations';

export const handler = route('updateInvitation', { roles: ['admin', 'supervisor', 'gridworker', 'enterprise_owner'] }, 'area or own', ({ deps, actor, params, body }) =>
  updateInvitation(deps, actor, params.id, body.action),
);
