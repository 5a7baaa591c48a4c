import { route } from '../lib/http';
import { IMPORTERS, startImport } from '../usecases/census';

export const handler = route('startImport', { roles: IMPORTERS }, 'self', ({ deps, actor, body }) => startImport(deps, actor, body));
