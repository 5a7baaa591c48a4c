import { BULLETIN_KEEPERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { publishBulletin } from '../usecases/bulletins';

export const handler = route('publishBulletin', { roles: [...BULLETIN_KEEPERS] }, 'area', ({ deps, actor, params }) => publishBulletin(deps, actor, params.id));
