import { route } from '../lib/http';
import { reportHazard } from '../usecases/hazards';

export const handler = route('reportHazard', 'anyone signed in', 'self', ({ deps, actor, body }) => reportHazard(deps, actor, body));
