/**
 * The hazard loop through the real handlers against DynamoDB Local and the local S3: each path of
 * the loop end to end, the reporter's identity, retries and races, bad input, and the counters.
 */
import { ulid } from 'ulid';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as listMyHazards } from '../src/handlers/listMyHazards';
import { handler as locateArea } from '../src/handlers/locateArea';
import { handler as moveHazard } from '../src/handlers/moveHazard';
import { handler as nearbyEnterprises } from '../src/handlers/nearbyEnterprises';
import { handler as reportHazard } from '../src/handlers/reportHazard';
import { handler as wechatEvents } from '../src/handlers/wechatEvents';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { deps } from '../src/deps';
import { moveHazard as moveHazardUsecase } from '../src/usecases/hazards';
import { hazardPhotoKey } from '../src/usecases/uploads';
import { pushSignature } from '../src/usecases/wechat-events';
import { M1, M2, S1, countersVersusRecount, detail, inDays, move, report, reportBody, token, uploadPhoto } from './hazard-support';
import { expectNothingWritten, invoke, setupTable, tokenFor, userById, wechat } from './support';
import { subscribe } from './notice-support';

beforeAll(async () => {
  await setupTable();
  // Those these tests expect to be told accepted the messages in the app (each acceptance allows one; notices.test.ts for the rules).
  await subscribe('owner-1', ['hazardAssigned'], 10);
  await subscribe('gw-1', ['recheckDue'], 10);
  await subscribe('pub-1', ['hazardOutcome'], 10);
});
// Each test walks a hazard through several moves over HTTP handlers: seconds on a busy 2-core machine.
jest.setTimeout(30_000);
beforeEach(() => {
  wechat.sent.length = 0;
});

const sentTo = (userId: string, templateId: string) => wechat.sent.filter((m) => m.openid === `local-openid-${userId}` && m.templateId === templateId);

