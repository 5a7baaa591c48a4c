import { route } from '../lib/http';
import { setGrants } from '../usecases/users';

export const handler = route('setGrants', { roles: ['admin'] }, 'area', async ({ deps, actor, params, body }) => ({
  user: await setGrants(deps, actor, params.id, body.grants),
}));
