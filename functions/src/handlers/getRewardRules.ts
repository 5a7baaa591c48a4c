import { route } from '../lib/http';
import { getRewardRules } from '../usecases/rewards';

export const handler = route('getRewardRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, query }) => getRewardRules(deps, actor, query.district));
