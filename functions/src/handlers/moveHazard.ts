import { route } from '../lib/http';
import { moveHazard } from '../usecases/hazards';

/** Every step of the loop; the state machine in @safegrid/shared decides who may make which. */
export const handler = route('moveHazard', 'anyone signed in', 'area or own', ({ deps, actor, params, body }) => moveHazard(deps, actor, params.id, body));
