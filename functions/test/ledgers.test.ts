/**
 * The ledgers through their real handlers against DynamoDB Local and s3rver: the
 * hazard, check, commitment and reward lists and exports — scope inside and outside, bad input
 * naming its field, cursors that walk every record once, and each workbook read back.
 */
import { DEFAULT_REWARD_RULES, shanghaiDate, type CheckTemplate } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as exportChecks } from '../src/handlers/exportChecks';
import { handler as exportCommitments } from '../src/handlers/exportCommitments';
import { handler as exportHazards } from '../src/handlers/exportHazards';
import { handler as exportRewards } from '../src/handlers/exportRewards';
import { handler as listChecks } from '../src/handlers/listChecks';
import { handler as listCommitments } from '../src/handlers/listCommitments';
import { handler as listHazards } from '../src/handlers/listHazards';
import { handler as listRewards } from '../src/handlers/listRewards';
import { readFirstSheet } from '../src/lib/xlsx';
import type { CellValue } from '../src/lib/xlsx-write';
import { bufferSource } from '../src/lib/xlsx-zip';
import { publishCheckTemplate, submitCheck } from '../src/usecases/checks';
import { reviewReward, setRewardRules } from '../src/usecases/rewards';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { checkBody } from './check-support';
import { publish, sign, signBody } from './commitment-support';
import { seedHazard } from './hazard-support';
import { actorOf, confirmedReport, newReporter } from './reward-support';
import { type Request, type Response, expectNothingWritten, fixture, invoke, setupTable, tokenFor, userById } from './support';

const { D, S1, S2, M1, M2 } = fixture.paths;
type Row = (CellValue | undefined)[];
type Handler = Parameters<typeof invoke>[0];

const as = async (id: string, req: Request = {}): Promise<Request> => ({ ...req, token: await tokenFor(userById(id)) });

async function download(url: string): Promise<{ rows: Row[]; disposition: string }> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  const rows: Row[] = [];
  for await (const r of readFirstSheet(bufferSource(Buffer.from(await res.arrayBuffer())))) rows.push(r.cells);
  return { rows, disposition: decodeURIComponent(res.headers.get('content-disposition') ?? '') };
}

/** Every item of a cursor-paged list, `limit` at a time, checking that no page repeats an item. */
async function walk<T>(handler: Handler, user: string, query: Record<string, string>, key: string, limit: number): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await invoke(handler, await as(user, { query: { ...query, limit: String(limit), ...(cursor ? { cursor } : {}) } }));
    expect(res.status).toBe(200);
    expect(res.body[key].length).toBeLessThanOrEqual(limit);
    items.push(...res.body[key]);
    cursor = res.body.cursor;
    pages++;
  } while (cursor && pages < 50);
  return { items, pages };
}

const today = shanghaiDate(new Date());
const stamp = today.replace(/-/g, '');
let template: CheckTemplate;
const checks: Record<string, string> = {};
let workerHazard = '';
let lastMonth = '';

beforeAll(async () => {
  await setupTable();
  const d = deps();
  // Hazards: a worker's anonymous report about ent-1 (M1) confirmed; a public one in M1 waiting; one about ent-3 (M2).
  workerHazard = (await seedHazard('worker-1', { enterpriseId: 'ent-1', anonymous: true }, 'gw-1')).id;
  await seedHazard('pub-1');
  await seedHazard('pub-1', { enterpriseId: 'ent-3' });
  // Checks: gw-1 at ent-1 with two failures, sup-s1's 专项 at ent-2 passing, gw-2 at ent-3 (M2).
  template = (await publishCheckTemplate(d, actorOf('sup-d'), { ...DEMO_CHECKLISTS[1]!, district: D, baseVersion: 0 })).template;
  const items = template.sections.flatMap((s) => s.items).filter((i) => i.kind === 'passfail');
  checks.failed = (await submitCheck(d, actorOf('gw-1'), await checkBody('gw-1', template, { fail: [items[0]!.id, items[1]!.id] }))).check.id;
  checks.special = (await submitCheck(d, actorOf('sup-s1'), await checkBody('sup-s1', template, { enterpriseId: 'ent-2', kind: 'special' }))).check.id;
  checks.m2 = (await submitCheck(d, actorOf('gw-2'), await checkBody('gw-2', template, { enterpriseId: 'ent-3' }))).check.id;
  // And one of last month, by gw-1 at ent-2, filed under that month.
  const earlier = new Date(Date.now() - 35 * 86_400_000);
  const old = await checkBody('gw-1', template, { enterpriseId: 'ent-2' });
  lastMonth = (await submitCheck({ ...d, clock: { now: () => earlier } }, actorOf('gw-1'), { ...old, checkIn: { ...old.checkIn, at: earlier.toISOString() } })).check.id;
  // Commitments: ent-1 (M1) and ent-3 (M2) signed this year.
  const letter = (await publish()).body.template;
  expect((await sign('ent-1', await signBody(letter))).status).toBe(200);
  expect((await sign('ent-3', await signBody(letter, 'owner-3'), 'owner-3')).status).toBe(200);
  // Rewards: no interval, so one reporter's several rewards can all be approved.
  const { version: _v, ...rules } = DEFAULT_REWARD_RULES;
  await setRewardRules(d, actorOf('sup-d'), { district: D, rules: { ...rules, minIntervalDays: 0 }, version: 0 });
}, 120_000);

