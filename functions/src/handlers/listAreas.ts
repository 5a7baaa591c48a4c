import { route } from '../lib/http';
import { AREA_READERS, listAreas } from '../usecases/areas';

export const handler = route('listAreas', { roles: AREA_READERS }, 'area', async ({ deps, actor, query }) => ({
  areas: await listAreas(deps, actor, query.parent),
}));
