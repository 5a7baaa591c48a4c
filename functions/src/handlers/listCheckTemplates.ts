import { route } from '../lib/http';
import { listCheckTemplates } from '../usecases/checks';

/** Inspectors and enterprise owners (self-checks) of the district: checked against the caller's grants. */
export const handler = route('listCheckTemplates', 'anyone signed in', 'area', ({ deps, actor, query }) => listCheckTemplates(deps, actor, query.district));
