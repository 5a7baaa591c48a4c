import { route } from '../lib/http';
import { devSignIn } from '../usecases/auth';

export const handler = route('devLogin', 'anonymous', 'public', ({ deps, body }) => devSignIn(deps, body.userId));
