import { route } from '../lib/http';
import { checkPdf } from '../usecases/check-pdf';

export const handler = route('checkPdf', 'anyone signed in', 'area or own', ({ deps, actor, params }) => checkPdf(deps, actor, params.id));