describe('hazard ledger export', () => {
  it('exports every hazard listHazards gives, with Chinese headers, and never who reported', async () => {
    const listed = await walk<{ id: string; stateLabel: string }>(listHazards, 'sup-s1', { area: S1 }, 'hazards', 1);
    expect(listed.items.length).toBeGreaterThanOrEqual(2);
    const res = await invoke(exportHazards, await as('sup-s1', { method: 'POST', body: { area: S1 } }));
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(listed.items.length);
    const { rows, disposition } = await download(res.body.url);
    expect(rows[0]).toEqual(['编号', '上报时间', '来源', '类别', '等级', '状态', '是否逾期', '整改期限', '企业', '区域', '描述', '位置', '整改责任人', '整改资金（元）', '督办文书', '销号时间']);
    expect(rows).toHaveLength(listed.items.length + 1);
    expect(new Set(rows.slice(1).map((r) => r[0]))).toEqual(new Set(listed.items.map((h) => h.id)));
    const worker = rows.find((r) => r[0] === workerHazard)!;
    expect(worker.slice(2, 9)).toEqual(['员工内部报告', '用电安全', '一般', '整改中', '否', expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), '测试企业1']);
    expect(disposition).toContain(`隐患台账-${stamp}.xlsx`);
    // The reporter appears nowhere: not the worker, not the public reporter, not their phone.
    const text = JSON.stringify(rows);
    for (const secret of ['员工甲', '公众甲', 'worker-1', 'pub-1', '13812345678', '138****5678']) expect(text).not.toContain(secret);
  });

  it('takes the same filters: a state, and an enterprise for its owner', async () => {
    const reported = await invoke(exportHazards, await as('sup-d', { method: 'POST', body: { state: 'reported' } }));
    const rows = (await download(reported.body.url)).rows;
    expect(rows.length - 1).toBe(reported.body.rows);
    expect(rows.slice(1).every((r) => r[5] === '待核实')).toBe(true);
    expect(rows.slice(1).some((r) => r[9] === '二社区第1网格1号微网格')).toBe(true);

    const owner = await invoke(exportHazards, await as('owner-1', { method: 'POST', body: { enterpriseId: 'ent-1' } }));
    expect(owner.status).toBe(200);
    const listed = await invoke(listHazards, await as('owner-1', { query: { enterpriseId: 'ent-1', limit: '100' } }));
    const ownerRows = (await download(owner.body.url)).rows;
    expect(ownerRows.slice(1).map((r) => r[0]).sort()).toEqual(listed.body.hazards.map((h: { id: string }) => h.id).sort());
    expect(JSON.stringify(ownerRows)).not.toContain('员工甲');
  });

  it('refuses outside the caller’s scope and bad input, writing nothing', async () => {
    const outside = await expectNothingWritten(async () => invoke(exportHazards, await as('sup-s2', { method: 'POST', body: { area: S1 } })));
    expect(outside.status).toBe(403);
    const otherEnterprise = await expectNothingWritten(async () => invoke(exportHazards, await as('owner-1', { method: 'POST', body: { enterpriseId: 'ent-3' } })));
    expect(otherEnterprise.status).toBe(404);
    const gw = await expectNothingWritten(async () => invoke(exportHazards, await as('gw-1', { method: 'POST', body: { area: M2 } })));
    expect(gw.status).toBe(403);
    for (const user of ['pub-1', 'worker-1']) {
      expect({ user, status: (await invoke(exportHazards, await as(user, { method: 'POST', body: {} }))).status }).toEqual({ user, status: 403 });
    }
    // A district's admin oversees its hazards (read-only, like its 隐患台账): the export is theirs too.
    expect((await invoke(exportHazards, await as('admin-d', { method: 'POST', body: {} }))).status).toBe(200);
    const bad = await expectNothingWritten(async () => invoke(exportHazards, await as('sup-s1', { method: 'POST', body: { state: '整改中', cursor: 'x' } })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.state).toMatch(/^状态：/);
    expect(bad.body.error.fields).toHaveProperty('cursor');
  }, 30_000);
});

