import { route } from '../lib/http';
import { updateMe } from '../usecases/auth';

export const handler = route('updateMe', 'anyone signed in', 'self', async ({ deps, actor, body }) => ({
  user: await updateMe(deps, actor, body.name),
}));
