import { route } from '../lib/http';
import { commitmentPdf } from '../usecases/commitments';

export const handler = route('commitmentPdf', 'anyone signed in', 'area or own', ({ deps, actor, params }) => commitmentPdf(deps, actor, params.id, params.key));
