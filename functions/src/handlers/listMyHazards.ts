import { route } from '../lib/http';
import { listMyHazards } from '../usecases/hazards';

export const handler = route('listMyHazards', 'anyone signed in', 'self', ({ deps, actor, query }) => listMyHazards(deps, actor, query));
