/** Helpers for the reward tests: a confirmed report (which proposes its reward), the rules, and the money recounted. */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DEFAULT_REWARD_RULES, type HazardLevel, type RewardRules, type User } from '@safegrid/shared';
import { deps } from '../src/deps';
import { setRewardRules } from '../src/usecases/rewards';
import { moveHazard, reportHazard } from '../src/usecases/hazards';
import { inDays, storedReportBody } from './hazard-support';
import { D, M1 } from './hazard-support';
import { queryAll } from '../src/repos/query-all';
import { tokenFor, userById } from './support';

const made = new Map<string, User['grants']>();
export const actorOf = (id: string) => ({ userId: id, grants: made.get(id) ?? userById(id).grants });

/** A new reporter of their own (so one test's caps are not another's): the public, or a worker of ent-1; signed in with WeChat. */
export async function newReporter(kind: 'public' | 'worker'): Promise<string> {
  const id = `rep-${kind}-${made.size + 1}`;
  const grants: User['grants'] = kind === 'public' ? [{ role: 'public' }] : [{ role: 'worker', enterpriseId: 'ent-1' }];
  made.set(id, grants);
  await deps()
    .db.users.build(PutItemCommand)
    .item({ id, name: `举报人${made.size}`, phone: '13712345678', openid: `local-openid-${id}`, grants, homeArea: kind === 'public' ? 'public' : M1 })
    .send();
  return id;
}

export const reporterToken = (id: string) => tokenFor(actorOf(id));

/** A report by `reporterId` about `enterpriseId`, confirmed by gw-1 at `level`: its reward is proposed in that move. */
export async function confirmedReport(reporterId: string, options: { enterpriseId?: string; level?: HazardLevel } = {}) {
  const d = deps();
  const { hazard } = await reportHazard(d, actorOf(reporterId), { ...(await storedReportBody(reporterId)), enterpriseId: options.enterpriseId ?? 'ent-1' });
  await moveHazard(d, actorOf('gw-1'), hazard.id, {
    version: hazard.version,
    move: { action: 'confirm', level: options.level ?? '一般', category: '消防安全', deadline: inDays(7) },
  });
  return hazard.id;
}

export async function rewardOf(id: string) {
  const { Item } = await deps().db.rewards.build(GetItemCommand).key({ id }).options({ consistent: true }).send();
  return Item;
}

let rulesVersion = 0;
/** Sets the district's rules (the defaults with `change`), as its supervisor would. */
export async function setRules(change: Partial<Omit<RewardRules, 'version'>> = {}) {
  const { version: _v, ...defaults } = DEFAULT_REWARD_RULES;
  const res = await setRewardRules(deps(), actorOf('sup-d'), { district: D, rules: { ...defaults, ...change }, version: rulesVersion });
  rulesVersion = res.version;
  return res;
}

/** Gives a fixture user a WeChat openid (as signing in with WeChat does), so transfers can reach them. */
export async function withOpenid(userId: string) {
  await deps().db.users.build(UpdateItemCommand).item({ id: userId, openid: `local-openid-${userId}` }).send();
}

/** Every payout and reversal of a reward, straight from the table. */
export async function moneyOf(rewardId: string) {
  return queryAll(deps().db.table, deps().db.payouts, { partition: `RW#${rewardId}` } as never);
}
