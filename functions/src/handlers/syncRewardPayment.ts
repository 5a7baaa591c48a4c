import { route } from '../lib/http';
import { syncRewardPayment } from '../usecases/rewards';

export const handler = route('syncRewardPayment', { roles: ['supervisor'] }, 'area', ({ deps, actor, params }) => syncRewardPayment(deps, actor, params.id));
