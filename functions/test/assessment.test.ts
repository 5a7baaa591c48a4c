/**
 * Gridworker assessment (网格员考核) through its real handlers against DynamoDB Local: a
 * gridworker's metrics equal a recount from the records (checks, hazards, the timeline's rechecks,
 * overdue hazards, file histories), the district's weights move the score, weights are kept like
 * check rules (409 on a stale save, 400 naming the field), scope, the guarantee leaders against
 * the twice-a-month rule, and the level set from it.
 */
import { type CheckTemplate, DEFAULT_ASSESSMENT_WEIGHTS, isWithin, periodOf, scoreOf, templateItems } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as getAssessmentWeights } from '../src/handlers/getAssessmentWeights';
import { handler as listAssessments } from '../src/handlers/listAssessments';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as setAssessmentWeights } from '../src/handlers/setAssessmentWeights';
import { handler as setGridworkerLevel } from '../src/handlers/setGridworkerLevel';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { handler as updateEnterprise } from '../src/handlers/updateEnterprise';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { escalateOverdue } from '../src/usecases/escalation';
import { moveHazard as moveHazardUsecase } from '../src/usecases/hazards';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { checkBody } from './check-support';
import { D, M1, S1, allItems, move, seedHazard, storedReportBody, token, uploadPhoto } from './hazard-support';
import { expectNothingWritten, fixtureDistrict, invoke, setupTable, userById } from './support';

jest.setTimeout(60_000);
const DAY = 86_400_000;
const month = periodOf(new Date().toISOString());
const ask = async (as: string, query: Record<string, string>) => invoke(listAssessments, { token: await token(as), query });
const actorOf = (id: string) => ({ userId: id, grants: userById(id).grants });

let template: CheckTemplate;
beforeAll(async () => {
  const district = fixtureDistrict();
  district.enterprises[0]!.guaranteeLeaderId = 'guar-s1';
  await setupTable(district);
  const t = await invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, district: D, baseVersion: 0 } });
  expect(t.status).toBe(200);
  template = t.body.template;
  const failing = templateItems(template).find((i) => i.kind === 'passfail')!.id;
  // gw-1: two checks (one failure: a hazard found on site), one report of their own.
  for (const [enterpriseId, fail] of [['ent-1', [failing]], ['ent-2', []]] as const) {
    const res = await invoke(submitCheck, { method: 'POST', token: await token('gw-1'), body: await checkBody('gw-1', template, { enterpriseId, fail: [...fail] }) });
    expect(res.status).toBe(200);
  }
  await seedHazard('gw-1', { enterpriseId: 'ent-2' });
  // Two public reports gw-1 confirms; the first rechecked at once (on time), the second five days after its evidence (late).
  const onTime = await seedHazard('pub-1', {}, 'gw-1');
  expect((await move('owner-1', onTime.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已整改完毕' })).status).toBe(200);
  expect((await move('gw-1', onTime.id, { action: 'recheckPass', note: '复查合格' })).status).toBe(200);
  const late = await seedHazard('pub-1', {}, 'gw-1');
  const fiveDaysAgo = { ...deps(), clock: { now: () => new Date(Date.now() - 5 * DAY) } };
  await moveHazardUsecase(fiveDaysAgo, actorOf('owner-1'), late.id, { version: late.version, move: { action: 'submitEvidence', photos: (await storedReportBody('owner-1')).photos, note: '已整改完毕' } });
  expect((await move('gw-1', late.id, { action: 'recheckPass', note: '复查合格' })).status).toBe(200);
  // One more confirmed in M1, left to run past its deadline: overdue now.
  await seedHazard('pub-1', {}, 'gw-1');
  await escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + 8 * DAY) } });
  // gw-1 keeps two files (one edit, one 核实无变化); the owner's own correction is not a monthly update.
  const current = async (id: string) => (await invoke(getEnterprise, { token: await token('sup-d'), params: { id } })).body.enterprise;
  const update = async (as: string, id: string, body: Record<string, unknown>) => {
    const res = await invoke(updateEnterprise, { method: 'PUT', token: await token(as), params: { id }, body: { version: (await current(id)).version, ...body } });
    expect(res.status).toBe(200);
  };
  await update('gw-1', 'ent-2', { changes: { employees: 31 } });
  await update('gw-1', 'ent-1', { changes: {}, verified: true });
  await update('owner-1', 'ent-1', { changes: { employees: 25 } });
  // The guarantee leader checks ent-1 once this month, of the two the rule asks.
  const g = await invoke(submitCheck, { method: 'POST', token: await token('guar-s1'), body: await checkBody('guar-s1', template, { enterpriseId: 'ent-1', kind: 'guarantee' }) });
  expect(g.status).toBe(200);
}, 180_000);

