import { route } from '../lib/http';
import { payReward } from '../usecases/rewards';

export const handler = route('payReward', { roles: ['supervisor'] }, ({ deps, actor, params, body }) => payReward(deps, actor, params.id, body));
