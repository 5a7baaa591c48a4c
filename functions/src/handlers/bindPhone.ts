import { route } from '../lib/http';
import { bindPhone } from '../usecases/auth';

export const handler = route('bindPhone', 'anyone signed in', 'self', async ({ deps, actor, body }) => ({
  user: await bindPhone(deps, actor, body.code),
}));
