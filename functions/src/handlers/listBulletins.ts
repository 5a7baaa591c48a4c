import { BULLETIN_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { listBulletins } from '../usecases/bulletins';

export const handler = route('listBulletins', { roles: [...BULLETIN_READERS] }, 'area', ({ deps, actor, query }) => listBulletins(deps, actor, query));
