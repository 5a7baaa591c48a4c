import { route } from '../lib/http';
import { listPayouts } from '../usecases/rewards';

export const handler = route('listPayouts', { roles: ['supervisor'] }, ({ deps, actor, query }) => listPayouts(deps, actor, query));
