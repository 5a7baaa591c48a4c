import { route } from '../lib/http';
import { createSignatureUpload } from '../usecases/commitments';

export const handler = route('createSignatureUpload', { roles: ['enterprise_owner'] }, ({ deps, actor, body }) => createSignatureUpload(deps, actor, body.size));
