import { route } from '../lib/http';
import { getEscalationRules } from '../usecases/escalation-rules';

export const handler = route('getEscalationRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, query }) => getEscalationRules(deps, actor, query.district));
