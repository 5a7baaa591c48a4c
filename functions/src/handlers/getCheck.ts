import { route } from '../lib/http';
import { getCheck } from '../usecases/checks';

/** The inspector, ledger readers of the area and the enterprise's owner: checked against the record. */
export const handler = route('getCheck', 'anyone signed in', 'area or own', ({ deps, actor, params }) => getCheck(deps, actor, params.id));
