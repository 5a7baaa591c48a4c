import { route } from '../lib/http';
import { createArea } from '../usecases/areas';

export const handler = route('createArea', { roles: ['admin'] }, 'area', async ({ deps, actor, body }) => ({
  area: await createArea(deps, actor, body),
}));
