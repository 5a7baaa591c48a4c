import { route } from '../lib/http';
import { exportRewards } from '../usecases/rewards';

export const handler = route('exportRewards', { roles: ['supervisor'] }, ({ deps, actor, body }) => exportRewards(deps, actor, body));
