import { route } from '../lib/http';
import { assignGridworker } from '../usecases/areas';

export const handler = route('assignGridworker', { roles: ['admin'] }, 'area', async ({ deps, actor, body }) => ({
  area: await assignGridworker(deps, actor, body),
}));
