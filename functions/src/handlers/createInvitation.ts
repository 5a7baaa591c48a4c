import { route } from '../lib/http';
import { createInvitation } from '../usecases/invitations';

export const handler = route('createInvitation', { roles: ['admin', 'supervisor', 'gridworker', 'enterprise_owner'] }, 'area or own', ({ deps, actor, body }) =>
  createInvitation(deps, actor, body),
);
