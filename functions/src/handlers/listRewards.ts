import { route } from '../lib/http';
import { listRewards } from '../usecases/rewards';

export const handler = route('listRewards', { roles: ['supervisor'] }, ({ deps, actor, query }) => listRewards(deps, actor, query));
