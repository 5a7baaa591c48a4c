import { bulletinId } from '@safegrid/shared';
import type { Deps } from '../../functions/src/deps';
import { monthlyBulletins, publishBulletin } from '../../functions/src/usecases/bulletins';
import type { District } from './load';

/**
 * Last month's bulletins (月通报), as the schedule drafts them on the 1st, after the rest of the
 * demo is played: the district's is published (so every street and grid has one to read), the
 * streets' wait as drafts for their supervisors. Returns how many were drafted.
 */
export async function loadDemoBulletins(d: Deps, district: District): Promise<number> {
  const { month, drafted } = await monthlyBulletins(d);
  const root = district.areas.find((a) => !a.parent)!;
  const keeper = district.users.find((u) => u.id === 'demo-district')!;
  await publishBulletin(d, { userId: keeper.id, grants: keeper.grants }, bulletinId(root.path, month));
  return drafted;
}
