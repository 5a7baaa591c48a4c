import { route } from '../lib/http';
import { listMyRewards } from '../usecases/rewards';

/** The caller's own rewards (whoever reported: the public, workers). */
export const handler = route('listMyRewards', 'anyone signed in', 'self', ({ deps, actor, query }) => listMyRewards(deps, actor, query));
