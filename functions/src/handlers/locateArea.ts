import { route } from '../lib/http';
import { locateArea } from '../usecases/locate';

export const handler = route('locateArea', 'anyone signed in', 'public', ({ deps, query }) => locateArea(deps, query.lng, query.lat));
