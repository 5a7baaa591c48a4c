import { route } from '../lib/http';
import { createUser } from '../usecases/users';

export const handler = route('createUser', { roles: ['admin'] }, 'area', async ({ deps, actor, body }) => ({
  user: await createUser(deps, actor, body),
}));
