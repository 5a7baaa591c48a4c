import { route } from '../lib/http';
import { getReward } from '../usecases/rewards';

export const handler = route('getReward', { roles: ['supervisor'] }, ({ deps, actor, params }) => getReward(deps, actor, params.id));
