import { checkLogCapture } from '../scripts/local/log-capture';
import { stopServers } from './harness';

export default async function globalTeardown(): Promise<void> {
  // Stopped first, so the stack's last lines are in the log before it is checked.
  await stopServers();
  checkLogCapture();
}
