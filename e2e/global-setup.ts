import { startLogCapture } from '../scripts/local/log-capture';
import { startServers } from './harness';

export default async function globalSetup(): Promise<void> {
  startLogCapture();
  await startServers();
}
