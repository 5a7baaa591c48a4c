import { route } from '../lib/http';
import { IMPORTERS, createUpload } from '../usecases/census';

export const handler = route('createUpload', { roles: IMPORTERS }, 'self', ({ deps, actor, body }) => createUpload(deps, actor, body));
