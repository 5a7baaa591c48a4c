import { route } from '../lib/http';
import { enterpriseChecks } from '../usecases/checks';

export const handler = route('enterpriseChecks', 'anyone signed in', 'area or own', ({ deps, actor, params }) => enterpriseChecks(deps, actor, params.id));
