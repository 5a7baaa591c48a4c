import { route } from '../lib/http';
import { reviewReward } from '../usecases/rewards';

export const handler = route('reviewReward', { roles: ['supervisor'] }, 'area', ({ deps, actor, params, body }) => reviewReward(deps, actor, params.id, body));
