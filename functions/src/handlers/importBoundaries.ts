import { route } from '../lib/http';
import { importBoundaries } from '../usecases/area-boundaries';

export const handler = route('importBoundaries', { roles: ['admin'] }, 'area', ({ deps, actor, body }) => importBoundaries(deps, actor, body));
