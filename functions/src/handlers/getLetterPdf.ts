import { route } from '../lib/http';
import { letterPdf } from '../usecases/letters';

export const handler = route('getLetterPdf', 'anyone signed in', 'area or own', ({ deps, actor, params }) => letterPdf(deps, actor, params.id));
