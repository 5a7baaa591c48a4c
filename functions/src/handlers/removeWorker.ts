import { route } from '../lib/http';
import { removeWorker } from '../usecases/users';

export const handler = route('removeWorker', { roles: ['enterprise_owner', 'admin'] }, 'area or own', async ({ deps, actor, params }) => ({
  user: await removeWorker(deps, actor, params.id, params.userId),
}));
