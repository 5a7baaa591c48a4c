import { route } from '../lib/http';
import { setEscalationRules } from '../usecases/escalation-rules';

export const handler = route('setEscalationRules', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => setEscalationRules(deps, actor, body));
