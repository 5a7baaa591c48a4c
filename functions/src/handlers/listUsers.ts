import { route } from '../lib/http';
import { listUsers } from '../usecases/users';

export const handler = route('listUsers', { roles: ['admin', 'supervisor'] }, 'area', ({ deps, actor, query }) => listUsers(deps, actor, query));
