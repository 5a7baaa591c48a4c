import { MAP_READERS } from '@safegrid/shared';
import { route } from '../lib/http';
import { mapPoints } from '../usecases/map';

export const handler = route('mapPoints', { roles: MAP_READERS }, 'area', ({ deps, actor, query }) => mapPoints(deps, actor, query));
