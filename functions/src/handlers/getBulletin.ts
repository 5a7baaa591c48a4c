import { BULLETIN_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { getBulletin } from '../usecases/bulletins';

export const handler = route('getBulletin', { roles: [...BULLETIN_READERS] }, 'area', ({ deps, actor, params }) => getBulletin(deps, actor, params.id));
