import { route } from '../lib/http';
import { getReward } from '../usecases/rewards';

export const handler = route('getReward', { roles: ['supervisor'] }, 'area', ({ deps, actor, params }) => getReward(deps, actor, params.id));
