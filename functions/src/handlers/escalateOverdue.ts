/** The overdue sweep, run by a schedule (no HTTP event). */
import { deps } from '../deps';
import { logLine } from '../lib/log';
import { escalateOverdue } from '../usecases/escalation';

export async function handler(): Promise<void> {
  const started = Date.now();
  const taken = await escalateOverdue(deps());
  logLine({ level: 'info', route: 'escalateOverdue', ...taken, ms: Date.now() - started });
}
