import { route } from '../lib/http';
import { exportRewards } from '../usecases/rewards';

export const handler = route('exportRewards', { roles: ['supervisor'] }, 'area', ({ deps, actor, body }) => exportRewards(deps, actor, body));
