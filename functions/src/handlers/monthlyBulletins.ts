/** The monthly bulletins (月通报), drafted by a schedule on the 1st (no HTTP event). */
import { deps } from '../deps';
import { logLine } from '../lib/log';
import { monthlyBulletins } from '../usecases/bulletins';

export async function handler(): Promise<void> {
  const started = Date.now();
  const taken = await monthlyBulletins(deps());
  logLine({ level: 'info', route: 'monthlyBulletins', ...taken, ms: Date.now() - started });
}