describe('check ledger', () => {
  type CheckRow = { id: string; area: string; kind: string; failedCount: number; enterpriseName: string; inspectorName: string; kindLabel: string };

  it('lists the checks of the caller’s areas this month, newest first in each area, cursor by cursor', async () => {
    const gw = await invoke(listChecks, await as('gw-1'));
    expect(gw.status).toBe(200);
    expect(gw.body.from).toBe(today.slice(0, 7));
    expect(gw.body.checks.map((c: CheckRow) => c.id).sort()).toEqual([checks.failed, checks.special].sort());
    expect(gw.body.checks.every((c: CheckRow) => c.area === M1)).toBe(true);
    expect(gw.body.checks.find((c: CheckRow) => c.id === checks.failed)).toMatchObject({ enterpriseName: '测试企业1', inspectorName: '网格员甲', kind: 'daily', kindLabel: '日常巡查', failedCount: 2, areaName: '一社区第1网格1号微网格' });

    const district = await walk<CheckRow>(listChecks, 'sup-d', {}, 'checks', 1);
    expect(district.items.map((c) => c.id).sort()).toEqual(Object.values(checks).sort());
    expect(district.pages).toBeGreaterThanOrEqual(3);
    expect((await walk<CheckRow>(listChecks, 'sup-s2', {}, 'checks', 2)).items.map((c) => c.id)).toEqual([checks.m2]);

    // Two months, one at a time: this month's first, then last month's, each once.
    const from = shanghaiDate(new Date(Date.now() - 35 * 86_400_000)).slice(0, 7);
    const months = await walk<CheckRow>(listChecks, 'gw-1', { from }, 'checks', 1);
    expect(months.items.map((c) => c.id)).toEqual([...months.items.slice(0, 2).map((c) => c.id), lastMonth]);
    expect(months.items.slice(0, 2).map((c) => c.id).sort()).toEqual([checks.failed, checks.special].sort());
    const monthOnly = await invoke(listChecks, await as('sup-d', { query: { from, to: from } }));
    expect(monthOnly.body.checks.map((c: CheckRow) => c.id)).toEqual([lastMonth]);
  });

  it('filters by kind, result, enterprise and day', async () => {
    const ids = async (query: Record<string, string>) => {
      const res = await invoke(listChecks, await as('sup-d', { query }));
      expect(res.status).toBe(200);
      return res.body.checks.map((c: CheckRow) => c.id).sort();
    };
    expect(await ids({ kind: 'special' })).toEqual([checks.special]);
    expect(await ids({ result: 'failed' })).toEqual([checks.failed]);
    expect(await ids({ result: 'passed' })).toEqual([checks.special, checks.m2].sort());
    expect(await ids({ enterpriseId: 'ent-3' })).toEqual([checks.m2]);
    expect(await ids({ from: today, to: today })).toEqual(Object.values(checks).sort());
    const earlier = shanghaiDate(new Date(Date.now() - 40 * 86_400_000));
    expect(await ids({ from: earlier, to: earlier })).toEqual([]);
    expect(await ids({ from: earlier.slice(0, 7), to: today.slice(0, 7), kind: 'special', result: 'passed', area: M1 })).toEqual([checks.special]);
  });

  it('exports the same checks with Chinese headers', async () => {
    const res = await invoke(exportChecks, await as('sup-s1', { method: 'POST', body: { area: S1 } }));
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(2);
    const { rows, disposition } = await download(res.body.url);
    expect(rows[0]).toEqual(['编号', '检查时间', '检查类型', '企业', '区域', '检查表', '检查人', '签到距离（米）', '远距离签到原因', '不符合项数', '转为隐患', '企业签字人', '检查结论']);
    expect(rows).toHaveLength(3);
    const failed = rows.find((r) => r[0] === checks.failed)!;
    expect(failed.slice(2, 4)).toEqual(['日常巡查', '测试企业1']);
    expect(failed[9]).toBe(2);
    expect(String(failed[10]).split('；')).toHaveLength(2);
    expect(disposition).toContain(`检查台账${today.slice(0, 7)}-${stamp}.xlsx`);
  });

  it('refuses outside the caller’s scope and bad input, naming the field', async () => {
    for (const [user, query, status] of [
      ['gw-1', { area: M2 }, 403],
      ['sup-s2', { area: S1 }, 403],
      ['sup-s2', { enterpriseId: 'ent-1' }, 404],
      ['sup-s1', { enterpriseId: 'ent-3', area: S1 }, 404],
      ['owner-1', {}, 403],
      ['enf-d', {}, 403],
      ['pub-1', {}, 403],
    ] as const) {
      const res = await expectNothingWritten(async () => invoke(listChecks, await as(user, { query })));
      expect({ user, query, status: res.status }).toEqual({ user, query, status });
      const file = await expectNothingWritten(async () => invoke(exportChecks, await as(user, { method: 'POST', body: query })));
      expect({ user, query, status: file.status }).toEqual({ user, query, status });
    }
    const field = async (query: Record<string, string>) => {
      const res = await invoke(listChecks, await as('sup-d', { query }));
      expect(res.status).toBe(400);
      return res.body.error.fields;
    };
    expect((await field({ from: '2026-13' })).from).toMatch(/^起始：/);
    expect((await field({ from: '2026-02-30' })).from).toMatch(/^起始：/);
    expect((await field({ from: '2026-11', to: '2026-10-31' })).to).toMatch(/^截止：/);
    expect((await field({ from: '2023-01', to: '2026-11' })).from).toContain('24');
    expect((await field({ kind: 'weekly' })).kind).toMatch(/^检查类型：/);
    expect((await field({ result: 'ok' })).result).toMatch(/^检查结果：/);
    const bad = await expectNothingWritten(async () => invoke(exportChecks, await as('sup-d', { method: 'POST', body: { to: '2026' } })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.to).toMatch(/^截止：/);
  }, 60_000);
});

describe('commitment ledger', () => {
  type Signed = { enterpriseId: string; enterpriseName: string; signerName: string; colour: string; hazardCount: number; hash: string };

  it('lists the letters signed in the caller’s areas this year, cursor by cursor', async () => {
    const all = await walk<Signed>(listCommitments, 'sup-d', {}, 'commitments', 1);
    expect(all.items.map((c) => c.enterpriseId).sort()).toEqual(['ent-1', 'ent-3']);
    expect(all.items[0]).toMatchObject({ enterpriseName: expect.stringMatching(/^测试企业/), hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const s1 = await invoke(listCommitments, await as('sup-s1'));
    expect(s1.body.year).toBe(Number(today.slice(0, 4)));
    expect(s1.body.commitments.map((c: Signed) => c.enterpriseId)).toEqual(['ent-1']);
    expect((await invoke(listCommitments, await as('gw-2'))).body.commitments.map((c: Signed) => c.enterpriseId)).toEqual(['ent-3']);
    expect((await invoke(listCommitments, await as('sup-d', { query: { industry: '商贸' } }))).body.commitments).toEqual([]);
    expect((await invoke(listCommitments, await as('sup-d', { query: { year: String(Number(today.slice(0, 4)) - 1) } }))).body.commitments).toEqual([]);
  });

  it('exports the same letters with Chinese headers', async () => {
    const res = await invoke(exportCommitments, await as('dept-d', { method: 'POST', body: {} }));
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(2);
    const { rows, disposition } = await download(res.body.url);
    expect(rows[0]).toEqual(['企业', '行业', '区域', '年度', '承诺书', '颜色', '版本', '签署人', '签署时间', '自查不符合项', '承诺书编号', '校验码（SHA-256）']);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual(['测试企业1', '测试企业3']);
    expect(rows.slice(1).every((r) => /^[0-9a-f]{64}$/.test(String(r[11])))).toBe(true);
    expect(disposition).toContain(`承诺书台账${today.slice(0, 4)}年度-${stamp}.xlsx`);
  });

  it('refuses outside the caller’s scope and bad input, naming the field', async () => {
    for (const [user, query] of [
      ['sup-s2', { area: S1 }],
      ['gw-1', { area: M2 }],
      ['owner-1', {}],
      ['enf-d', {}],
      ['guar-s1', {}],
    ] as const) {
      expect({ user, status: (await expectNothingWritten(async () => invoke(listCommitments, await as(user, { query })))).status }).toEqual({ user, status: 403 });
      expect({ user, status: (await expectNothingWritten(async () => invoke(exportCommitments, await as(user, { method: 'POST', body: query })))).status }).toEqual({ user, status: 403 });
    }
    const bad = await invoke(listCommitments, await as('sup-d', { query: { year: '1999', industry: '飞机' } }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.year).toMatch(/^年度：/);
    expect(bad.body.error.fields.industry).toMatch(/^行业：/);
  }, 60_000);
});

describe('reward ledger export', () => {
  type RewardRow = { id: string; proposedFen: number; amountFen?: number; reporterPhone?: string };

  it('exports what listRewards gives, phones masked, with a total that matches the records to the fen', async () => {
    const reporter = await newReporter('worker');
    const ids = [await confirmedReport(reporter), await confirmedReport(reporter, { level: '重大' }), await confirmedReport(reporter)];
    await reviewReward(deps(), actorOf('sup-s1'), ids[0]!, { action: 'approve', amountFen: 12_345, reason: '按实际情况核定', version: 1 });
    await reviewReward(deps(), actorOf('sup-s1'), ids[2]!, { action: 'approve', amountFen: 67, reason: '按实际情况核定', version: 1 });
    const listed = await walk<RewardRow>(listRewards, 'sup-s1', { area: S1 }, 'rewards', 2);
    const res = await invoke(exportRewards, await as('sup-s1', { method: 'POST', body: { area: S1 } }));
    expect(res.status).toBe(200);
    expect(res.body.rows).toBe(listed.items.length);
    const { rows, disposition } = await download(res.body.url);
    expect(rows[0]).toEqual(['奖励编号', '举报时间', '所属区域', '涉及企业', '来源', '隐患等级', '隐患描述', '举报人', '联系电话', '状态', '建议金额（元）', '核定金额（元）', '发放方式', '凭证号/转账单号', '发放时间', '说明']);
    expect(rows).toHaveLength(listed.items.length + 2);
    const data = rows.slice(1, -1);
    expect(new Set(data.map((r) => r[0]))).toEqual(new Set(listed.items.map((r) => r.id)));
    expect(data.find((r) => r[0] === ids[0])!.slice(7, 12)).toEqual(['举报人1', '137****5678', '待发放', expect.any(Number), 123.45]);
    expect(data.find((r) => r[0] === ids[2])![11]).toBe(0.67);
    expect(JSON.stringify(rows)).not.toContain('13712345678');
    const total = rows.at(-1)!;
    expect(total.slice(0, 2)).toEqual(['合计', `${listed.items.length} 笔`]);
    const fen = (cell: CellValue | undefined) => Math.round(Number(cell) * 100);
    expect(fen(total[10])).toBe(listed.items.reduce((n, r) => n + r.proposedFen, 0));
    expect(fen(total[11])).toBe(listed.items.reduce((n, r) => n + (r.amountFen ?? 0), 0));
    expect(fen(total[11])).toBe(data.reduce((n, r) => n + (r[11] === undefined ? 0 : fen(r[11])), 0));
    expect(disposition).toContain(`隐患举报奖励台账-${stamp}.xlsx`);

    const approved = await invoke(exportRewards, await as('sup-d', { method: 'POST', body: { state: 'approved' } }));
    const approvedRows = (await download(approved.body.url)).rows;
    expect(approvedRows.slice(1, -1).map((r) => r[0]).sort()).toEqual([ids[0], ids[2]].sort());
    expect(fen(approvedRows.at(-1)![11])).toBe(12_412);
  }, 60_000);

  it('is for the area’s supervisors only, and names a bad field', async () => {
    for (const [user, body, status] of [
      ['sup-s2', { area: S1 }, 403],
      ['gw-1', {}, 403],
      ['admin-d', {}, 403],
      ['dept-d', {}, 403],
      ['pub-1', {}, 403],
    ] as const) {
      const res: Response = await expectNothingWritten(async () => invoke(exportRewards, await as(user, { method: 'POST', body })));
      expect({ user, status: res.status }).toEqual({ user, status });
    }
    const bad = await expectNothingWritten(async () => invoke(exportRewards, await as('sup-s1', { method: 'POST', body: { state: 'gone' } })));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.state).toMatch(/^状态：/);
    expect((await invoke(exportRewards, await as('sup-s2', { method: 'POST', body: { area: S2 } }))).status).toBe(200);
  }, 30_000);
});
