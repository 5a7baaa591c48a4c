/**
 * Subscribe messages through the real handlers against DynamoDB Local and the local WeChat stand-in:
 * what the phone accepted is counted per person and kind, each message takes one (atomically), each
 * event reaches exactly the people it concerns who have one left, a reminder that reaches nobody
 * says so and uses nothing up, and the counts on every home.
 */
import { ulid } from 'ulid';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { NOTICE_FIELDS, type NoticeKind, noticeValueProblem } from '@safegrid/shared';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as listMyHazards } from '../src/handlers/listMyHazards';
import { handler as myCounts } from '../src/handlers/myCounts';
import { handler as remindCommitment } from '../src/handlers/remindCommitment';
import { handler as reviewReward } from '../src/handlers/reviewReward';
import { handler as subscribeNotices } from '../src/handlers/subscribeNotices';
import { LocalWechatServer, type WechatServer } from '../src/adapters/wechat';
import { deps, overrideDeps } from '../src/deps';
import { escalateOverdue } from '../src/usecases/escalation';
import { send } from '../src/usecases/notify';
import { publish } from './commitment-support';
import { D, M1, S2, inDays, move, report, seedHazard, token, uploadPhoto } from './hazard-support';
import { leftOf, sentTo, subscribe } from './notice-support';
import { expectNothingWritten, invoke, isRateCounter, setupTable, tokenFor, wechat } from './support';

jest.setTimeout(60_000);

/** A person of this file's own: an account with grants, signed in with WeChat unless `openid` is false. */
async function person(id: string, grants: { role: any; area?: string; enterpriseId?: string }[], homeArea: string, openid = true) {
  await deps()
    .db.users.build(PutItemCommand)
    .item({ id, name: `测试${id}`, phone: '13712345678', grants, homeArea, ...(openid ? { openid: `local-openid-${id}` } : {}) })
    .send();
  return id;
}

beforeAll(async () => {
  await setupTable();
  // A second owner of ent-1 (subscribed to nothing), an enforcement officer of the other street, one of street S1.
  await person('owner-1b', [{ role: 'enterprise_owner', enterpriseId: 'ent-1' }], M1);
  await person('enf-s2', [{ role: 'enforcement', area: S2 }], S2);
  await person('enf-s1', [{ role: 'enforcement', area: `${D}/s1` }], `${D}/s1`);
});
beforeEach(() => {
  wechat.sent.length = 0;
});

const accept = async (as: string, body: unknown) => invoke(subscribeNotices, { method: 'POST', token: await token(as), body });
const counts = async (as: string, tokenOf: Promise<string> = token(as)) => (await invoke(myCounts, { token: await tokenOf })).body;

describe('what the phone accepted', () => {
  it('is counted per person and kind; the same answer reported twice counts once; a long-term kind is on or off', async () => {
    const id = ulid();
    const first = await accept('worker-1', { id, accepted: ['hazardOutcome', 'rewardOutcome'] });
    expect(first.status).toBe(200);
    const of = (body: any, kind: NoticeKind) => body.notices.find((n: any) => n.kind === kind);
    expect(of(first.body, 'hazardOutcome')).toEqual({ kind: 'hazardOutcome', label: '举报的处理结果', templateId: 'local-hazard-outcome', longTerm: false, left: 1 });
    expect(of(first.body, 'rewardOutcome')).toMatchObject({ left: 1 });
    expect(of(first.body, 'newReport')).toMatchObject({ templateId: 'local-new-report', left: 0 });
    // The phone retried the same answer (a lost reply): still one.
    expect(of((await accept('worker-1', { id, accepted: ['hazardOutcome', 'rewardOutcome'] })).body, 'hazardOutcome').left).toBe(1);
    // Another tap, another acceptance: two.
    expect(of((await accept('worker-1', { id: ulid(), accepted: ['hazardOutcome'] })).body, 'hazardOutcome').left).toBe(2);
    expect(await leftOf('worker-1', 'hazardOutcome')).toBe(2);
    // Someone else's count is their own.
    expect(await leftOf('pub-1', 'hazardOutcome')).toBe(0);
  });

  it('refuses more than WeChat asks at once, or a kind that does not exist, in Chinese and writing nothing', async () => {
    const many = await expectNothingWritten(() => accept('worker-1', { id: ulid(), accepted: ['newReport', 'recheckDue', 'hazardOutcome', 'rewardOutcome'] }));
    expect(many.status).toBe(400);
    expect(many.body.error.fields.accepted).toMatch(/最多3种/);
    const unknown = await expectNothingWritten(() => accept('worker-1', { id: ulid(), accepted: ['marketing'] }));
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields['accepted.0']).toMatch(/不是可订阅的通知类型/);
    expect((await expectNothingWritten(() => invoke(subscribeNotices, { method: 'POST', body: { id: ulid(), accepted: [] } }))).status).toBe(401);
  });

  it('takes nothing from a long-term subscription (configured per template) until it is refused', async () => {
    const config = deps().config;
    overrideDeps({ config: { ...config, wechat: { ...config.wechat, longTerm: ['recheckDue'] } } });
    try {
      await accept('gw-2', { id: ulid(), accepted: ['recheckDue'] });
      await accept('gw-2', { id: ulid(), accepted: ['recheckDue'] });
      expect((await counts('gw-2')).notices.find((n: any) => n.kind === 'recheckDue')).toMatchObject({ longTerm: true, left: 1 });
      const data = { thing1: '消防通道堵塞', time2: '2026-11-23 10:05', phrase3: '待复查' };
      for (const event of ['a', 'b', 'c']) expect(await send(deps(), 'recheckDue', ['gw-2'], 'p', data, `long-${event}`)).toEqual([{ userId: 'gw-2', outcome: 'sent' }]);
      expect(sentTo('gw-2', 'recheckDue')).toHaveLength(3);
      // Refused at the next tap: off, and nothing is sent.
      await accept('gw-2', { id: ulid(), accepted: [], rejected: ['recheckDue'] });
      expect(await send(deps(), 'recheckDue', ['gw-2'], 'p', data, 'long-d')).toEqual([{ userId: 'gw-2', outcome: 'no-subscription' }]);
      expect(sentTo('gw-2', 'recheckDue')).toHaveLength(3);
    } finally {
      overrideDeps({ config });
    }
  });
});

