import { route } from '../lib/http';
import { updateRedLine } from '../usecases/red-lines';

export const handler = route('updateRedLine', { roles: ['supervisor', 'admin'] }, async ({ deps, actor, params, body }) => ({
  redLine: await updateRedLine(deps, actor, params.id, body),
}));
