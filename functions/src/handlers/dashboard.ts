import { route } from '../lib/http';
import { DASHBOARD_READERS, dashboard } from '../usecases/dashboard';

export const handler = route('dashboard', { roles: [...DASHBOARD_READERS] }, 'area', ({ deps, actor, query }) => dashboard(deps, actor, query));