describe('a message takes one subscription', () => {
  const data = { thing1: '楼道电动车充电', time2: '2026-11-23 10:05', phrase3: '已销号' };

  it('atomically: ten events racing for the last two send two messages, and none after', async () => {
    await person('racer', [{ role: 'public' }], 'public');
    await subscribe('racer', ['hazardOutcome'], 2);
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => send(deps(), 'hazardOutcome', ['racer'], 'p', data, `race-${i}`)));
    const outcomes = results.flat().map((r) => r.outcome);
    expect(outcomes.filter((o) => o === 'sent')).toHaveLength(2);
    expect(outcomes.filter((o) => o === 'no-subscription')).toHaveLength(8);
    expect(sentTo('racer', 'hazardOutcome')).toHaveLength(2);
    expect(await leftOf('racer', 'hazardOutcome')).toBe(0);
  });

  it('once per event: the same event again (a retried request) neither sends again nor takes another', async () => {
    await person('retrier', [{ role: 'public' }], 'public');
    await subscribe('retrier', ['hazardOutcome'], 2);
    expect(await send(deps(), 'hazardOutcome', ['retrier'], 'p', data, 'same')).toEqual([{ userId: 'retrier', outcome: 'sent' }]);
    expect(await send(deps(), 'hazardOutcome', ['retrier'], 'p', data, 'same')).toEqual([{ userId: 'retrier', outcome: 'sent' }]);
    expect(sentTo('retrier', 'hazardOutcome')).toHaveLength(1);
    expect(await leftOf('retrier', 'hazardOutcome')).toBe(1);
  });

  it('is not attempted without one, nor for someone not in the mini-program; WeChat failing gives it back', async () => {
    await person('never-subscribed', [{ role: 'public' }], 'public');
    await person('no-wechat', [{ role: 'public' }], 'public', false);
    await subscribe('no-wechat', ['hazardOutcome']);
    expect(await send(deps(), 'hazardOutcome', ['never-subscribed', 'no-wechat', 'nobody'], 'p', data, 'e1')).toEqual([
      { userId: 'never-subscribed', outcome: 'no-subscription' },
      { userId: 'no-wechat', outcome: 'no-openid' },
      { userId: 'nobody', outcome: 'no-account' },
    ]);
    expect(wechat.sent).toEqual([]);

    await subscribe('never-subscribed', ['hazardOutcome']);
    const down: WechatServer = Object.assign(Object.create(wechat), { sendSubscribeMessage: async () => Promise.reject(new Error('WeChat 503')) });
    overrideDeps({ wechat: down });
    try {
      jest.spyOn(console, 'error').mockImplementation(() => undefined);
      expect(await send(deps(), 'hazardOutcome', ['never-subscribed'], 'p', data, 'e2')).toEqual([{ userId: 'never-subscribed', outcome: 'failed' }]);
    } finally {
      overrideDeps({ wechat });
      jest.restoreAllMocks();
    }
    expect(await leftOf('never-subscribed', 'hazardOutcome')).toBe(1);
    // The same event later goes out with the subscription it gave back.
    expect(await send(deps(), 'hazardOutcome', ['never-subscribed'], 'p', data, 'e2')).toEqual([{ userId: 'never-subscribed', outcome: 'sent' }]);
    expect(await leftOf('never-subscribed', 'hazardOutcome')).toBe(0);
  });

  it('fills each template within WeChat’s field limits, which the stand-in enforces as WeChat does', async () => {
    for (const fields of Object.values(NOTICE_FIELDS)) for (const key of Object.keys(fields)) expect(key).toMatch(/^(thing|phrase|time|date)\d+$/);
    expect(noticeValueProblem('thing1', '一'.repeat(21))).toBeDefined();
    expect(noticeValueProblem('phrase3', '待报整改方案')).toBeDefined();
    expect(noticeValueProblem('time2', '2026-11-23')).toBeDefined();
    await expect(new LocalWechatServer().sendSubscribeMessage({ openid: 'o', templateId: 't', data: { phrase1: { value: '待报整改方案' } } })).rejects.toThrow(/47003/);
    // A value WeChat would refuse is found before anyone's subscription is taken.
    await person('bad-data', [{ role: 'public' }], 'public');
    await subscribe('bad-data', ['hazardOutcome']);
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await send(deps(), 'hazardOutcome', ['bad-data'], 'p', { ...data, phrase3: '待报整改方案' }, 'bad')).toEqual([{ userId: 'bad-data', outcome: 'invalid' }]);
    jest.restoreAllMocks();
    expect(await leftOf('bad-data', 'hazardOutcome')).toBe(1);
  });
});

