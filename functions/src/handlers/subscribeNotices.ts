import { route } from '../lib/http';
import { subscribeNotices } from '../usecases/notices';

export const handler = route('subscribeNotices', 'anyone signed in', 'self', ({ deps, actor, body }) => subscribeNotices(deps, actor, body));