describe('a public report, from the phone to closed', () => {
  it('is located to its grid, triaged, rectified, rechecked and closed, and everyone is told', async () => {
    const reported = await report('pub-1');
    expect(reported).toMatchObject({ state: 'reported', source: 'public', area: M1, areaName: '一社区第1网格1号微网格', moves: ['addNote', 'withdraw'] });
    expect(reported.photos).toHaveLength(1);

    const queue = await invoke(hazardQueue, { token: await token('gw-1') });
    expect(queue.body.groups.find((g: any) => g.kind === 'triage').hazards.map((h: any) => h.id)).toContain(reported.id);
    const seen = (await detail('gw-1', reported.id)).body.hazard;
    expect(seen.moves).toEqual(['confirm', 'merge', 'reject', 'fixOnSpot']);

    const confirmed = await move('gw-1', reported.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(7), enterpriseId: 'ent-1' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.hazard).toMatchObject({ state: 'rectifying', level: '一般', enterpriseId: 'ent-1', enterpriseName: '测试企业1', deadline: inDays(7) });
    expect(sentTo('owner-1', 'local-hazard-assigned')).toHaveLength(1);

    const ownerQueue = await invoke(hazardQueue, { token: await token('owner-1') });
    expect(ownerQueue.body.groups.find((g: any) => g.kind === 'rectify').hazards.map((h: any) => h.id)).toContain(reported.id);
    const evidence = await move('owner-1', reported.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '杂物已清理，安全出口已解锁' });
    expect(evidence.body.hazard.state).toBe('rechecking');
    expect(sentTo('gw-1', 'local-recheck-due')).toHaveLength(1);

    const closed = await move('gw-1', reported.id, { action: 'recheckPass', note: '现场复查已整改到位' });
    expect(closed.body.hazard).toMatchObject({ state: 'closed', stateLabel: '已销号', moves: [] });
    expect(closed.body.timeline.map((e: any) => e.label)).toEqual(['上报隐患', '核实确认', '提交整改材料', '复查通过']);
    expect(closed.body.timeline[2].photos).toHaveLength(1);
    expect(sentTo('pub-1', 'local-hazard-outcome')).toHaveLength(1);

    const mine = await invoke(listMyHazards, { token: await token('pub-1') });
    expect(mine.body.hazards.find((h: any) => h.id === reported.id)).toMatchObject({ state: 'closed' });
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });

  it('answers a report with what reading it returns: the hazard and its timeline', async () => {
    const res = await invoke(reportHazard, { method: 'POST', token: await token('pub-1'), body: await reportBody('pub-1') });
    expect(res.status).toBe(200);
    const read = await detail('pub-1', res.body.hazard.id);
    // Presigned photo addresses carry the second they were signed in.
    const unsigned = (body: unknown) => JSON.parse(JSON.stringify(body).replace(/\?X-Amz-[^"]*/g, ''));
    expect(unsigned(res.body)).toEqual(unsigned(read.body));
    expect(res.body.timeline).toHaveLength(1);
  });

  it('shows WeChat-flagged photos to nobody once the check result arrives signed', async () => {
    const h = await report('pub-1');
    const check = wechat.imageChecks.at(-1)!;
    const body = { Event: 'wxa_media_check', trace_id: check.traceId, result: { suggest: 'risky' } };
    const forged = await expectNothingWritten(() => invoke(wechatEvents, { method: 'POST', query: { signature: 'x'.repeat(40), timestamp: '1', nonce: '2' }, body }));
    expect(forged.status).toBe(403);
    const signed = await invoke(wechatEvents, { method: 'POST', query: { signature: pushSignature('local-push-token', '1', '2'), timestamp: '1', nonce: '2' }, body });
    expect(signed.status).toBe(200);
    const after = (await detail('sup-s1', h.id)).body;
    expect(after.hazard.photos).toEqual([]);
    expect(after.timeline[0].photos).toEqual([]);
    expect(after.hazard.thumbnail).toBeUndefined();
  });
});

describe("a worker's internal report", () => {
  it('never shows the reporter to the enterprise; supervisors see them; anonymity hides them from the gridworker', async () => {
    const h = await report('worker-1', { enterpriseId: 'ent-1', anonymous: true, description: '车间配电箱门损坏，电线裸露' });
    expect(h).toMatchObject({ source: 'worker', enterpriseId: 'ent-1', area: M1 });
    await move('gw-1', h.id, { action: 'confirm', level: '一般', category: '用电安全', deadline: inDays(3) });

    const asOwner = await detail('owner-1', h.id);
    expect(asOwner.status).toBe(200);
    const ownerText = JSON.stringify(asOwner.body);
    for (const secret of ['worker-1', '员工甲', '13812345678', '138****5678']) expect(ownerText).not.toContain(secret);
    expect(asOwner.body.hazard.reporter).toBeUndefined();
    expect(asOwner.body.timeline[0].by).toBeUndefined();
    const ownerLists = [await invoke(hazardQueue, { token: await token('owner-1') }), await invoke(listHazards, { token: await token('owner-1'), query: { enterpriseId: 'ent-1' } })];
    for (const list of ownerLists) {
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toMatch(/worker-1|员工甲|138\*\*\*\*5678/);
    }

    expect((await detail('gw-1', h.id)).body.hazard.reporter).toBeUndefined();
    expect((await detail('sup-s1', h.id)).body.hazard.reporter).toEqual({ name: '员工甲', phone: '138****5678' });
    expect((await detail('worker-1', h.id)).body.hazard.reporter).toEqual({ name: '员工甲', phone: '13812345678' });
    // Another worker of the same enterprise, or its owner's colleague, sees nothing of it.
    expect((await detail('owner-3', h.id)).status).toBe(404);
  });

  it('shows a named report to the gridworker but still not to the enterprise', async () => {
    const h = await report('worker-1', { enterpriseId: 'ent-1', anonymous: false });
    expect((await detail('gw-1', h.id)).body.hazard.reporter).toMatchObject({ name: '员工甲' });
    await move('gw-1', h.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(3) });
    expect(JSON.stringify((await detail('owner-1', h.id)).body)).not.toContain('员工甲');
  });
});

describe('major hazards and rechecks', () => {
  it('needs a plan first; a failed recheck sends it back with a new deadline', async () => {
    const h = await report('pub-1');
    await move('gw-1', h.id, { action: 'confirm', level: '重大', category: '消防安全', deadline: inDays(30), enterpriseId: 'ent-1' });
    expect((await detail('owner-1', h.id)).body.hazard).toMatchObject({ state: 'planning', moves: ['submitPlan'] });
    const early = await expectNothingWritten(() => move('owner-1', h.id, { action: 'submitEvidence', photos: [], note: '已整改' }));
    expect(early.status).toBe(400);

    const tooLate = await expectNothingWritten(() =>
      move('owner-1', h.id, { action: 'submitPlan', plan: { measures: '更换防火门', costFen: 150050, personInCharge: '李四', deadline: inDays(40), interimMeasures: '专人值守' } }),
    );
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.error.fields['move.plan.deadline']).toMatch(/不能晚于整改期限/);

    const planned = await move('owner-1', h.id, {
      action: 'submitPlan',
      plan: { measures: '更换防火门，清理通道', costFen: 150050, personInCharge: '李四', deadline: inDays(20), interimMeasures: '专人值守，设置警示' },
    });
    expect(planned.body.hazard).toMatchObject({ state: 'rectifying', plan: { costFen: 150050 } });
    expect(planned.body.timeline.at(-1).details).toContainEqual(['整改资金', '1500.50 元']);

    await move('owner-1', h.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已更换' });
    const failed = await move('gw-1', h.id, { action: 'recheckFail', reason: '防火门未安装闭门器', deadline: inDays(10) });
    expect(failed.body.hazard).toMatchObject({ state: 'rectifying', deadline: inDays(10) });
    expect(sentTo('owner-1', 'local-hazard-assigned').length).toBeGreaterThanOrEqual(2);
  });

  it('closes at once when fixed on the spot', async () => {
    const h = await report('gw-1', { description: '商铺门口灭火器过期' });
    expect(h.source).toBe('gridworker');
    const fixed = await move('gw-1', h.id, { action: 'fixOnSpot', photos: [await uploadPhoto('gw-1')], note: '已督促当场更换灭火器', category: '消防安全', enterpriseId: 'ent-2' });
    expect(fixed.body.hazard).toMatchObject({ state: 'closed', level: '一般', enterpriseId: 'ent-2' });
  });

  it('merges a duplicate and rejects a report with a reason, telling the reporters', async () => {
    const original = await report('pub-1');
    const dup = await report('pub-1');
    const merged = await move('gw-1', dup.id, { action: 'merge', duplicateOf: original.id });
    expect(merged.body.hazard).toMatchObject({ state: 'merged', duplicateOf: original.id });
    const other = await report('pub-1');
    const rejected = await move('gw-1', other.id, { action: 'reject', reason: '经现场核实，通道畅通，不属于隐患' });
    expect(rejected.body.hazard.state).toBe('rejected');
    expect(rejected.body.timeline.at(-1).note).toBe('经现场核实，通道畅通，不属于隐患');
    expect(sentTo('pub-1', 'local-hazard-outcome')).toHaveLength(2);
    const self = await expectNothingWritten(() => move('gw-1', original.id, { action: 'merge', duplicateOf: original.id }));
    expect(self.status).toBe(400);
  });
});

describe("the reporter's own moves (issue #21): 补充说明, 撤回, 申诉", () => {
  const events = async (id: string, kind: string) => (await detail('sup-s1', id)).body.timeline.filter((e: any) => e.kind === kind);

  it('adds a note with photos while open: one event for a retry, seen by officials, never naming the reporter to the enterprise', async () => {
    const h = await report('worker-1', { enterpriseId: 'ent-1', anonymous: true, description: '车间灭火器过期' });
    await move('gw-1', h.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(5) });
    const mine = (await detail('worker-1', h.id)).body.hazard;
    expect(mine.moves).toEqual(['addNote']);
    const note = { action: 'addNote', note: '今天又发现二楼也有一个过期灭火器', photos: [await uploadPhoto('worker-1')] };
    for (const [who, status] of [
      ['owner-1', 403],
      ['gw-1', 403],
      ['owner-3', 404],
      ['pub-1', 404],
    ] as const) {
      const res = await expectNothingWritten(() => move(who, h.id, note, mine.version));
      expect({ who, status: res.status }).toEqual({ who, status });
    }
    const first = await move('worker-1', h.id, note, mine.version);
    expect(first.status).toBe(200);
    expect(first.body.hazard).toMatchObject({ state: 'rectifying', version: mine.version + 1 });
    const retry = await move('worker-1', h.id, note, mine.version);
    expect(retry.status).toBe(200);
    const added = await events(h.id, 'addNote');
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ label: '补充说明', note: note.note, by: '员工甲' });
    expect(added[0].photos).toHaveLength(1);

    const asOwner = (await detail('owner-1', h.id)).body;
    const ownerNote = asOwner.timeline.find((e: any) => e.kind === 'addNote');
    expect(ownerNote).toMatchObject({ label: '补充说明', note: note.note });
    expect(ownerNote.by).toBeUndefined();
    for (const secret of ['worker-1', '员工甲', '13812345678', '138****5678']) expect(JSON.stringify(asOwner)).not.toContain(secret);
    expect((await detail('gw-1', h.id)).body.timeline.find((e: any) => e.kind === 'addNote').by).toBeUndefined();

    await move('owner-1', h.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已更换' });
    await move('gw-1', h.id, { action: 'recheckPass' });
    const closed = await expectNothingWritten(() => move('worker-1', h.id, { action: 'addNote', note: '再补充' }));
    expect(closed.status).toBe(409);
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });

  it('withdraws before verification only: closed as withdrawn, no reward, counters as a recount has them', async () => {
    const late = await report('pub-1', { enterpriseId: 'ent-1' });
    await move('gw-1', late.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(5) });
    const refused = await expectNothingWritten(() => move('pub-1', late.id, { action: 'withdraw' }));
    expect(refused.status).toBe(409);

    const h = await report('pub-1');
    const v = h.version;
    for (const [who, status] of [
      ['gw-1', 403],
      ['sup-s1', 403],
      ['worker-1', 404],
    ] as const) {
      const res = await expectNothingWritten(() => move(who, h.id, { action: 'withdraw' }, v));
      expect({ who, status: res.status }).toEqual({ who, status });
    }
    const withdrawn = await move('pub-1', h.id, { action: 'withdraw', reason: '已自行联系商户解决' }, v);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.hazard).toMatchObject({ state: 'withdrawn', stateLabel: '已撤回', moves: [] });
    expect((await move('pub-1', h.id, { action: 'withdraw', reason: '已自行联系商户解决' }, v)).status).toBe(200);
    expect(await events(h.id, 'withdraw')).toHaveLength(1);
    const queue = await invoke(hazardQueue, { token: await token('gw-1') });
    expect(JSON.stringify(queue.body)).not.toContain(h.id);
    expect((await deps().db.rewards.build(GetItemCommand).key({ id: h.id }).send()).Item).toBeUndefined();
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });

  it("appeals a rejection once, within 7 days: back in the gridworker's queue with the appeal on the timeline", async () => {
    const h = await report('pub-1');
    await move('gw-1', h.id, { action: 'reject', reason: '现场未发现' });
    const rejected = (await detail('pub-1', h.id)).body.hazard;
    expect(rejected.moves).toEqual(['appeal']);
    const appeal = { action: 'appeal', reason: '堵塞只在夜间出现，请晚上来看' };
    for (const [who, status] of [
      ['gw-1', 403],
      ['worker-1', 404],
    ] as const) {
      const res = await expectNothingWritten(() => move(who, h.id, appeal, rejected.version));
      expect({ who, status: res.status }).toEqual({ who, status });
    }
    const empty = await expectNothingWritten(() => move('pub-1', h.id, { action: 'appeal', reason: ' ' }, rejected.version));
    expect(empty.status).toBe(400);
    expect(empty.body.error.fields['move.reason']).toMatch(/申诉理由/);

    const appealed = await move('pub-1', h.id, appeal, rejected.version);
    expect(appealed.status).toBe(200);
    expect(appealed.body.hazard).toMatchObject({ state: 'reported', moves: ['addNote', 'withdraw'] });
    expect((await move('pub-1', h.id, appeal, rejected.version)).status).toBe(200);
    expect(await events(h.id, 'appeal')).toEqual([expect.objectContaining({ label: '申诉', note: appeal.reason })]);
    const queue = await invoke(hazardQueue, { token: await token('gw-1') });
    expect(queue.body.groups.find((g: any) => g.kind === 'triage').hazards.map((x: any) => x.id)).toContain(h.id);

    // Rejected again: no second appeal.
    await move('gw-1', h.id, { action: 'reject', reason: '夜间复核仍未发现' });
    const again = (await detail('pub-1', h.id)).body.hazard;
    expect(again.moves).toEqual([]);
    const second = await expectNothingWritten(() => move('pub-1', h.id, { action: 'appeal', reason: '再申诉' }, again.version));
    expect(second.status).toBe(409);
    expect(second.body.error.message).toBe('每条隐患只能申诉一次');
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });

  it('refuses an appeal more than 7 days after the rejection', async () => {
    const h = await report('pub-1');
    await move('gw-1', h.id, { action: 'reject', reason: '现场未发现' });
    const v = (await detail('pub-1', h.id)).body.hazard.version;
    const later = { ...deps(), clock: { now: () => new Date(Date.now() + 8 * 86_400_000) } };
    const actor = { userId: 'pub-1', grants: userById('pub-1').grants };
    await expect(moveHazardUsecase(later, actor, h.id, { version: v, move: { action: 'appeal', reason: '晚了' } })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('申诉期限') });
  });
});