/** gw-1's metrics recounted from the records themselves. */
async function recountFor(userId: string, grid: string) {
  const items = await allItems();
  const inMonth = (at: string) => periodOf(at) === month;
  const events = items.filter((i) => i._et === 'HazardEvent');
  const rechecks = events.filter((e) => (e.kind === 'recheckPass' || e.kind === 'recheckFail') && e.byId === userId && inMonth(e.at));
  const evidenceOf = (e: Record<string, any>) => events.find((x) => x.hazardId === e.hazardId && x.seq === e.seq - 1 && x.kind === 'submitEvidence')!;
  return {
    visits: items.filter((i) => i._et === 'Check' && i.inspectorId === userId && inMonth(i.submittedAt)).length,
    hazardsFound: items.filter((i) => i._et === 'Hazard' && i.reporterId === userId && ['gridworker', 'site_check'].includes(i.source) && inMonth(i.createdAt)).length,
    rechecks: rechecks.length,
    rechecksOnTime: rechecks.filter((e) => Date.parse(e.at) - Date.parse(evidenceOf(e).at) < 3 * DAY).length,
    overdue: items.filter((i) => i._et === 'Hazard' && i.overdue === true && isWithin(i.area, grid)).length,
    fileUpdates: items.filter((i) => i._et === 'EnterpriseHistory' && i.byId === userId && ['update', 'verify'].includes(i.kind) && inMonth(i.at)).length,
  };
}

