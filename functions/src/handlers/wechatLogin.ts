import { route } from '../lib/http';
import { signInWithWechat } from '../usecases/auth';

export const handler = route('wechatLogin', 'anonymous', 'public', ({ deps, body }) => signInWithWechat(deps, body.code));
