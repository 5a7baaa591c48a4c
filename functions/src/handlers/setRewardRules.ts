import { route } from '../lib/http';
import { setRewardRules } from '../usecases/rewards';

export const handler = route('setRewardRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => setRewardRules(deps, actor, body));
