import { route } from '../lib/http';
import { updateRedLine } from '../usecases/red-lines';

export const handler = route('updateRedLine', { roles: ['supervisor', 'admin'] }, 'area', async ({ deps, actor, params, body }) => ({
  redLine: await updateRedLine(deps, actor, params.id, body),
}));
