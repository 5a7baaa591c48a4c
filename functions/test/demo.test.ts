/**
 * The demo district's hazards and commitment letters, as `npm start` loads them: played through
 * the use cases, so the counters equal a recount, and every role's home has work on it.
 */
import type { Actor } from '@safegrid/shared';
import { deps } from '../src/deps';
import { hazardQueue, listMyHazards } from '../src/usecases/hazards';
import { generateDistrict } from '../../scripts/demo/generate';
import { DEMO_SIGNED_COUNT, loadDemoCommitments } from '../../scripts/demo/commitments';
import { DEMO_HAZARD_COUNT, loadDemoHazards } from '../../scripts/demo/hazards';
import { loadDemoRewards } from '../../scripts/demo/rewards';
import { DEMO_CHECK_COUNT, loadDemoChecks } from '../../scripts/demo/checks';
import { loadDemoBulletins } from '../../scripts/demo/bulletins';
import { listBulletins } from '../src/usecases/bulletins';
import { getReward } from '../src/usecases/rewards';
import { checkCoverage, owedVisits } from '../src/usecases/checks';
import { REWARD_STATES, type RewardState } from '@safegrid/shared';
import { commitmentRates, enterpriseCommitments } from '../src/usecases/commitments';
import { allItems, countersVersusRecount } from './hazard-support';
import { setupTable } from './support';

// Each test reads the whole demo table (tens of thousands of items).
jest.setTimeout(60_000);

const district = generateDistrict();
const actor = (id: string): Actor => ({ userId: id, grants: district.users.find((u) => u.id === id)!.grants });

beforeAll(async () => {
  await setupTable(district);
  expect(await loadDemoHazards(deps(), district)).toBe(DEMO_HAZARD_COUNT);
  expect(await loadDemoCommitments(deps(), district)).toBe(DEMO_SIGNED_COUNT);
  rewards = await loadDemoRewards(deps(), district);
  expect(await loadDemoChecks(deps(), district)).toBe(DEMO_CHECK_COUNT);
  // The district and its two streets.
  expect(await loadDemoBulletins(deps(), district)).toBe(3);
}, 300_000);

it("has last month's bulletins: the district's published for everyone below it, a street's draft for its supervisor only", async () => {
  const street = district.users.find((u) => u.id === 'demo-supervisor')!.grants[0]!.area!;
  const root = district.areas.find((a) => !a.parent)!.path;
  const ofDistrict = await listBulletins(deps(), actor('gw-001'), { area: root });
  expect(ofDistrict.bulletins.map((b) => b.state)).toEqual(['published']);
  expect((await listBulletins(deps(), actor('demo-supervisor'), { area: street })).bulletins.map((b) => b.state)).toEqual(['draft']);
  const gridworkerStreet = district.areas.find((a) => a.path === district.users.find((u) => u.id === 'gw-001')!.grants[0]!.area)!.path.split('/').slice(0, 2).join('/');
  expect((await listBulletins(deps(), actor('gw-001'), { area: gridworkerStreet })).bulletins).toEqual([]);
});

it('has checks to show: the demo gridworker owes some visits and has made others; the district sees coverage and blind spots', async () => {
  const owed = await owedVisits(deps(), actor('gw-001'), {});
  expect(owed.enterprises.length).toBeGreaterThan(0);
  const root = district.areas.find((a) => !a.parent)!.path;
  const coverage = await checkCoverage(deps(), actor('demo-district'), root);
  const covered = coverage.areas.reduce((n, a) => n + a.covered, 0);
  const total = coverage.areas.reduce((n, a) => n + a.total, 0);
  expect(covered).toBeGreaterThan(0);
  expect(covered).toBeLessThan(total);
  expect(coverage.blindSpots.length).toBeGreaterThan(0);
});
let rewards: Partial<Record<RewardState, number>> = {};

it('has rewards in every state, most of them paid, and a payout for each paid one', async () => {
  for (const s of REWARD_STATES) expect({ s, present: (rewards[s] ?? 0) > 0 }).toEqual({ s, present: true });
  const total = Object.values(rewards).reduce((a, b) => a + (b ?? 0), 0);
  expect(rewards.paid! / total).toBeGreaterThan(0.4);
  const items = await allItems();
  const payouts = items.filter((i) => i._et === 'Payout');
  expect(payouts.filter((p) => p.kind === 'payout')).toHaveLength(rewards.paid! + rewards.reversed!);
  expect(payouts.filter((p) => p.kind === 'reversal')).toHaveLength(rewards.reversed!);
});

it("leaves in 待审核 only proposals a supervisor can approve: those the rules came to refuse were rejected with the rules' reason", async () => {
  const waiting = (await allItems()).filter((i) => i._et === 'Reward' && i.state === 'proposed');
  expect(waiting.length).toBeGreaterThan(0);
  for (const r of waiting) expect({ id: r.id, blocked: (await getReward(deps(), actor('demo-district'), r.id as string)).reward.blockedReason }).toEqual({ id: r.id, blocked: undefined });
  const rejected = (await allItems()).filter((i) => i._et === 'Reward' && i.state === 'rejected');
  expect(rejected.some((r) => /天内只奖励一次|上限/.test(r.reason as string))).toBe(true);
});

it('writes every state of the loop, letters included, with counters that equal a recount', async () => {
  // The reports played by the demo; site checks add their own failed items.
  const hazards = (await allItems()).filter((i) => i._et === 'Hazard' && !i.checkId);
  expect(hazards).toHaveLength(DEMO_HAZARD_COUNT);
  const states = new Set(hazards.map((h) => h.state));
  for (const s of ['reported', 'planning', 'rectifying', 'rechecking', 'closed', 'rejected', 'merged']) expect(states).toContain(s);
  expect(hazards.some((h) => h.letters.length > 0)).toBe(true);
  // Daily sweeps over the last weeks, each step at its interval: some hazards reached enforcement (执法人员's queue).
  expect(hazards.some((h) => h.state === 'enforcing' && h.letters.length === 2)).toBe(true);
  const { stored, recount } = await countersVersusRecount();
  expect(stored).toEqual(recount);
});

it('gives every demo role something on its desk', async () => {
  const d = deps();
  const count = async (id: string, kind: string) => (await hazardQueue(d, actor(id))).groups.find((g) => g.kind === kind)?.hazards.length ?? 0;
  expect(await count('gw-001', 'triage')).toBeGreaterThan(0);
  expect(await count('gw-001', 'recheck')).toBeGreaterThan(0);
  expect(await count('demo-owner', 'rectify')).toBeGreaterThan(0);
  expect(await count('demo-supervisor', 'overdue')).toBeGreaterThan(0);
  expect((await listMyHazards(d, actor('demo-public'), {})).hazards.length).toBeGreaterThan(0);
});

it('has five colours of commitment letter, the demo owner owing one, and signing rates to show', async () => {
  const d = deps();
  const demo = district.enterprises[0]!;
  const mine = await enterpriseCommitments(d, actor('demo-owner'), demo.id);
  expect(mine).toMatchObject({ canSign: true, owed: { version: 1 } });
  const rates = await commitmentRates(d, actor('demo-district'), undefined);
  const signed = rates.areas.reduce((n, a) => n + a.signed, 0);
  expect(signed).toBe(DEMO_SIGNED_COUNT);
  expect(rates.industries.length).toBe(10);
  const root = district.areas.find((a) => !a.parent)!.path;
  const counted = (await allItems()).filter((i) => i._et === 'Counter' && i.area === root && i.commitments_signed).reduce((n, i) => n + i.commitments_signed, 0);
  expect(counted).toBe(DEMO_SIGNED_COUNT);
});
