import { route } from '../lib/http';
import { listAssessments } from '../usecases/assessment';

export const handler = route('listAssessments', { roles: ['gridworker', 'supervisor', 'admin'] }, 'area', ({ deps, actor, query }) => listAssessments(deps, actor, query));
