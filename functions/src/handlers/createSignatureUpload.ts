import { route } from '../lib/http';
import { createSignatureUpload } from '../usecases/commitments';

export const handler = route('createSignatureUpload', { roles: ['enterprise_owner'] }, 'self', ({ deps, actor }) => createSignatureUpload(deps, actor));
