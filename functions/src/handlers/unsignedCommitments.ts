import { route } from '../lib/http';
import { unsignedCommitments } from '../usecases/commitments';

export const handler = route('unsignedCommitments', { roles: ['gridworker', 'supervisor', 'department', 'admin'] }, 'area', ({ deps, actor, query }) => unsignedCommitments(deps, actor, query.area));
