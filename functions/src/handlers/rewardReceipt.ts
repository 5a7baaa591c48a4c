import { route } from '../lib/http';
import { rewardReceipt } from '../usecases/rewards';

/** Only the reporter of the reward: checked against the record. */
export const handler = route('rewardReceipt', 'anyone signed in', 'self', ({ deps, actor, params }) => rewardReceipt(deps, actor, params.id));
