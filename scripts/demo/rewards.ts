/**
 * The demo district's rewards. Confirming the demo reports already proposed them (or recorded why
 * none); this plays what the district's supervisors did next, through the use cases, in Taian's
 * proportions (2,338 rewards for 5,154 reports: most proposals approved and paid, a few rejected,
 * some still waiting), so every state is on a screen. Deterministic for a seed.
 */
import { type Actor, DEFAULT_REWARD_RULES, DomainError, type RewardState, districtOf } from '@safegrid/shared';
import { LocalPaymentChannel } from '../../functions/src/adapters/payments';
import type { Deps } from '../../functions/src/deps';
import { queryAll } from '../../functions/src/repos/query-all';
import { getReward, payReward, reverseReward, reviewReward, setRewardRules } from '../../functions/src/usecases/rewards';
import { DEMO_SEED, type DemoDistrict, stream } from './generate';

const DAY = 86_400_000;
type Fate = 'paid' | 'approved' | 'paying' | 'rejected' | 'proposed' | 'failed' | 'reversed' | 'awaiting_second';
const FATES: [Fate, number][] = [
  ['paid', 66],
  ['approved', 8],
  ['paying', 5],
  ['rejected', 8],
  ['proposed', 8],
  ['failed', 2],
  ['reversed', 2],
];
/** The first proposals take one fate each, so every state is shown whatever the draw. */
const FIRST: Fate[] = ['reversed', 'failed', 'paying', 'rejected', 'approved', 'proposed'];

/** Publishes the district's reward rules and plays each proposal's review and payment; answers how many rewards stand in each state. */
export async function loadDemoRewards(d: Deps, district: DemoDistrict, now = new Date()): Promise<Partial<Record<RewardState, number>>> {
  const users = new Map(district.users.map((u) => [u.id, u]));
  const actor = (id: string): Actor => ({ userId: id, grants: users.get(id)!.grants });
  const root = district.areas.find((a) => !a.parent)!.path;
  const { version: _v, ...rules } = DEFAULT_REWARD_RULES;
  await setRewardRules(d, actor('demo-district'), { district: root, rules, version: 0 });
  const street = users.get('demo-supervisor')!.grants[0]!.area!;

  const proposed = (await queryAll(d.db.table, d.db.rewards, { index: 'gsi2', partition: `RWST#${districtOf(root)}#proposed` })).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  // The two-person rule: one large reward of a 重大 report, approved once and waiting for a second supervisor.
  const large = proposed.find((r) => r.level === '重大' && r.area.startsWith(`${street}/`)) ?? proposed.find((r) => r.level === '重大');
  let fated = 0;
  const waiting: { id: string; keeper: Actor }[] = [];
  for (const r of proposed) {
    const rng = stream(DEMO_SEED, `reward-${r.id}`);
    const fate: Fate = r === large ? 'awaiting_second' : (FIRST[fated++] ?? rng.weighted(FATES));
    let at = Date.parse(r.createdAt);
    const clocked = (days: number): Deps => {
      at = Math.min(at + days * DAY + rng.int(1, 6) * 3_600_000, now.getTime() - 60_000);
      return { ...d, clock: { now: () => new Date(at) } };
    };
    // The street's supervisor gives the first of two approvals where they can, so the district's gives the second.
    const keeper = actor(fate === 'awaiting_second' && r.area.startsWith(`${street}/`) ? 'demo-supervisor' : 'demo-district');
    if (fate === 'proposed') {
      waiting.push({ id: r.id, keeper });
      continue;
    }
    if (fate === 'rejected') {
      await reviewReward(clocked(rng.int(1, 3)), keeper, r.id, { action: 'reject', reason: '举报内容与网格员日常巡查发现的隐患重复', version: r.version });
      continue;
    }
    const big = fate === 'awaiting_second';
    const amountFen = big ? DEFAULT_REWARD_RULES.secondApprovalAboveFen + 20_000 : r.proposedFen;
    const review = await reviewReward(clocked(rng.int(1, 3)), keeper, r.id, {
      action: 'approve',
      amountFen,
      ...(big ? { reason: '举报及时，避免了一起可能的火灾事故' } : {}),
      version: r.version,
    }).catch(async (error: unknown) => {
      // The interval or a cap refuses it (another reward of the reporter came first): the supervisor rejects it, as told.
      if (error instanceof DomainError && error.code === 'CONFLICT') await rejectAsRefused(clocked(0), keeper, r.id);
      return undefined;
    });
    if (!review || fate === 'approved' || big) continue;
    const channel = fate === 'paying' || fate === 'failed' ? 'wechat' : rng.weighted([['wechat', 6], ['bank', 3], ['cash', 1]] as const);
    const payments = d.payments instanceof LocalPaymentChannel ? d.payments : undefined;
    if (payments) payments.outcome = fate === 'failed' ? 'fail' : fate === 'paying' ? 'confirm' : 'success';
    const paid = await payReward(clocked(rng.int(1, 4)), keeper, r.id, {
      ...(channel === 'wechat' ? { channel } : { channel, voucherNo: `${channel === 'bank' ? 'ICBC' : 'XJ'}${new Date(at).toISOString().slice(0, 10).replace(/-/g, '')}${rng.digits(4)}` }),
      version: review.reward.version,
    });
    if (payments) payments.outcome = 'confirm';
    if (fate === 'reversed') await reverseReward(clocked(rng.int(1, 5)), keeper, r.id, { reason: '领取人身份信息登记错误，款项已退回，待重新核实后发放', version: paid.reward.version });
  }
  // What still waits is what a supervisor can decide on: a proposal that later approvals put past the rules was rejected by now.
  for (const { id, keeper } of waiting) {
    const { reward } = await getReward(d, keeper, id);
    if (reward.blockedReason) await rejectAsRefused({ ...d, clock: { now: () => new Date(now.getTime() - 3_600_000) } }, keeper, id);
  }
  const all = await queryAll(d.db.table, d.db.rewards, { index: 'gsi1', partition: `RW#${districtOf(root)}` });
  const counts: Partial<Record<RewardState, number>> = {};
  for (const r of all) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

/** Rejects a proposal the rules refuse, giving their reason. */
async function rejectAsRefused(d: Deps, keeper: Actor, id: string) {
  const { reward } = await getReward(d, keeper, id);
  if (!reward.blockedReason) return;
  await reviewReward(d, keeper, id, { action: 'reject', reason: reward.blockedReason.replace(/，请驳回$/, ''), version: reward.version });
}
