/**
 * The monthly bulletin (月通报) through its real handlers against DynamoDB Local and the local S3:
 * its figures are the dashboard's, its overdue and refused lists name the right hazards and
 * enterprises, scope, publishing once under concurrent taps, a published one is immutable, the
 * schedule is idempotent, publishing goes down to the gridworker, and the PDF and .xlsx read back.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Actor, bulletinId, periodOf } from '@safegrid/shared';
import { deps, overrideDeps } from '../src/deps';
import { handler as bulletinFiles } from '../src/handlers/bulletinFiles';
import { handler as dashboard } from '../src/handlers/dashboard';
import { handler as generateBulletin } from '../src/handlers/generateBulletin';
import { handler as getBulletin } from '../src/handlers/getBulletin';
import { handler as listBulletins } from '../src/handlers/listBulletins';
import { handler as publishBulletin } from '../src/handlers/publishBulletin';
import { readFirstSheet } from '../src/lib/xlsx';
import { monthlyBulletins } from '../src/usecases/bulletins';
import { escalateOverdue } from '../src/usecases/escalation';
import { D, M1, S1, S2, allItems, detail, inDays, move, seedHazard } from './hazard-support';
import { expectNothingWritten, invoke, setupTable, userById } from './support';

jest.setTimeout(90_000);

const DAY = 86_400_000;
/** The bulletin is generated 20 days from now, when the seeded hazards have run out. */
const LATER = () => new Date(Date.now() + 20 * DAY);
const month = periodOf(new Date());
/** A token valid at the shifted clock. */
const token = async (id: string) => {
  const u = userById(id);
  return (await deps().tokens.issue({ userId: u.id, grants: u.grants } as Actor, deps().clock.now())).token;
};
const generate = async (as: string, body: Record<string, unknown>) => invoke(generateBulletin, { method: 'POST', token: await token(as), body });
const get = async (as: string, id: string) => invoke(getBulletin, { token: await token(as), params: { id } });
const list = async (as: string, query: Record<string, string>) => invoke(listBulletins, { token: await token(as), query });
const publish = async (as: string, id: string) => invoke(publishBulletin, { method: 'POST', token: await token(as), params: { id } });
const files = async (as: string, id: string) => invoke(bulletinFiles, { token: await token(as), params: { id } });
const bulletinItems = async () => (await allItems()).filter((i) => String(i.pk).startsWith('BUL#'));

let enforced: string; // ent-1's hazard, escalated to an enforcement clue
let lettered: string; // ent-2's hazard, still overdue after its letters
let calm: string; // ent-3's hazard (S2), within its deadline

beforeAll(async () => {
  await setupTable();
  const sweepAt = (days: number) => escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + days * DAY) } });
  enforced = (await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1')).id;
  const h = await seedHazard('pub-1', { enterpriseId: 'ent-2' });
  expect((await move('gw-1', h.id, { action: 'confirm', level: '重大', category: '消防安全', deadline: inDays(12) })).status).toBe(200);
  lettered = h.id;
  calm = (await seedHazard('pub-1', { enterpriseId: 'ent-3' })).id;
  expect((await move('gw-2', calm, { action: 'confirm', level: '一般', category: '消防安全', deadline: inDays(40) })).status).toBe(200);
  // Each step waits its interval after the one before (5 days with the default steps).
  await sweepAt(9);
  await sweepAt(14);
  await sweepAt(19);
  const [a, b] = await Promise.all([detail('sup-d', enforced), detail('sup-d', lettered)]);
  expect(a.body.hazard.state).toBe('enforcing');
  expect(b.body.hazard).toMatchObject({ overdue: true, letters: expect.arrayContaining([expect.objectContaining({ kind: 'risk_letter' })]) });
  overrideDeps({ clock: { now: LATER } });
}, 120_000);

