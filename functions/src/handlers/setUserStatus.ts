import { route } from '../lib/http';
import { setUserStatus } from '../usecases/users';

export const handler = route('setUserStatus', { roles: ['admin'] }, 'area', async ({ deps, actor, params, body }) => ({
  user: await setUserStatus(deps, actor, params.id, body.active),
}));
