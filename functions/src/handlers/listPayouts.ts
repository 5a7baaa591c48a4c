import { route } from '../lib/http';
import { listPayouts } from '../usecases/rewards';

export const handler = route('listPayouts', { roles: ['supervisor'] }, 'area', ({ deps, actor, query }) => listPayouts(deps, actor, query));
