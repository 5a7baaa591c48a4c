import { route } from '../lib/http';
import { exportPayouts } from '../usecases/rewards';

export const handler = route('exportPayouts', { roles: ['supervisor'] }, 'area', ({ deps, actor, body }) => exportPayouts(deps, actor, body));