describe('generating', () => {
  it("takes the dashboard's figures and ranking for the area and month, and names the overdue and the refusing", async () => {
    const res = await generate('sup-s1', { area: S1, month });
    expect(res.status).toBe(200);
    const b = res.body.bulletin;
    expect(b).toMatchObject({ id: bulletinId(S1, month), area: S1, areaName: '一街道', month, state: 'draft', stateLabel: '草稿', version: 1, generatedBy: 'sup-s1', generatedByName: '街道监管甲' });
    expect(res.body.canPublish).toBe(true);

    const board = await invoke(dashboard, { token: await token('sup-s1'), query: { area: S1, from: month, to: month } });
    expect(board.status).toBe(200);
    const { children, ...top } = board.body.areas[0];
    expect(b.figures).toEqual({ ...top, children });
    expect(b.figures.flow.confirmed).toBe(2);

    // Overdue: ent-2's hazard (ent-1's moved on to enforcement; S2's is not in S1).
    expect(b.overdue.map((o: { hazardId: string }) => o.hazardId)).toEqual([lettered]);
    expect(b.overdueTotal).toBe(1);
    expect(b.overdue[0]).toMatchObject({ enterpriseName: '测试企业2', area: M1, areaName: '一社区第1网格1号微网格', level: '重大', deadline: inDays(12) });
    expect(b.overdue[0].daysOverdue).toBeGreaterThanOrEqual(7);
    expect(b.overdue[0].latestLetter).toMatchObject({ kindLabel: expect.stringMatching(/风险提醒函|工作督办函/), number: expect.stringContaining('测试区安委办') });

    // Refused: ent-1 (enforcement clue) and ent-2 (still overdue after a letter); never ent-3.
    const refused = Object.fromEntries(b.refused.map((r: { enterpriseName: string; happened: string[]; hazardIds: string[] }) => [r.enterpriseName, r]));
    expect(Object.keys(refused).sort()).toEqual(['测试企业1', '测试企业2']);
    expect(refused['测试企业1']).toMatchObject({ hazardIds: [enforced], happened: [expect.stringContaining('已移交执法')] });
    expect(refused['测试企业2']).toMatchObject({ hazardIds: [lettered], happened: [expect.stringMatching(/^收到.+后仍逾期未整改，逾期\d+天$/)] });
    expect(b.refusedCount).toBe(2);

    // The district's bulletin ranks both streets as the dashboard does.
    const district = await generate('sup-d', { area: D, month });
    expect(district.status).toBe(200);
    expect(district.body.bulletin.figures.children.map((c: { area: string }) => c.area).sort()).toEqual([S1, S2]);
    expect(district.body.bulletin.refused.map((r: { enterpriseName: string }) => r.enterpriseName).sort()).toEqual(['测试企业1', '测试企业2']);
    expect(district.body.bulletin.overdue.map((o: { hazardId: string }) => o.hazardId)).toEqual([lettered]);
    expect(JSON.stringify(district.body.bulletin)).not.toContain(calm);
  });

  it('refuses another street, a later month and a bad body, writing nothing', async () => {
    const other = await expectNothingWritten(() => generate('sup-s2', { area: S1, month }));
    expect(other.status).toBe(403);
    expect((await get('sup-s2', bulletinId(S1, month))).status).toBe(404);
    expect((await list('sup-s2', { area: S1 })).status).toBe(403);
    const gw = await expectNothingWritten(() => generate('gw-1', { area: S1, month }));
    expect(gw.status).toBe(403);
    const later = await expectNothingWritten(() => generate('sup-s1', { area: S1, month: '2099-12' }));
    expect(later.status).toBe(400);
    expect(later.body.error.fields.month).toBeDefined();
    const bad = await expectNothingWritten(() => generate('sup-s1', { area: S1, month: '2026-13' }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('月份');
  });

  it('replaces a draft (a new version, new files) but refuses a published one with 409', async () => {
    const first = await generate('sup-s2', { area: S2, month });
    const v = first.body.bulletin.version;
    const firstFiles = await files('sup-s2', first.body.bulletin.id);
    expect(firstFiles.status).toBe(200);
    const again = await generate('sup-s2', { area: S2, month });
    expect(again.status).toBe(200);
    expect(again.body.bulletin.version).toBe(v + 1);
    const againFiles = await files('sup-s2', first.body.bulletin.id);
    expect(againFiles.body.pdfUrl).toContain(`v${v + 1}.pdf`);
    expect(againFiles.body.pdfUrl).not.toEqual(firstFiles.body.pdfUrl);
    expect(await deps().storage.size(`bulletins/${S2}/${month}/v${v + 1}.xlsx`)).toBeGreaterThan(0);
    expect((await bulletinItems()).filter((i) => i.pk === `BUL#${S2}`)).toHaveLength(1);

    expect((await publish('sup-s2', first.body.bulletin.id)).status).toBe(200);
    const refused = await expectNothingWritten(() => generate('sup-s2', { area: S2, month }));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('已发布');
  });
});

describe('publishing', () => {
  it('publishes once under 10 concurrent taps; every tap answers the same record', async () => {
    const id = bulletinId(S1, month);
    const answers = await Promise.all(Array.from({ length: 10 }, () => publish('sup-s1', id)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    const published = answers.map((a) => a.body.bulletin);
    expect(new Set(published.map((p) => `${p.state}|${p.publishedAt}|${p.version}`)).size).toBe(1);
    expect(published[0]).toMatchObject({ state: 'published', stateLabel: '已发布', publishedBy: 'sup-s1', publishedByName: '街道监管甲' });
    const items = (await bulletinItems()).filter((i) => i.pk === `BUL#${S1}` && i.sk === month);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ state: 'published', publishedAt: published[0].publishedAt, version: 1 });
    // A gridworker may not publish; a retry by the keeper still answers the record.
    expect((await expectNothingWritten(() => publish('gw-1', id))).status).toBe(403);
    expect((await publish('sup-s1', id)).body.bulletin.publishedAt).toBe(published[0].publishedAt);
  });
});

describe('the monthly schedule', () => {
  it("drafts last month's bulletin for the district and each street, once however often it runs", async () => {
    const at = { ...deps(), clock: { now: () => new Date('2025-03-01T01:00:00Z') } };
    const [a, b] = await Promise.all([monthlyBulletins(at), monthlyBulletins(at)]);
    expect(a.month).toBe('2025-02');
    expect(a.drafted + b.drafted).toBe(3);
    expect(a.failed + b.failed).toBe(0);
    const c = await monthlyBulletins(at);
    expect(c).toMatchObject({ drafted: 0, existing: 3 });
    const items = (await bulletinItems()).filter((i) => i.sk === '2025-02');
    expect(items.map((i) => i.pk).sort()).toEqual([`BUL#${D}`, `BUL#${S1}`, `BUL#${S2}`]);
    expect(items.every((i) => i.state === 'draft' && i.version === 1 && i.generatedBy === 'schedule')).toBe(true);
  });
});

describe('reading', () => {
  it("a community gridworker sees the street's published bulletin, never a draft, never another street's", async () => {
    const seen = await list('gw-1', { area: S1 });
    expect(seen.status).toBe(200);
    expect(seen.body.bulletins.map((x: { month: string }) => x.month)).toEqual([month]);
    expect(seen.body.canGenerate).toBe(false);
    expect((await get('gw-1', bulletinId(S1, month))).body.bulletin).toMatchObject({ state: 'published', refusedCount: 2 });
    expect((await get('gw-1', bulletinId(S1, '2025-02'))).status).toBe(404);
    expect((await get('gw-1', bulletinId(D, month))).status).toBe(404); // the district's is still a draft
    expect((await list('gw-1', { area: S2 })).status).toBe(403);
    expect((await get('gw-1', bulletinId(S2, month))).status).toBe(404);
    // The street's supervisor sees its drafts too, newest month first, one page at a time.
    const keeper = await list('sup-s1', { area: S1, limit: '1' });
    expect(keeper.body.bulletins.map((x: { month: string }) => x.month)).toEqual([month]);
    expect(keeper.body.canGenerate).toBe(true);
    const next = await list('sup-s1', { area: S1, limit: '1', cursor: keeper.body.cursor });
    expect(next.body.bulletins.map((x: { month: string; state: string }) => [x.month, x.state])).toEqual([['2025-02', 'draft']]);
    // Department and enforcement of the district read the street's published one.
    expect((await get('dept-d', bulletinId(S1, month))).status).toBe(200);
    expect((await get('enf-d', bulletinId(S1, month))).status).toBe(200);
  });

  it('the PDF reads back in Chinese with the title, the overdue enterprise and page numbers; the .xlsx has the figures', async () => {
    const res = await files('gw-1', bulletinId(S1, month));
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await (await fetch(res.body.pdfUrl)).arrayBuffer());
    expect(pdf.length).toBeLessThan(200 * 1024);
    const dir = mkdtempSync(join(tmpdir(), 'safegrid-bulletin-'));
    writeFileSync(join(dir, 'b.pdf'), pdf);
    const text = execFileSync('pdftotext', [join(dir, 'b.pdf'), '-'], { encoding: 'utf8' }).replace(/\s/g, '');
    for (const s of ['一街道安全生产网格化监管月通报', '月通报', '测试企业2', '测试企业1', '下级区域排名', '一社区', '第1页/共']) expect(text).toContain(s);
    expect(text).toContain(`${month.slice(0, 4)}年${Number(month.slice(5))}月`);

    const src = await deps().storage.source(`bulletins/${S1}/${month}/v1.xlsx`);
    const rows: string[][] = [];
    for await (const r of readFirstSheet(src!)) rows.push(r.cells.map((c) => String(c ?? '')));
    expect(rows[0]).toEqual(['指标', '数值']);
    const b = (await get('gw-1', bulletinId(S1, month))).body.bulletin;
    expect(rows).toContainEqual(['本月上报隐患', String(b.figures.flow.reported)]);
    expect(rows).toContainEqual(['当前逾期隐患', String(b.figures.stock.overdue)]);
  });
});
