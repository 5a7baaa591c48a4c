import { route } from '../lib/http';
import { getAssessmentWeights } from '../usecases/assessment';

export const handler = route('getAssessmentWeights', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, query }) => getAssessmentWeights(deps, actor, query.district));
