import { route } from '../lib/http';
import { listRewards } from '../usecases/rewards';

export const handler = route('listRewards', { roles: ['supervisor'] }, 'area', ({ deps, actor, query }) => listRewards(deps, actor, query));