describe('scope of moves', () => {
  it('refuses a move by someone outside the hazard, and one not allowed in its state, writing nothing', async () => {
    const h = await report('pub-1');
    const confirm = { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(5), enterpriseId: 'ent-1' };
    for (const [who, status] of [
      ['gw-2', 404],
      ['sup-s2', 404],
      ['owner-3', 404],
      ['pub-1', 403],
      ['owner-1', 404],
      ['dept-d', 403],
      ['enf-d', 403],
    ] as const) {
      const res = await expectNothingWritten(() => move(who, h.id, confirm));
      expect({ who, status: res.status }).toEqual({ who, status });
    }
    const wrongState = await expectNothingWritten(() => move('gw-1', h.id, { action: 'recheckPass' }));
    expect(wrongState.status).toBe(409);
    expect(wrongState.body.error.message).toMatch(/待核实/);
    // A gridworker cannot pull in an enterprise outside their grid.
    const foreign = await expectNothingWritten(() => move('gw-1', h.id, { ...confirm, enterpriseId: 'ent-3' }));
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.fields['move.enterpriseId']).toBeDefined();
  });
});

describe('bad input', () => {
  it('names the field in Chinese and writes nothing', async () => {
    const t = await token('pub-1');
    const cases: [Record<string, unknown>, string][] = [
      [{ description: '堵了' }, 'description'],
      [{ photos: [] }, 'photos'],
      // pub-1's own key that was never uploaded; an uploaded photo of someone else's; a key in the old per-uploader layout.
      [{ photos: [hazardPhotoKey(deps(), 'pub-1', 'jpg', '01ARZ3NDEKTSV4RRFFQ69G5FAV')] }, 'photos.0'],
      [{ photos: [await uploadPhoto('worker-1')] }, 'photos.0'],
      [{ photos: ['hazards/other/01ARZ3NDEKTSV4RRFFQ69G5FAV.jpg'] }, 'photos.0'],
      [{ category: '不存在' }, 'category'],
      [{ lng: 200 }, 'lng'],
      [{ lng: 100, lat: 30 }, 'lng'],
      [{ enterpriseId: 'nope' }, 'enterpriseId'],
      [{ description: '这里有违禁内容五个字' }, 'description'],
      [{ extra: 1 }, 'extra'],
    ];
    for (const [change, field] of cases) {
      const body = { ...(await reportBody('pub-1')), ...change };
      const res = await expectNothingWritten(() => invoke(reportHazard, { method: 'POST', token: t, body }));
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.error.fields[field]).toMatch(/[\u4e00-\u9fa5]/);
    }
    const h = await report('pub-1');
    const badDate = await expectNothingWritten(() => move('gw-1', h.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: '2026-02-30', enterpriseId: 'ent-1' }));
    expect(badDate.body.error.fields['move.deadline']).toMatch(/整改期限/);
    const past = await expectNothingWritten(() => move('gw-1', h.id, { action: 'confirm', level: '一般', category: '消防安全', deadline: '2020-01-01', enterpriseId: 'ent-1' }));
    expect(past.status).toBe(400);
    expect(past.body.error.fields['move.deadline']).toMatch(/不能早于今天/);
    const unknown = await expectNothingWritten(() => move('gw-1', h.id, { action: 'teleport' }));
    expect(unknown.status).toBe(400);
  });
});

