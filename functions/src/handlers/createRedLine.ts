import { route } from '../lib/http';
import { createRedLine } from '../usecases/red-lines';

export const handler = route('createRedLine', { roles: ['supervisor', 'admin'] }, 'area', async ({ deps, actor, body }) => ({
  redLine: await createRedLine(deps, actor, body),
}));