describe('who is told of what, through the handlers', () => {
  /** Messages of a kind to a user about one hazard. */
  const about = (userId: string, kind: NoticeKind, hazardId: string) => sentTo(userId, kind).filter((m) => m.page?.endsWith(`id=${hazardId}`));

  it('a new report → its grid’s gridworker; confirmed → the owners; evidence → the gridworker; closed → the reporter; each once, none without a subscription', async () => {
    await subscribe('gw-1', ['newReport', 'recheckDue']);
    await subscribe('owner-1', ['hazardAssigned']);
    await subscribe('pub-1', ['hazardOutcome', 'rewardOutcome']);

    const h = await report('pub-1');
    expect(about('gw-1', 'newReport', h.id)).toHaveLength(1);
    expect(about('gw-1', 'newReport', h.id)[0]!.data).toMatchObject({ thing1: { value: '三楼消防通道被杂物堵塞，安全出口上锁' }, thing3: { value: '一社区第1网格1号微网格' }, phrase4: { value: '群众举报' } });
    expect(await leftOf('gw-1', 'newReport')).toBe(0);
    // None left: the next report reaches nobody (and costs the report nothing).
    const second = await report('pub-1');
    expect(about('gw-1', 'newReport', second.id)).toEqual([]);
    // A gridworker's own report is not news to them.
    await subscribe('gw-1', ['newReport']);
    await report('gw-1', { description: '商铺门口灭火器过期' });
    expect(await leftOf('gw-1', 'newReport')).toBe(1);

    expect((await move('gw-1', h.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7), enterpriseId: 'ent-1' })).status).toBe(200);
    expect(about('owner-1', 'hazardAssigned', h.id)).toHaveLength(1);
    expect(about('owner-1b', 'hazardAssigned', h.id)).toEqual([]);
    expect(await leftOf('owner-1', 'hazardAssigned')).toBe(0);

    expect((await move('owner-1', h.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '杂物已清理' })).status).toBe(200);
    expect(about('gw-1', 'recheckDue', h.id)).toHaveLength(1);
    expect(await leftOf('gw-1', 'recheckDue')).toBe(0);

    expect((await move('gw-1', h.id, { action: 'recheckPass', note: '已整改到位' })).status).toBe(200);
    expect(about('pub-1', 'hazardOutcome', h.id)).toHaveLength(1);
    expect(await leftOf('pub-1', 'hazardOutcome')).toBe(0);

    // The reward of the confirmed report: approved → its reporter, once.
    const reviewed = await invoke(reviewReward, { method: 'POST', token: await token('sup-s1'), params: { id: h.id }, body: { action: 'approve', amountFen: 5_000, version: 1 } });
    expect(reviewed.status).toBe(200);
    expect(sentTo('pub-1', 'rewardOutcome')).toHaveLength(1);
    expect(await leftOf('pub-1', 'rewardOutcome')).toBe(0);

    // Rejected with nothing left: no message.
    expect((await move('gw-1', second.id, { action: 'reject', reason: '经核实不属于隐患' })).status).toBe(200);
    expect(about('pub-1', 'hazardOutcome', second.id)).toEqual([]);
    // Nothing went to anyone who was not concerned.
    expect(wechat.sent.every((m) => ['local-openid-gw-1', 'local-openid-owner-1', 'local-openid-pub-1'].includes(m.openid))).toBe(true);
  });

  it('an enforcement clue → the enforcement officers over its area who subscribed, once each', async () => {
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
    await subscribe('enf-d', ['enforcementClue']);
    await subscribe('enf-s2', ['enforcementClue']);
    // Each overdue step in turn; the last one makes the clue.
    for (const days of [9, 16, 23, 30]) await escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + days * 86_400_000) } });
    expect(about('enf-d', 'enforcementClue', h.id)).toHaveLength(1);
    expect(about('enf-d', 'enforcementClue', h.id)[0]!.data.thing2).toEqual({ value: '测试企业1' });
    // Street S2's officer is not over M1; S1's has nothing left to send to.
    expect(about('enf-s2', 'enforcementClue', h.id)).toEqual([]);
    expect(about('enf-s1', 'enforcementClue', h.id)).toEqual([]);
    expect(await leftOf('enf-d', 'enforcementClue')).toBe(0);
    expect(await leftOf('enf-s2', 'enforcementClue')).toBe(1);
  });
});

