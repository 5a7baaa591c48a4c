/** The monthly bulletins (月通报), drafted by a schedule on the 1st (no HTTP event); a failed run goes to the on-failure queue. */
import { job } from '../lib/job';
import { monthlyBulletins } from '../usecases/bulletins';

export const handler = job('monthlyBulletins', (d) => monthlyBulletins(d));