describe('retries and races', () => {
  it('gives the same record for the same id and body, and 409 for the same id with another body', async () => {
    const t = await token('pub-1');
    const body = await reportBody('pub-1');
    const first = await invoke(reportHazard, { method: 'POST', token: t, body });
    const again = await expectNothingWritten(() => invoke(reportHazard, { method: 'POST', token: t, body }));
    expect(again.status).toBe(200);
    // The same record; its presigned photo links are signed anew each time.
    const withoutLinks = (h: any) => JSON.parse(JSON.stringify(h, (k, v) => (k === 'url' || k === 'thumbnail' ? undefined : v)));
    expect(withoutLinks(again.body.hazard)).toEqual(withoutLinks(first.body.hazard));
    const other = await expectNothingWritten(() => invoke(reportHazard, { method: 'POST', token: t, body: { ...body, description: '另一处隐患：楼道堆放电动车充电' } }));
    expect(other.status).toBe(409);
    expect(other.body.error.fields.id).toBeDefined();
  });

  it('makes one hazard of 50 concurrent identical submissions', async () => {
    const t = await token('pub-1');
    const body = await reportBody('pub-1');
    const results = await Promise.all(Array.from({ length: 50 }, () => invoke(reportHazard, { method: 'POST', token: t, body })));
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(new Set(results.map((r) => r.body.hazard.version))).toEqual(new Set([1]));
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });

  it('lets exactly one of 20 concurrent conflicting moves win; a retry of the winner answers as before', async () => {
    const h = await report('pub-1');
    const moves = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? move(i % 4 === 0 ? 'gw-1' : 'sup-s1', h.id, { action: 'confirm', level: i % 3 === 0 ? '重大' : '一般', category: '消防安全', deadline: inDays(5 + i), enterpriseId: 'ent-1' }, 1)
        : move('gw-1', h.id, { action: 'reject', reason: `第${i}次驳回` }, 1),
    );
    const results = await Promise.all(moves);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const after = (await detail('sup-s1', h.id)).body;
    expect(after.timeline).toHaveLength(2);
    expect(after.hazard.version).toBe(2);

    const winner = results.findIndex((r) => r.status === 200);
    const retry = await expectNothingWritten(() =>
      winner % 2 === 0
        ? move(winner % 4 === 0 ? 'gw-1' : 'sup-s1', h.id, { action: 'confirm', level: winner % 3 === 0 ? '重大' : '一般', category: '消防安全', deadline: inDays(5 + winner), enterpriseId: 'ent-1' }, 1)
        : move('gw-1', h.id, { action: 'reject', reason: `第${winner}次驳回` }, 1),
    );
    expect(retry.status).toBe(200);
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  });
});

