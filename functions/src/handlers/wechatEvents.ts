import { route } from '../lib/http';
import { wechatEvent } from '../usecases/wechat-events';

/** WeChat's message push; signed by WeChat, not by a user's token. */
export const handler = route('wechatEvents', 'anonymous', 'public', ({ deps, query, body }) => wechatEvent(deps, query, body));
