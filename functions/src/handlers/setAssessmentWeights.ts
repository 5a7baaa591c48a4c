import { route } from '../lib/http';
import { setAssessmentWeights } from '../usecases/assessment';

export const handler = route('setAssessmentWeights', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => setAssessmentWeights(deps, actor, body));
