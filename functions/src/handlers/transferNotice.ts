import { route } from '../lib/http';
import { transferNotice } from '../usecases/rewards';

/** WeChat Pay's transfer notices: signed by WeChat Pay over the exact body, not by a user's token. */
export const handler = route('transferNotice', 'anonymous', 'public', ({ deps, raw }) => transferNotice(deps, raw.headers, raw.body));
