import { route } from '../lib/http';
import { createBoundaryUpload } from '../usecases/area-boundaries';
import { IMPORTERS, createUpload } from '../usecases/census';

/** A census workbook (supervisors, admins) or a GeoJSON file of boundaries (admins: the use case refuses others). */
export const handler = route('createUpload', { roles: IMPORTERS }, 'self', ({ deps, actor, body }) =>
  body.purpose === 'boundary-import' ? createBoundaryUpload(deps, actor) : createUpload(deps, actor, body),
);
