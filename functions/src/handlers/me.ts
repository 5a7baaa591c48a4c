import { route } from '../lib/http';
import { me } from '../usecases/auth';

export const handler = route('me', 'anyone signed in', 'self', async ({ deps, actor }) => ({ user: await me(deps, actor) }));
