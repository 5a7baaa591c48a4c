import { route } from '../lib/http';
import { payReward } from '../usecases/rewards';

export const handler = route('payReward', { roles: ['supervisor'] }, 'area', ({ deps, actor, params, body }) => payReward(deps, actor, params.id, body));
