import { route } from '../lib/http';
import { setAssessmentWeights } from '../usecases/assessment';

export const handler = route('setAssessmentWeights', { roles: ['supervisor', 'admin'] }, ({ deps, actor, body }) => setAssessmentWeights(deps, actor, body));
