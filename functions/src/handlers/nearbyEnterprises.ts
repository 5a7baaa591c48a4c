import { route } from '../lib/http';
import { nearbyEnterprises } from '../usecases/locate';

export const handler = route('nearbyEnterprises', 'anyone signed in', 'public', ({ deps, query }) => nearbyEnterprises(deps, query.lng, query.lat, query.q));