describe('the daily assignment', () => {
  it('gathers the work of every grid a gridworker holds', async () => {
    const inM1 = await report('pub-1');
    const inM2 = await report('pub-1', { lng: 117.2, lat: 36.3 });
    expect(inM2.area).toBe(M2);
    const both = await tokenFor({ userId: 'gw-both', grants: [{ role: 'gridworker', area: M1 }, { role: 'gridworker', area: M2 }] });
    const queue = await invoke(hazardQueue, { token: both });
    const triage = queue.body.groups.find((g: any) => g.kind === 'triage').hazards.map((h: any) => h.id);
    expect(triage).toEqual(expect.arrayContaining([inM1.id, inM2.id]));
  });
});

describe('where a report falls', () => {
  it('locates a point to its micro-grid and lists businesses near it', async () => {
    const t = await token('pub-1');
    const here = await invoke(locateArea, { token: t, query: { lng: '117.1002', lat: '36.2003' } });
    expect(here.body).toMatchObject({ area: M1, names: ['测试区', '一街道', '一社区', '一社区第1网格', '一社区第1网格1号微网格'] });
    const far = await invoke(locateArea, { token: t, query: { lng: '110', lat: '30' } });
    expect(far.status).toBe(404);
    const near = await invoke(nearbyEnterprises, { token: t, query: { lng: '117.1', lat: '36.2', q: '测试企业2' } });
    expect(near.body.enterprises).toEqual([{ id: 'ent-2', name: '测试企业2', address: '测试路2号', distanceM: 0 }]);
    expect(JSON.stringify(near.body)).not.toContain('uscc');
  });

  it('lists hazards of an area by state for its officials only', async () => {
    const list = await invoke(listHazards, { token: await token('sup-s1'), query: { area: S1, state: 'closed' } });
    expect(list.status).toBe(200);
    expect(list.body.hazards.length).toBeGreaterThan(0);
    expect(list.body.hazards.every((h: any) => h.state === 'closed')).toBe(true);
    const outside = await invoke(listHazards, { token: await token('sup-s2'), query: { area: S1 } });
    expect(outside.status).toBe(403);
    const move409 = await invoke(moveHazard, { method: 'POST', token: await token('gw-1'), params: { id: ulid() }, body: { version: 1, move: { action: 'reject', reason: '无' } } });
    expect(move409.status).toBe(404);
  });
});
