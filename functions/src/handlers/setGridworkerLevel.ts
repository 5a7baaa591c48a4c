import { route } from '../lib/http';
import { setGridworkerLevel } from '../usecases/users';

export const handler = route('setGridworkerLevel', { roles: ['supervisor', 'admin'] }, 'area', async ({ deps, actor, params, body }) => ({
  user: await setGridworkerLevel(deps, actor, params.id, body.level),
}));
