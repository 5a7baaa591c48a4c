/**
 * Rewards through the real handlers against DynamoDB Local, with the local WeChat Pay channel:
 * proposal on confirmation, review with caps and the two-person rule, payment exactly once
 * (concurrent taps, duplicate notices, a channel that times out, fails or answers twice, a
 * DynamoDB fault in the middle), reversal, who sees what, and the payout ledger to the fen.
 */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { deps } from '../src/deps';
import { handler as exportPayouts } from '../src/handlers/exportPayouts';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as getReward } from '../src/handlers/getReward';
import { handler as listMyRewards } from '../src/handlers/listMyRewards';
import { handler as listPayouts } from '../src/handlers/listPayouts';
import { handler as listRewards } from '../src/handlers/listRewards';
import { handler as payReward } from '../src/handlers/payReward';
import { handler as reverseReward } from '../src/handlers/reverseReward';
import { handler as reviewReward } from '../src/handlers/reviewReward';
import { handler as rewardReceipt } from '../src/handlers/rewardReceipt';
import { handler as syncRewardPayment } from '../src/handlers/syncRewardPayment';
import { handler as transferNotice } from '../src/handlers/transferNotice';
import { readFirstSheet } from '../src/lib/xlsx';
import { bufferSource } from '../src/lib/xlsx-zip';
import { moveHazard } from '../src/usecases/hazards';
import { periodOf } from '@safegrid/shared';
import { S1, token } from './hazard-support';
import { actorOf, confirmedReport, moneyOf, newReporter, reporterToken, rewardOf, setRules, withOpenid } from './reward-support';
import { expectNothingWritten, invoke, payments, setupTable, wechat } from './support';
import { subscribe } from './notice-support';

// Dozens of concurrent requests per test against DynamoDB Local.
jest.setTimeout(60_000);

beforeAll(async () => {
  await setupTable();
  await withOpenid('pub-1');
  await withOpenid('worker-1');
  // pub-1 accepted the reward messages in the app (one message each; notices.test.ts for the rules).
  await subscribe('pub-1', ['rewardOutcome'], 10);
  // The interval rule has its own test; elsewhere reports about one enterprise follow each other closely.
  await setRules({ minIntervalDays: 0 });
});
beforeEach(() => {
  payments.faults = [];
  payments.outcome = 'confirm';
});

const as = async (userId: string) => ({ token: userId.startsWith('rep-') ? await reporterToken(userId) : await token(userId) });
const review = async (userId: string, id: string, body: Record<string, unknown>) => invoke(reviewReward, { method: 'POST', ...(await as(userId)), params: { id }, body });
const pay = async (userId: string, id: string, body: Record<string, unknown>) => invoke(payReward, { method: 'POST', ...(await as(userId)), params: { id }, body });
const version = async (id: string) => (await rewardOf(id))!.version;
const approve = async (id: string, amountFen = 5_000, by = 'sup-s1') => review(by, id, { action: 'approve', amountFen, version: await version(id) });
const month = periodOf(new Date());

describe('proposal', () => {
  it('proposes the rule amount when a public report is confirmed, in the same transaction', async () => {
    const id = await confirmedReport('pub-1');
    expect(await rewardOf(id)).toMatchObject({ state: 'proposed', proposedFen: 5_000, source: 'public', level: '一般', reporterId: 'pub-1', version: 1, ruleVersion: 1 });
  });

  it("pays a worker's internal report the worker amount, and a 重大 one more", async () => {
    const id = await confirmedReport('worker-1', { level: '重大' });
    expect(await rewardOf(id)).toMatchObject({ state: 'proposed', proposedFen: 100_000, source: 'worker' });
  });

  it("records no reward for the enterprise's own owner, and none at all for the gridworker's own finds", async () => {
    const own = await confirmedReport('owner-1');
    expect(await rewardOf(own)).toMatchObject({ state: 'ineligible', proposedFen: 0, reason: expect.stringContaining('负责人') });
    const gridworkers = await confirmedReport('gw-1');
    expect(await rewardOf(gridworkers)).toBeUndefined();
  });

  // Black-box testing found these classed 群众随手拍 and proposed a reward: an official reports as one wherever they stand.
  it.each([
    ['enf-d', 'official'],
    ['dept-d', 'official'],
    ['guar-s1', 'official'],
    ['admin-d', 'official'],
    ['gw-2', 'gridworker'],
    ['sup-s2', 'supervisor'],
  ])('classes a report by %s, outside their own ground or not, as %s and proposes no reward', async (official, source) => {
    const id = await confirmedReport(official);
    const { body } = await invoke(getHazard, { token: await token('sup-d'), params: { id } });
    expect(body.hazard).toMatchObject({ source, enterpriseId: 'ent-1' });
    expect(body.hazard.sourceLabel).not.toBe('群众随手拍');
    expect(await rewardOf(id)).toBeUndefined();
  });

  it('gives merged duplicates nothing: only the first report earns', async () => {
    const d = deps();
    const first = await confirmedReport('pub-1', { enterpriseId: 'ent-2' });
    const { reportHazard } = await import('../src/usecases/hazards');
    const { reportBody } = await import('./hazard-support');
    const { hazard: dup } = await reportHazard(d, actorOf('worker-1'), (await reportBody('worker-1', { enterpriseId: 'ent-2' })) as never);
    await moveHazard(d, actorOf('gw-1'), dup.id, { version: dup.version, move: { action: 'merge', duplicateOf: first } });
    expect(await rewardOf(dup.id)).toBeUndefined();
    expect(await rewardOf(first)).toMatchObject({ state: 'proposed' });
  });
});

