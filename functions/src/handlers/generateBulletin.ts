import { BULLETIN_KEEPERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { generateBulletin } from '../usecases/bulletins';

export const handler = route('generateBulletin', { roles: [...BULLETIN_KEEPERS] }, 'area', ({ deps, actor, body }) => generateBulletin(deps, actor, body));
