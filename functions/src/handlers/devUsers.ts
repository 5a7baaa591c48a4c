import { route } from '../lib/http';
import { devUsers } from '../usecases/auth';

export const handler = route('devUsers', 'anonymous', 'public', async ({ deps }) => ({ users: await devUsers(deps) }));