describe('review', () => {
  it('approves the rule amount; another amount needs a reason; above the rule is refused; bad input names the field', async () => {
    const id = await confirmedReport('pub-1', { enterpriseId: 'ent-2' });
    const v = await version(id);
    const noReason = await expectNothingWritten(() => review('sup-s1', id, { action: 'approve', amountFen: 8_000, version: v }));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toHaveProperty('reason');
    const tooMuch = await expectNothingWritten(() => review('sup-s1', id, { action: 'approve', amountFen: 30_000, reason: '情况紧急', version: v }));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.message).toMatch(/上限/);
    for (const amountFen of [12.5, -1, '5000']) {
      const bad = await expectNothingWritten(() => review('sup-s1', id, { action: 'approve', amountFen, version: v }));
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields).toHaveProperty('amountFen');
    }
    const rejectBare = await expectNothingWritten(() => review('sup-s1', id, { action: 'reject', version: v }));
    expect(rejectBare.body.error.fields).toHaveProperty('reason');

    const ok = await review('sup-s1', id, { action: 'approve', amountFen: 8_000, reason: '举报及时，避免了事故', version: v });
    expect(ok.status).toBe(200);
    expect(ok.body.reward).toMatchObject({ state: 'approved', amountFen: 8_000, actions: ['pay'] });
    expect(ok.body.events.map((e: { kind: string }) => e.kind)).toEqual(['propose', 'approve']);
    // The same request again answers the same record; a stale one is a 409.
    const again = await review('sup-s1', id, { action: 'approve', amountFen: 8_000, reason: '举报及时，避免了事故', version: v });
    expect(again.status).toBe(200);
    expect(again.body.reward.version).toBe(v + 1);
    expect((await expectNothingWritten(() => review('sup-d', id, { action: 'reject', reason: '重复举报', version: v }))).status).toBe(409);
    // The reporter is told.
    expect(wechat.sent.some((m) => m.openid === 'local-openid-pub-1' && m.templateId === 'local-reward-outcome')).toBe(true);
  });

  it('needs a second, different supervisor above the threshold', async () => {
    await setRules({ minIntervalDays: 0, monthlyCapFen: 300_000, yearlyCapFen: 1_000_000 });
    const rep = await newReporter('worker');
    const id = await confirmedReport(rep, { level: '重大' });
    const first = await approve(id, 100_000, 'sup-s1');
    expect(first.body.reward).toMatchObject({ state: 'approved' });
    const big = await confirmedReport(rep, { level: '重大' });
    const v = await version(big);
    const one = await review('sup-s1', big, { action: 'approve', amountFen: 150_000, reason: '重大隐患，险情严重', version: v });
    expect(one.body.reward).toMatchObject({ state: 'awaiting_second', canApprove: false });
    const self = await expectNothingWritten(() => review('sup-s1', big, { action: 'approve', amountFen: 150_000, reason: '重大隐患，险情严重', version: v + 1 }));
    expect(self.status).toBe(403);
    const otherAmount = await expectNothingWritten(() => review('sup-d', big, { action: 'approve', amountFen: 120_000, reason: '按标准调整', version: v + 1 }));
    expect(otherAmount.body.error.fields).toHaveProperty('amountFen');
    const second = await review('sup-d', big, { action: 'approve', amountFen: 150_000, version: v + 1 });
    expect(second.body.reward).toMatchObject({ state: 'approved', amountFen: 150_000 });
    expect(second.body.reward.approvals.map((a: { byName: string }) => a.byName)).toEqual(['街道监管甲', '区监管']);
    await setRules({ minIntervalDays: 0 });
  });
});

