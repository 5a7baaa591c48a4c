import { route } from '../lib/http';
import { publishCheckTemplate } from '../usecases/checks';

export const handler = route('publishCheckTemplate', { roles: ['supervisor', 'admin'] }, ({ deps, actor, body }) => publishCheckTemplate(deps, actor, body));
