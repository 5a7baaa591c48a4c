/** The overdue sweep, run by a schedule (no HTTP event); a failed sweep goes to the on-failure queue. */
import { job } from '../lib/job';
import { escalateOverdue } from '../usecases/escalation';

export const handler = job('escalateOverdue', (d) => escalateOverdue(d));
