import { route } from '../lib/http';
import { listInvitations } from '../usecases/invitations';

export const handler = route('listInvitations', { roles: ['admin', 'supervisor', 'gridworker', 'enterprise_owner'] }, 'area or own', ({ deps, actor, query }) =>
  listInvitations(deps, actor, query),
);
