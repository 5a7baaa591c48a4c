import { route } from '../lib/http';
import { IMPORTERS, getImport } from '../usecases/census';

export const handler = route('getImport', { roles: IMPORTERS }, 'area', ({ deps, actor, params }) => getImport(deps, actor, params.id));
