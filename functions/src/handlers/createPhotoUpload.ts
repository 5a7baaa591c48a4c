import { route } from '../lib/http';
import { createPhotoUpload } from '../usecases/ledger';

export const handler = route('createPhotoUpload', { roles: ['gridworker', 'supervisor', 'admin', 'enterprise_owner'] }, 'area or own', ({ deps, actor, params, body }) =>
  createPhotoUpload(deps, actor, params.id, body),
);