describe('a commitment reminder', () => {
  const remind = async (id: string, as = 'gw-1') => invoke(remindCommitment, { method: 'POST', token: await token(as), params: { id } });
  const reminderOf = async (enterpriseId: string) => (await deps().db.reminders.build(GetItemCommand).key({ enterpriseId }).options({ consistent: true }).send()).Item;

  it('that cannot reach the owner says why and what to do, records nothing and leaves the day’s reminder', async () => {
    // ent-2 has no owner account.
    const none = await expectNothingWritten(() => remind('ent-2'));
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ delivered: false, sent: 0, message: expect.stringMatching(/^未能送达：该企业还没有负责人账号.*电话/) });

    // An owner who never opened the mini-program with WeChat.
    await person('owner-2', [{ role: 'enterprise_owner', enterpriseId: 'ent-2' }], M1, false);
    const notJoined = await expectNothingWritten(() => remind('ent-2'));
    expect(notJoined.body).toMatchObject({ delivered: false, message: expect.stringMatching(/尚未加入小程序.*电话/) });

    // In the mini-program, but never subscribed.
    await deps().db.users.build(UpdateItemCommand).item({ id: 'owner-2', openid: 'local-openid-owner-2' }).send();
    const notSubscribed = await expectNothingWritten(() => remind('ent-2'));
    expect(notSubscribed.body).toMatchObject({ delivered: false, message: expect.stringMatching(/尚未订阅提醒.*电话/) });
    expect(wechat.sent).toEqual([]);
    expect(await reminderOf('ent-2')).toBeUndefined();

    // Subscribed: the same day's reminder goes out, once.
    await subscribe('owner-2', ['commitmentDue']);
    const delivered = await remind('ent-2');
    expect(delivered.body).toEqual({ delivered: true, sent: 1, remindedAt: expect.any(String), message: expect.stringMatching(/^已提醒/) });
    expect(sentTo('owner-2', 'commitmentDue')).toHaveLength(1);
    expect(await leftOf('owner-2', 'commitmentDue')).toBe(0);
    expect((await reminderOf('ent-2'))?.sentAt).toBeDefined();
    expect((await expectNothingWritten(() => remind('ent-2'))).status).toBe(429);
  });

  it('from three senders at once: one is delivered and recorded, with one message; the others are told it was done today', async () => {
    await subscribe('owner-3', ['commitmentDue'], 3);
    const results = await Promise.all(['gw-2', 'sup-s2', 'sup-d'].map((as) => remind('ent-3', as)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 429, 429]);
    expect(results.find((r) => r.status === 200)!.body).toMatchObject({ delivered: true, sent: 1 });
    expect(sentTo('owner-3', 'commitmentDue')).toHaveLength(1);
    expect(await leftOf('owner-3', 'commitmentDue')).toBe(2);
  });

  it('that WeChat fails to send is taken back: not 已提醒, the day and the sender’s count kept', async () => {
    await subscribe('owner-1', ['commitmentDue']);
    const down: WechatServer = Object.assign(Object.create(wechat), { sendSubscribeMessage: async () => Promise.reject(new Error('WeChat 503')) });
    overrideDeps({ wechat: down });
    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    let failed;
    try {
      failed = await expectNothingWritten(() => remind('ent-1', 'sup-s1'), (item) => isRateCounter(item) || item.includes('SUBS#owner-1'));
    } finally {
      overrideDeps({ wechat });
      jest.restoreAllMocks();
    }
    expect(failed.body).toMatchObject({ delivered: false, sent: 0, message: expect.stringMatching(/微信暂时无法发送/) });
    expect(await reminderOf('ent-1')).toBeUndefined();
    expect(await leftOf('owner-1', 'commitmentDue')).toBe(1);
    // The day was not used: the next try delivers.
    const again = await remind('ent-1', 'sup-s1');
    expect(again.body).toMatchObject({ delivered: true, sent: 1 });
    expect(sentTo('owner-1', 'commitmentDue')).toHaveLength(1);
  });
});