describe('metrics', () => {
  it("equal a recount from the records for a gridworker, with the score and level the weights give", async () => {
    const res = await ask('sup-d', { area: D, from: month, to: month });
    expect(res.status).toBe(200);
    expect(res.body.gridworkers.map((r: { userId: string }) => r.userId).sort()).toEqual(['gw-1', 'gw-2']);
    const row = res.body.gridworkers.find((r: { userId: string }) => r.userId === 'gw-1');
    const recount = await recountFor('gw-1', M1);
    expect(row.metrics).toMatchObject(recount);
    // What was seeded, read back.
    // File updates: the edit and the 核实无变化, and each of the two checks (a check is the file's monthly update).
    expect(recount).toEqual({ visits: 2, hazardsFound: 2, rechecks: 2, rechecksOnTime: 1, overdue: expect.any(Number), fileUpdates: 4 });
    expect(recount.overdue).toBeGreaterThanOrEqual(1);
    expect(row).toMatchObject({ name: '网格员甲', level: 2, microgrids: [{ path: M1, name: '一社区第1网格1号微网格' }] });
    // ent-1 and ent-2 were both checked this period.
    expect(row.metrics).toMatchObject({ months: 1, enterprises: 2, covered: 2 });
    expect(row.coverageRate).toBe(1);
    expect(row.score).toBe(scoreOf(row.metrics, DEFAULT_ASSESSMENT_WEIGHTS));
    expect(res.body.weights).toEqual(DEFAULT_ASSESSMENT_WEIGHTS);
    // sorted by score, best first
    const scores = res.body.gridworkers.map((r: { score: number }) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('guarantee leaders: checks done against the district’s number a month for each of their enterprises', async () => {
    const res = await ask('sup-s1', { area: S1, from: month, to: month });
    expect(res.status).toBe(200);
    expect(res.body.guaranteeLeaders).toEqual([{ userId: 'guar-s1', name: '包保责任人', enterprises: 1, checksDone: 1, checksOwed: 2, shortfall: 1 }]);
    // Over three months the same leader owes six.
    const [y, m] = month.split('-').map(Number) as [number, number];
    const from = m > 2 ? `${y}-${String(m - 2).padStart(2, '0')}` : `${y - 1}-${String(m + 10).padStart(2, '0')}`;
    const quarter = await ask('sup-s1', { area: S1, from, to: month });
    expect(quarter.body.guaranteeLeaders[0]).toMatchObject({ checksDone: 1, checksOwed: 6, shortfall: 5 });
    expect(quarter.body.gridworkers[0].metrics.months).toBe(3);
  });

  it('a range of more than 12 months, or backwards, is a 400 naming the field', async () => {
    const long = await ask('sup-d', { area: D, from: '2025-01', to: '2026-12' });
    expect(long.status).toBe(400);
    expect(long.body.error.fields.from).toContain('一次最多考核12个月');
    const back = await ask('sup-d', { area: D, from: '2026-05', to: '2026-04' });
    expect(back.status).toBe(400);
    expect(back.body.error.fields.to).toContain('截止月份不能早于起始月份');
  });
});

describe('weights', () => {
  const put = async (as: string, body: Record<string, unknown>) => invoke(setAssessmentWeights, { method: 'PUT', token: await token(as), body });

  it('are the defaults until the district saves its own; a save moves the score; a stale save is a 409', async () => {
    const first = await invoke(getAssessmentWeights, { token: await token('sup-d'), query: { district: D } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ district: D, weights: DEFAULT_ASSESSMENT_WEIGHTS, version: 0 });
    const before = (await ask('sup-d', { area: D, from: month, to: month })).body.gridworkers.find((r: { userId: string }) => r.userId === 'gw-1');
    const weights = { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { visits: 0, hazards: 0, rechecks: 100, overdue: 0, updates: 0 }, recheckWithinDays: 10 };
    const saved = await put('sup-d', { district: D, weights, version: 0 });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ district: D, weights, version: 1 });
    const after = (await ask('sup-d', { area: D, from: month, to: month })).body.gridworkers.find((r: { userId: string }) => r.userId === 'gw-1');
    // Within ten days both rechecks are on time: all 100 points.
    expect(after.metrics.rechecksOnTime).toBe(2);
    expect(after.score).toBe(100);
    expect(after.score).not.toBe(before.score);
    expect(after.suggestedLevel).toBe(1);
    const stale = await expectNothingWritten(() => put('admin-d', { district: D, weights: DEFAULT_ASSESSMENT_WEIGHTS, version: 0 }));
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toContain('考核权重已被他人修改');
    const back = await put('admin-d', { district: D, weights: DEFAULT_ASSESSMENT_WEIGHTS, version: 1 });
    expect(back.status).toBe(200);
    expect(back.body.version).toBe(2);
  });

  it('that do not add up to 100 are a 400 naming the weights, and nothing is written', async () => {
    const res = await expectNothingWritten(() => put('sup-d', { district: D, weights: { ...DEFAULT_ASSESSMENT_WEIGHTS, points: { ...DEFAULT_ASSESSMENT_WEIGHTS.points, visits: 50 } }, version: 2 }));
    expect(res.status).toBe(400);
    expect(res.body.error.fields['weights.points']).toBe('各项权重：五项权重合计应为100分，请调整后保存');
  });

  it('are kept by the district’s own supervisors and admins only', async () => {
    for (const as of ['sup-s1', 'gw-1', 'admin-s1']) {
      const res = await expectNothingWritten(() => put(as, { district: D, weights: DEFAULT_ASSESSMENT_WEIGHTS, version: 2 }));
      expect([as, res.status]).toEqual([as, 403]);
    }
  });
});

describe('scope', () => {
  it('a street supervisor sees their street’s gridworkers, not another street', async () => {
    const own = await ask('sup-s1', { area: S1, from: month, to: month });
    expect(own.status).toBe(200);
    expect(own.body.gridworkers.map((r: { userId: string }) => r.userId)).toEqual(['gw-1']);
    const other = await ask('sup-s2', { area: S1, from: month, to: month });
    expect(other.status).toBe(403);
  });

  it('a gridworker sees only their own row, and no guarantee leaders', async () => {
    const own = await ask('gw-1', { area: M1, from: month, to: month });
    expect(own.status).toBe(200);
    expect(own.body.gridworkers.map((r: { userId: string }) => r.userId)).toEqual(['gw-1']);
    expect(own.body.guaranteeLeaders).toEqual([]);
    expect((await ask('gw-2', { area: M1, from: month, to: month })).status).toBe(403);
    expect((await ask('gw-1', { area: D, from: month, to: month })).status).toBe(403);
  });

  it('an unknown area is a 404', async () => {
    const res = await ask('sup-d', { area: `${D}/nowhere`, from: month, to: month });
    expect(res.status).toBe(404);
  });
});

describe('the level', () => {
  it('set from the assessment moves it', async () => {
    const row = (await ask('sup-s1', { area: S1, from: month, to: month })).body.gridworkers[0];
    const target = row.level === 3 ? 1 : 3;
    const res = await invoke(setGridworkerLevel, { method: 'PUT', token: await token('sup-s1'), params: { id: 'gw-1' }, body: { level: target } });
    expect(res.status).toBe(200);
    const again = (await ask('sup-s1', { area: S1, from: month, to: month })).body.gridworkers[0];
    expect(again.level).toBe(target);
    // The supervisor of another street may not.
    const other = await expectNothingWritten(async () => invoke(setGridworkerLevel, { method: 'PUT', token: await token('sup-s2'), params: { id: 'gw-1' }, body: { level: 2 } }));
    expect([403, 404]).toContain(other.status);
  });
});
