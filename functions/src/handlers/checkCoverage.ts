import { route } from '../lib/http';
import { checkCoverage } from '../usecases/checks';

export const handler = route('checkCoverage', { roles: ['supervisor', 'department', 'admin'] }, 'area', ({ deps, actor, query }) => checkCoverage(deps, actor, query.area));
