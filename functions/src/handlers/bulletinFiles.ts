import { BULLETIN_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { bulletinFiles } from '../usecases/bulletin-files';

export const handler = route('bulletinFiles', { roles: [...BULLETIN_READERS] }, 'area', ({ deps, actor, params }) => bulletinFiles(deps, actor, params.id));