describe('the counts on every home', () => {
  const queueSize = async (as: string, kind: string) => (await invoke(hazardQueue, { token: await token(as) })).body.groups.find((g: any) => g.kind === kind)?.hazards.length ?? 0;

  it('answer, for the caller’s roles only, what their lists hold, with the templates the app may ask for', async () => {
    // Something in every queue: a fresh report, one to plan, one overdue, a clue (from the previous tests).
    await report('pub-1');
    const toPlan = await seedHazard('worker-1', { enterpriseId: 'ent-1' });
    await move('gw-1', toPlan.id, { action: 'confirm', level: '重大', category: '消防安全', deadline: inDays(30), enterpriseId: 'ent-1' });
    await publish();

    const gw = await counts('gw-1');
    expect(gw.counts).toEqual({ triage: await queueSize('gw-1', 'triage'), recheck: await queueSize('gw-1', 'recheck'), overdue: await queueSize('gw-1', 'overdue') });
    expect(gw.counts.triage).toBeGreaterThan(0);
    expect(gw.notices.map((n: any) => n.kind)).toEqual(['newReport', 'hazardAssigned', 'recheckDue', 'hazardOutcome', 'enforcementClue', 'commitmentDue', 'rewardOutcome']);

    const owner = await counts('owner-1');
    expect(owner.counts).toEqual({ plan: await queueSize('owner-1', 'plan'), rectify: await queueSize('owner-1', 'rectify'), unsignedLetters: 1 });
    expect(owner.counts.plan).toBeGreaterThan(0);

    const enf = await counts('enf-d');
    expect(enf.counts).toEqual({ clues: await queueSize('enf-d', 'enforce') });
    expect(enf.counts.clues).toBeGreaterThan(0);

    const sup = await counts('sup-s1');
    expect(sup.counts).toMatchObject({ triage: await queueSize('sup-s1', 'triage'), overdue: await queueSize('sup-s1', 'overdue'), rewardsToReview: expect.any(Number) });
    expect(sup.counts.rewardsToReview).toBeGreaterThan(0);
    expect((await counts('dept-d')).counts).toEqual({ overdue: await queueSize('dept-d', 'overdue') });

    const mine = (await invoke(listMyHazards, { token: await token('pub-1') })).body.hazards;
    const pub = await counts('pub-1');
    expect(pub.counts).toEqual({ myOpenReports: mine.filter((x: any) => ['reported', 'planning', 'rectifying', 'rechecking', 'enforcing'].includes(x.state)).length, rewardsToConfirm: 0 });
    expect(pub.counts.myOpenReports).toBeGreaterThan(0);
    // An admin follows no queue here.
    expect((await counts('admin-d')).counts).toEqual({});
    expect((await invoke(myCounts, {})).status).toBe(401);
  });

  it('read with COUNT queries only: no item comes back, and no Scan', async () => {
    const commands: string[] = [];
    const client = deps().db.table.getDocumentClient();
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(`${context.commandName} ${(args.input as { Select?: string }).Select ?? ''}`.trim());
        return next(args);
      },
      { step: 'initialize', name: 'countsSpy' },
    );
    try {
      await counts('sup-d', tokenFor({ userId: 'multi', grants: [{ role: 'supervisor', area: D }, { role: 'public' }] }));
    } finally {
      client.middlewareStack.remove('countsSpy');
    }
    expect(commands.some((c) => c.startsWith('Scan'))).toBe(false);
    // Beyond reading the caller (their grants) and what they subscribed to, every read is a COUNT.
    expect(commands.filter((c) => c.startsWith('Query') && !c.endsWith('COUNT'))).toEqual(['QueryCommand']);
  });
});
