import { route } from '../lib/http';
import { createHazardPhotoUpload } from '../usecases/hazards';

export const handler = route('createHazardPhotoUpload', 'anyone signed in', 'self', ({ deps, actor, body }) => createHazardPhotoUpload(deps, actor, body));