describe('caps and interval', () => {
  afterAll(() => setRules({ minIntervalDays: 0 }));

  it('never exceeds the monthly cap, even with approvals racing', async () => {
    await setRules({ monthlyCapFen: 10_000, yearlyCapFen: 50_000, minIntervalDays: 0 });
    await withOpenid('gw-free');
    const ids = [];
    for (let i = 0; i < 6; i++) ids.push(await confirmedReport('gw-free', { enterpriseId: i % 2 ? 'ent-1' : 'ent-2' }));
    const results = await Promise.all(ids.map((id) => approve(id, 5_000)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s >= 500)).toHaveLength(0);
    const approved = (await Promise.all(ids.map(rewardOf))).filter((r) => r!.state === 'approved');
    expect(approved.reduce((n, r) => n + r!.amountFen!, 0)).toBe(10_000);
    const { Item } = await deps().db.reporterLedgers.build(GetItemCommand).key({ reporterId: 'gw-free', year: month.slice(0, 4) }).send();
    expect((Item!.ledger as { monthFen: Record<string, number> }).monthFen[month]).toBe(10_000);
  });

  it('rewards one report per reporter and enterprise within the interval', async () => {
    await setRules({ minIntervalDays: 7 });
    const rep = await newReporter('worker');
    const a = await confirmedReport(rep);
    const b = await confirmedReport(rep);
    const before = await invoke(getReward, { ...(await as('sup-s1')), params: { id: b } });
    expect(before.body.reward).toMatchObject({ canApprove: true, actions: ['approve', 'reject'] });
    expect(before.body.reward.blockedReason).toBeUndefined();
    expect((await approve(a, 10_000)).status).toBe(200);
    // The reviewer opening b now learns why it cannot pass, before trying.
    const opened = await invoke(getReward, { ...(await as('sup-s1')), params: { id: b } });
    expect(opened.body.reward).toMatchObject({ canApprove: false, blockedReason: expect.stringMatching(/7 天内只奖励一次，请驳回$/) });
    const refused = await expectNothingWritten(() => approve(b, 10_000));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/7 天内只奖励一次/);
    // A report confirmed after the first was approved is proposed as no reward, with the reason.
    const c = await confirmedReport(rep);
    expect(await rewardOf(c)).toMatchObject({ state: 'ineligible', reason: expect.stringMatching(/7 天内/) });
  });
});

