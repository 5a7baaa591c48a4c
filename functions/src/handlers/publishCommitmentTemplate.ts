import { route } from '../lib/http';
import { publishCommitmentTemplate } from '../usecases/commitments';

export const handler = route('publishCommitmentTemplate', { roles: ['supervisor', 'admin'] }, 'area', ({ deps, actor, body }) => publishCommitmentTemplate(deps, actor, body));
