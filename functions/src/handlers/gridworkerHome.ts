import { route } from '../lib/http';
import { gridworkerHome } from '../usecases/gridworker';

export const handler = route('gridworkerHome', { roles: ['gridworker'] }, 'self', ({ deps, actor }) => gridworkerHome(deps, actor));
