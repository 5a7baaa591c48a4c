import { route } from '../lib/http';
import { myCounts } from '../usecases/counts';

export const handler = route('myCounts', 'anyone signed in', 'self', ({ deps, actor }) => myCounts(deps, actor));
