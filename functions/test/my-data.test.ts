/**
 * 我的数据 (GET /me/data) through the real handler: each person gets what we hold about them —
 * profile with their own phone in full, their reports (anonymous ones too), rewards with payouts,
 * the letters they signed, their checks — and never a trace of anyone else's.
 */
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { deps } from '../src/deps';
import { handler as myData } from '../src/handlers/myData';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { payReward, reviewReward } from '../src/usecases/rewards';
import { checkBody } from './check-support';
import { publish, sign, signBody } from './commitment-support';
import { D, report, token } from './hazard-support';
import { actorOf, confirmedReport, rewardOf, setRules } from './reward-support';
import { fixtureDistrict, invoke, setupTable } from './support';

jest.setTimeout(60_000);

/** Everyone with a number of their own, so a number in a reply says whose it is. */
const district = (() => {
  const d = fixtureDistrict();
  return { ...d, users: d.users.map((u, i) => ({ ...u, phone: `1370000${String(i).padStart(4, '0')}` })) };
})();
const phoneOf = (id: string) => district.users.find((u) => u.id === id)!.phone!;

const ids: Record<string, string> = {};
beforeAll(async () => {
  await setupTable(district);
  await setRules({ minIntervalDays: 0 });
  ids.named = (await report('pub-1', { enterpriseId: 'ent-1' })).id;
  ids.anonymous = (await report('pub-1', { enterpriseId: 'ent-1', anonymous: true, description: '夜间偷偷开工，未落实防护措施' })).id;
  ids.workers = (await report('worker-1', { enterpriseId: 'ent-1', description: '车间配电箱门损坏，电线裸露' })).id;
  // A paid reward of pub-1's.
  ids.rewarded = await confirmedReport('pub-1');
  const d = deps();
  await reviewReward(d, actorOf('sup-s1'), ids.rewarded, { action: 'approve', amountFen: 5_000, version: (await rewardOf(ids.rewarded))!.version });
  await payReward(d, actorOf('sup-s1'), ids.rewarded, { channel: 'cash', voucherNo: 'XJ0001', version: (await rewardOf(ids.rewarded))!.version });
  // A letter owner-1 signed for ent-1, and a check gw-1 made there.
  const template = (await publish()).body.template;
  expect((await sign('ent-1', await signBody(template))).status).toBe(200);
  const checklist = await invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, district: D, baseVersion: 0 } });
  const check = await invoke(submitCheck, { method: 'POST', token: await token('gw-1'), body: await checkBody('gw-1', checklist.body.template) });
  expect(check.status).toBe(200);
  ids.check = check.body.check.id;
}, 120_000);

const dataOf = async (userId: string) => {
  const res = await invoke(myData, { token: await token(userId) });
  expect(res.status).toBe(200);
  return res.body;
};
/** Every other fixture person's phone and id that appears anywhere in the reply. */
const othersIn = (body: unknown, userId: string) => {
  const text = JSON.stringify(body);
  return district.users.filter((u) => u.id !== userId && (text.includes(u.phone!) || text.includes(`"${u.id}"`))).map((u) => u.id);
};

describe('我的数据', () => {
  it("gives a reporter their profile with their own phone, and all their reports, the anonymous one too, but nobody else's", async () => {
    const data = await dataOf('pub-1');
    expect(data.profile).toMatchObject({ id: 'pub-1', name: '公众甲', phone: phoneOf('pub-1'), wechatBound: true, grants: [{ role: 'public' }] });
    expect(data.hazards.items.map((h: { id: string }) => h.id).sort()).toEqual([ids.named, ids.anonymous, ids.rewarded].sort());
    expect(data.hazards.items.find((h: { id: string }) => h.id === ids.anonymous)).toMatchObject({ anonymous: true, enterpriseName: '测试企业1', description: '夜间偷偷开工，未落实防护措施', photos: 1, location: { lng: 117.1001, lat: 36.2001 } });
    expect(data.hazards.more).toBe(false);
    expect(JSON.stringify(data)).not.toContain(ids.workers);
    expect(othersIn(data, 'pub-1')).toEqual([]);
  });

  it('lists their reward with its amount, state and payout', async () => {
    const data = await dataOf('pub-1');
    expect(data.rewards.items).toEqual([
      expect.objectContaining({ id: ids.rewarded, state: 'paid', stateLabel: expect.any(String), amountFen: 5_000, payouts: [expect.objectContaining({ kind: 'payout', amountFen: 5_000, channel: 'cash' })] }),
    ]);
    // Who reviewed or paid is the office's record, not the reporter's data.
    expect(JSON.stringify(data.rewards)).not.toMatch(/sup-s1|XJ0001/);
  });

  it("gives a worker only their own report, never the public's reports about their enterprise", async () => {
    const data = await dataOf('worker-1');
    expect(data.hazards.items.map((h: { id: string }) => h.id)).toEqual([ids.workers]);
    expect(data.rewards.items).toEqual([]);
    expect(othersIn(data, 'worker-1')).toEqual([]);
  });

  it("gives an owner the letters they signed, and only their own reports: none of the others' about their enterprise (an anonymous reporter stays hidden)", async () => {
    const data = await dataOf('owner-1');
    expect(data.signatures.items).toEqual([expect.objectContaining({ enterpriseId: 'ent-1', enterpriseName: '测试企业1', signerName: '企业主甲', hash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    // Their own: the failed self-check item the letter raised. Not the reports others made about ent-1.
    expect(data.hazards.items).toEqual([expect.objectContaining({ description: expect.stringContaining('企业自查不符合'), enterpriseName: '测试企业1' })]);
    expect(JSON.stringify(data)).not.toMatch(new RegExp([ids.named, ids.anonymous, ids.workers].join('|')));
    expect(othersIn(data, 'owner-1')).toEqual([]);
  });

  it("gives a gridworker their checks, counted; another owner no letters that are not theirs", async () => {
    const gw = await dataOf('gw-1');
    expect(gw.checks).toMatchObject({ total: 1, more: false, items: [{ id: ids.check, enterpriseName: '测试企业1', kind: 'daily' }] });
    expect(gw.profile).toMatchObject({ gridworkerLevel: 2, phone: phoneOf('gw-1') });
    const other = await dataOf('owner-3');
    expect(other.signatures.items).toEqual([]);
    expect(other.checks).toEqual({ items: [], more: false, total: 0 });
    expect(othersIn(other, 'owner-3')).toEqual([]);
  });

  it('asks for a sign-in, and accepts nothing that could name someone else', async () => {
    expect((await invoke(myData, {})).status).toBe(401);
    const res = await invoke(myData, { token: await token('pub-1'), query: { userId: 'worker-1' } });
    expect(res.status).toBe(400);
  });
});
