import { route } from '../lib/http';
import { checkPdf } from '../usecases/checks';

export const handler = route('checkPdf', 'anyone signed in', ({ deps, actor, params }) => checkPdf(deps, actor, params.id));