describe('payment', () => {
  it('records a bank payment once: 50 concurrent taps → one payout, the ledger right to the fen', async () => {
    const id = await confirmedReport('pub-1', { enterpriseId: 'ent-1', level: '一般' });
    await approve(id);
    const v = await version(id);
    const results = await Promise.all(Array.from({ length: 50 }, () => pay('sup-s1', id, { channel: 'bank', voucherNo: 'ICBC20261201001', version: v })));
    expect(results.filter((r) => r.status >= 500)).toHaveLength(0);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await moneyOf(id)).toEqual([expect.objectContaining({ kind: 'payout', amountFen: 5_000, voucherNo: 'ICBC20261201001', channel: 'bank' })]);
    expect(await rewardOf(id)).toMatchObject({ state: 'paid', version: v + 1 });
    // A different voucher on the paid reward is refused, not recorded.
    expect((await expectNothingWritten(() => pay('sup-s1', id, { channel: 'cash', voucherNo: 'XJ0001', version: v + 1 }))).status).toBe(409);
  });

  it('pays by WeChat: the transfer waits for the reporter, who confirms; 50 duplicate notices → one payout', async () => {
    const id = await confirmedReport('pub-1', { enterpriseId: 'ent-2' });
    await approve(id);
    const paying = await pay('sup-s1', id, { channel: 'wechat', version: await version(id) });
    expect(paying.body.reward).toMatchObject({ state: 'paying', channel: 'wechat' });
    const bill = (await rewardOf(id))!.outBillNo!;
    expect(payments.calls.filter((c) => c.outBillNo === bill)).toEqual([{ outBillNo: bill, amountFen: 5_000 }]);

    // The reporter sees it waiting for them, and only they can take the receipt.
    const mine = await invoke(listMyRewards, await as('pub-1'));
    expect(mine.body.rewards.find((r: { id: string }) => r.id === id)).toMatchObject({ state: 'paying', awaitingReceipt: true, amountFen: 5_000 });
    expect((await invoke(rewardReceipt, { method: 'POST', ...(await as('worker-1')), params: { id } })).status).toBe(404);
    const receipt = await invoke(rewardReceipt, { method: 'POST', ...(await as('pub-1')), params: { id } });
    expect(receipt.body).toMatchObject({ mchId: 'local-mch', package: `local-package-${bill}` });

    const notice = payments.notices.at(-1)!;
    const results = await Promise.all(Array.from({ length: 50 }, () => invoke(transferNotice, { method: 'POST', headers: notice.headers, rawBody: notice.body })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(await moneyOf(id)).toEqual([expect.objectContaining({ kind: 'payout', amountFen: 5_000, channel: 'wechat', byId: 'wechatpay' })]);
    expect(await rewardOf(id)).toMatchObject({ state: 'paid' });
    // A forged notice is refused.
    const forged = await invoke(transferNotice, { method: 'POST', headers: { ...notice.headers, 'wechatpay-signature': 'AAAA' }, rawBody: notice.body });
    expect(forged.status).toBe(403);
  });

  it('survives a lost answer: the reward stays 发放中 and asking the channel settles it, with one transfer', async () => {
    const id = await confirmedReport('pub-1', { enterpriseId: 'ent-2' });
    await approve(id);
    payments.faults = ['timeout'];
    const res = await pay('sup-s1', id, { channel: 'wechat', version: await version(id) });
    expect(res.status).toBe(200);
    expect(res.body.reward.state).toBe('paying');
    const bill = (await rewardOf(id))!.outBillNo!;
    // Still waiting for the reporter: asking changes nothing.
    expect((await invoke(syncRewardPayment, { method: 'POST', ...(await as('sup-s1')), params: { id } })).body.reward.state).toBe('paying');
    await payments.receipt(bill);
    // The channel is down when asked: a clean 503, nothing written.
    payments.faults = ['error'];
    const down = await expectNothingWritten(async () => invoke(syncRewardPayment, { method: 'POST', ...(await as('sup-s1')), params: { id } }));
    expect(down.status).toBe(503);
    const synced = await invoke(syncRewardPayment, { method: 'POST', ...(await as('sup-s1')), params: { id } });
    expect(synced.body.reward.state).toBe('paid');
    expect(payments.calls.filter((c) => c.outBillNo === bill)).toHaveLength(1);
    expect(await moneyOf(id)).toHaveLength(1);
  });

  it('retries a failed transfer under a new bill number, and a request that never arrived under the same one', async () => {
    const id = await confirmedReport(await newReporter('worker'));
    await approve(id, 10_000);
    payments.outcome = 'fail';
    const failed = await pay('sup-s1', id, { channel: 'wechat', version: await version(id) });
    expect(failed.body.reward).toMatchObject({ state: 'failed', failReason: '收款用户账户异常', actions: ['pay'] });
    payments.outcome = 'success';
    payments.faults = ['error'];
    const lost = await pay('sup-s1', id, { channel: 'wechat', version: await version(id) });
    expect(lost.body.reward.state).toBe('paying');
    const r = (await rewardOf(id))!;
    expect(r.outBillNo).toMatch(/N2$/);
    expect(payments.transfers.has(r.outBillNo!)).toBe(false);
    const synced = await invoke(syncRewardPayment, { method: 'POST', ...(await as('sup-s1')), params: { id } });
    expect(synced.body.reward.state).toBe('paid');
    expect(await moneyOf(id)).toEqual([expect.objectContaining({ amountFen: 10_000, voucherNo: expect.any(String) })]);
  });

  it('leaves a DynamoDB fault in the middle clean: the reward stays 发放中 and the next notice finishes the job', async () => {
    const id = await confirmedReport('pub-1', { enterpriseId: 'ent-1' });
    await approve(id);
    payments.outcome = 'success';
    const client = deps().db.table.getDocumentClient();
    const send = client.send.bind(client);
    let failed = 0;
    const spy = jest.spyOn(client, 'send').mockImplementation(((command: { constructor: { name: string } }) => {
      // The transaction that records the payment is cancelled once, as a conflict would.
      if (command.constructor.name === 'TransactWriteCommand' && failed === 0 && JSON.stringify(command).includes('PAYOUT')) {
        failed++;
        return Promise.reject(Object.assign(new Error('Transaction cancelled'), { name: 'TransactionCanceledException', CancellationReasons: [{ Code: 'None' }, { Code: 'ThrottlingError' }] }));
      }
      return send(command as never);
    }) as never);
    try {
      const res = await pay('sup-s1', id, { channel: 'wechat', version: await version(id) });
      expect(res.status).toBe(200);
    } finally {
      spy.mockRestore();
    }
    expect(failed).toBe(1);
    // The throttled transaction was retried by the write path: paid once.
    expect(await rewardOf(id)).toMatchObject({ state: 'paid' });
    expect(await moneyOf(id)).toHaveLength(1);
  });
});

describe('reversal and the payout ledger', () => {
  it('reverses a payment with a new record, once, and the ledger nets to the fen', async () => {
    const id = await confirmedReport(await newReporter('worker'));
    await approve(id, 10_000);
    await pay('sup-s1', id, { channel: 'cash', voucherNo: 'XJ20261201', version: await version(id) });
    const v = await version(id);
    expect((await expectNothingWritten(async () => invoke(reverseReward, { method: 'POST', ...(await as('sup-s1')), params: { id }, body: { version: v } }))).status).toBe(400);
    const results = await Promise.all(
      Array.from({ length: 10 }, async () => invoke(reverseReward, { method: 'POST', ...(await as('sup-s1')), params: { id }, body: { reason: '领取人信息登记错误，已退回', version: v } })),
    );
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const money = await moneyOf(id);
    expect(money.map((m) => [m.kind, m.amountFen]).sort()).toEqual([
      ['payout', 10_000],
      ['reversal', -10_000],
    ]);

    const ledger = await invoke(listPayouts, { ...(await as('sup-s1')), query: { area: S1, from: month, to: month } });
    expect(ledger.status).toBe(200);
    const recount = ledger.body.payouts.reduce((n: number, p: { amountFen: number }) => n + p.amountFen, 0);
    expect(ledger.body.totalFen).toBe(recount);
    expect(ledger.body.payouts.filter((p: { rewardId: string }) => p.rewardId === id)).toHaveLength(2);

    // The export carries the same rows and the same total.
    const file = await invoke(exportPayouts, { method: 'POST', ...(await as('sup-s1')), body: { area: S1, from: month, to: month } });
    const bytes = Buffer.from(await (await fetch(file.body.url)).arrayBuffer());
    const rows: unknown[][] = [];
    for await (const row of readFirstSheet(bufferSource(bytes))) rows.push(row.cells);
    expect(rows[0]).toEqual(['发放时间', '类型', '所属区域', '举报人', '金额（元）', '发放方式', '凭证号/转账单号', '经办', '奖励编号']);
    expect(rows.at(-1)![4]).toBe(ledger.body.totalFen / 100);
    expect(rows).toHaveLength(ledger.body.payouts.length + 2);
  });

  it('refuses ranges backwards or too long, naming the field', async () => {
    const back = await invoke(listPayouts, { ...(await as('sup-s1')), query: { from: '2026-11', to: '2026-01' } });
    expect(back.status).toBe(400);
    expect(back.body.error.fields).toHaveProperty('to');
    expect((await invoke(listPayouts, { ...(await as('sup-s1')), query: { from: '2026-13', to: '2026-12' } })).status).toBe(400);
  });
});

describe('who sees what', () => {
  it("keeps who was paid from everyone but the area's supervisors", async () => {
    const id = await confirmedReport('worker-1', { enterpriseId: 'ent-1' });
    expect((await invoke(getReward, { ...(await as('sup-s1')), params: { id } })).body.reward).toMatchObject({ reporterName: '员工甲', reporterPhone: '138****5678' });
    for (const other of ['sup-s2', 'gw-1', 'owner-1', 'pub-1', 'dept-d', 'enf-d', 'admin-s1']) {
      const res = await invoke(getReward, { ...(await as(other)), params: { id } });
      expect({ other, status: res.status }).toEqual({ other, status: other === 'sup-s2' ? 404 : 403 });
      expect(JSON.stringify(res.body)).not.toContain('员工甲');
    }
    // The hazard says a reward exists to the gridworker and the reporter, never to the enterprise.
    const hazardAs = async (who: string) => (await invoke(getHazard, { ...(await as(who)), params: { id } })).body.hazard;
    expect((await hazardAs('gw-1')).reward).toBe('待审核');
    expect((await hazardAs('worker-1')).reward).toBe('待审核');
    expect((await hazardAs('owner-1')).reward).toBeUndefined();
    // The street's queue holds it; the other street's does not.
    const queue = await invoke(listRewards, { ...(await as('sup-s1')), query: { area: S1, state: 'proposed' } });
    expect(queue.body.rewards.map((r: { id: string }) => r.id)).toContain(id);
    expect((await invoke(listRewards, { ...(await as('sup-s2')), query: { area: S1 } })).status).toBe(403);
    // The reporter sees their own, and no reviewer's name.
    const mine = await invoke(listMyRewards, await as('worker-1'));
    expect(mine.body.rewards.every((r: { id: string }) => r.id)).toBe(true);
    expect(JSON.stringify(mine.body)).not.toMatch(/街道监管|区监管|sup-/);
    const others = await invoke(listMyRewards, await as('pub-1'));
    expect(others.body.rewards.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});
