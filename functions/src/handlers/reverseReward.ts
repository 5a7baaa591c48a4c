import { route } from '../lib/http';
import { reverseReward } from '../usecases/rewards';

export const handler = route('reverseReward', { roles: ['supervisor'] }, 'area', ({ deps, actor, params, body }) => reverseReward(deps, actor, params.id, body));
