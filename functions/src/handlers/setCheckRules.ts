import { route } from '../lib/http';
import { setCheckRules } from '../usecases/check-rules';

export const handler = route('setCheckRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => setCheckRules(deps, actor, body));
