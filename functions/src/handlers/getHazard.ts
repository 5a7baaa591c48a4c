import { route } from '../lib/http';
import { getHazardDetail } from '../usecases/hazards';

export const handler = route('getHazard', 'anyone signed in', 'area or own', ({ deps, actor, params }) => getHazardDetail(deps, actor, params.id));
