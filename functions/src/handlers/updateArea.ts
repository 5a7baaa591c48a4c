import { route } from '../lib/http';
import { updateArea } from '../usecases/area-boundaries';

export const handler = route('updateArea', { roles: ['admin'] }, 'area', async ({ deps, actor, body }) => ({
  area: await updateArea(deps, actor, body),
}));
