import { route } from '../lib/http';
import { remindCommitment } from '../usecases/commitments';

export const handler = route('remindCommitment', { roles: ['gridworker', 'supervisor'] }, 'area', ({ deps, actor, params }) => remindCommitment(deps, actor, params.id));
