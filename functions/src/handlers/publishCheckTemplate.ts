import { route } from '../lib/http';
import { publishCheckTemplate } from '../usecases/checks';

export const handler = route('publishCheckTemplate', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => publishCheckTemplate(deps, actor, body));
