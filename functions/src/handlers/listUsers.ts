import { route } from '../lib/http';
import { listUsers } from '../usecases/users';

export const handler = route('listUsers', { roles: ['admin', 'supervisor'] }, ({ deps, actor, query }) => listUsers(deps, actor, query));
