/**
 * Site checks through the real handlers against DynamoDB Local and the local S3: templates and
 * their versions, a check submitted once whatever the retries, its failures as hazards in the
 * same transaction, the check-in distance rule, scope, owed visits and coverage against a recount.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CheckTemplate, DEFAULT_CHECK_RULES, owesCheck, templateItems } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as checkCoverage } from '../src/handlers/checkCoverage';
import { handler as checkPdf } from '../src/handlers/checkPdf';
import { handler as enterpriseChecks } from '../src/handlers/enterpriseChecks';
import { handler as getEnterprise } from '../src/handlers/getEnterprise';
import { handler as getCheckRules } from '../src/handlers/getCheckRules';
import { handler as getHazard } from '../src/handlers/getHazard';
import { handler as listCheckTemplates } from '../src/handlers/listCheckTemplates';
import { handler as owedVisits } from '../src/handlers/owedVisits';
import { handler as publishCheckTemplate } from '../src/handlers/publishCheckTemplate';
import { handler as setCheckRules } from '../src/handlers/setCheckRules';
import { handler as submitCheck } from '../src/handlers/submitCheck';
import { queryAll } from '../src/repos/query-all';
import { getEnterprise as getEnterpriseRecord } from '../src/repos/enterprises';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DEMO_CHECKLISTS } from '../../scripts/demo/checklists';
import { D, S1, countersVersusRecount, token } from './hazard-support';
import { expectNothingWritten, invoke, setupTable } from './support';
import { checkBody } from './check-support';

let template: CheckTemplate;
beforeAll(async () => {
  await setupTable();
  const res = await invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, district: D, baseVersion: 0 } });
  expect(res.status).toBe(200);
  template = res.body.template;
}, 60_000);
jest.setTimeout(60_000);

const submit = async (as: string, body: Record<string, unknown>) => invoke(submitCheck, { method: 'POST', token: await token(as), body });

describe('templates', () => {
  it('are published by the district, read by its inspectors and owners, and keep every version', async () => {
    expect(templateItems(template).length).toBeGreaterThanOrEqual(20);
    const list = await invoke(listCheckTemplates, { token: await token('gw-1'), query: { district: D } });
    expect(list.body.templates.map((t: CheckTemplate) => t.id)).toEqual(['industry-general']);
    expect((await invoke(listCheckTemplates, { token: await token('owner-1'), query: { district: D } })).status).toBe(200);
    expect((await invoke(listCheckTemplates, { token: await token('pub-1'), query: { district: D } })).status).toBe(403);
    const street = await expectNothingWritten(async () => invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-s1'), body: { ...DEMO_CHECKLISTS[0]!, district: D, baseVersion: 0 } }));
    expect(street.status).toBe(403);
    const stale = await expectNothingWritten(async () => invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, district: D, baseVersion: 0 } }));
    expect(stale.status).toBe(409);
  });
});

describe('a check on site', () => {
  it('records the check once whatever the retries, and each failed item as a confirmed hazard of the loop', async () => {
    const body = await checkBody('gw-1', template, { fail: ['r1', 's2'], fixOnSpot: ['s2'] });
    const results = await Promise.all(Array.from({ length: 10 }, () => submit('gw-1', body)));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const check = results[0]!.body.check;
    expect(new Set(results.map((r) => r.body.check.id))).toEqual(new Set([body.id]));
    expect(check).toMatchObject({ failedCount: 2, kind: 'daily', kindLabel: '日常巡查', enterpriseName: '测试企业1', signerName: '李四' });
    expect(check.template.version).toBe(1);
    const checks = await queryAll(deps().db.table, deps().db.checks, { index: 'gsi1', partition: 'CHECKENT#ent-1' });
    expect(checks.filter((c) => c.id === body.id)).toHaveLength(1);

    const [confirmed, fixed] = await Promise.all(check.hazardIds.map(async (id: string) => (await invoke(getHazard, { token: await token('gw-1'), params: { id } })).body.hazard));
    // Filed under their section's category: 一、安全管理 has none, 二、作业场所 is 劳动防护.
    expect(confirmed).toMatchObject({ state: 'rectifying', source: 'site_check', level: '一般', enterpriseId: 'ent-1', category: '其他' });
    expect(fixed.category).toBe('劳动防护');
    expect(confirmed.description).toContain('建立全员安全生产责任制');
    expect(confirmed.description).toContain('依据：《安全生产法》第二十二条');
    expect(fixed).toMatchObject({ state: 'closed' });
    // The counters equal a recount after the check's hazards.
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);

    // The same id with another body is refused.
    const other = await expectNothingWritten(() => submit('gw-1', { ...body, summary: '另一份' }));
    expect(other.status).toBe(409);
  });

  it('keeps the version it was made on after the template changes', async () => {
    const body = await checkBody('gw-1', template);
    const next = await invoke(publishCheckTemplate, { method: 'POST', token: await token('sup-d'), body: { ...DEMO_CHECKLISTS[2]!, name: '工贸企业安全生产检查表（2026修订）', district: D, baseVersion: 1 } });
    expect(next.body.template.version).toBe(2);
    // A draft started offline on version 1 still goes in on version 1.
    const res = await submit('gw-1', body);
    expect(res.status).toBe(200);
    expect(res.body.check.template).toMatchObject({ version: 1, name: '工贸企业安全生产检查表（通用）' });
    template = next.body.template;
  });

  it('asks a reason beyond 500 m, requires the signature and the photos of failures, and names the field', async () => {
    const far = await checkBody('gw-1', template, { at: { lng: 117.12, lat: 36.2 } });
    const noReason = await expectNothingWritten(() => submit('gw-1', far));
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields).toHaveProperty(['checkIn.reason']);
    expect(noReason.body.error.message).toMatch(/米/);
    expect((await submit('gw-1', { ...far, checkIn: { ...far.checkIn, reason: '企业大门封闭，在后门签到' } })).status).toBe(200);

    const unsigned = await checkBody('gw-1', template);
    const { signatureKey: _s, ...noSignature } = unsigned;
    const r1 = await expectNothingWritten(() => submit('gw-1', noSignature));
    expect(r1.status).toBe(400);
    expect(r1.body.error.fields).toHaveProperty('signatureKey');
    const notUploaded = await expectNothingWritten(() => submit('gw-1', { ...unsigned, signatureKey: 'hazard-photos/x/none.png' }));
    expect(notUploaded.body.error.fields).toHaveProperty('signatureKey');

    const bare = await checkBody('gw-1', template, { fail: ['r1'] });
    bare.answers = bare.answers.map((a) => (a.itemId === 'r1' ? { itemId: 'r1', result: 'fail' as const, photos: [] } : a));
    const r2 = await expectNothingWritten(() => submit('gw-1', bare));
    expect(r2.status).toBe(400);
    expect(r2.body.error.fields).toMatchObject({ 'answers.0.photos': expect.any(String), 'answers.0.note': expect.any(String) });
    const missing = await checkBody('gw-1', template);
    missing.answers = missing.answers.slice(1);
    expect((await expectNothingWritten(() => submit('gw-1', missing))).body.error.fields).toHaveProperty(['answers.0.result']);
  });

  it('lets a gridworker check only in their grids, and an owner only self-check their own', async () => {
    const outside = await checkBody('gw-1', template, { enterpriseId: 'ent-3', at: { lng: 117.1, lat: 36.2 } });
    expect((await expectNothingWritten(() => submit('gw-1', outside))).status).toBe(404);
    const ownerDaily = await checkBody('owner-1', template, { kind: 'daily' });
    expect((await expectNothingWritten(() => submit('owner-1', ownerDaily))).status).toBe(404);
    const self = await checkBody('owner-1', template, { kind: 'self', fail: ['r2'] });
    const res = await submit('owner-1', self);
    expect(res.status).toBe(200);
    const hazard = (await invoke(getHazard, { token: await token('gw-1'), params: { id: res.body.check.hazardIds[0] } })).body.hazard;
    // A self-check's failure waits for the gridworker's triage.
    expect(hazard).toMatchObject({ state: 'reported', source: 'self_check' });
    expect((await invoke(enterpriseChecks, { token: await token('owner-1'), params: { id: 'ent-1' } })).body.checks.length).toBeGreaterThan(2);
    expect((await invoke(enterpriseChecks, { token: await token('owner-3'), params: { id: 'ent-1' } })).status).toBe(404);
  });

  it('prints the record as a Chinese PDF naming the enterprise and the failed item', async () => {
    const body = await checkBody('gw-1', template, { fail: ['e1'] });
    const id = (await submit('gw-1', body)).body.check.id;
    const res = await invoke(checkPdf, { token: await token('owner-1'), params: { id } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    const dir = join(__dirname, '..', '..', 'test-artifacts');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'check.pdf'), pdf);
    const text = execFileSync('pdftotext', [join(dir, 'check.pdf'), '-'], { encoding: 'utf8' }).replace(/\s/g, '');
    expect(text).toContain('测试企业1');
    expect(text).toContain('日常巡查记录');
    expect(text).toContain('不符合');
    expect((await invoke(checkPdf, { token: await token('owner-3'), params: { id } })).status).toBe(404);
  });
});

describe('owed visits and coverage', () => {
  it('lists what the gridworker owes, nearest known, and coverage equal to a recount', async () => {
    const owed = await invoke(owedVisits, { token: await token('gw-1'), query: { lng: '117.1', lat: '36.2' } });
    expect(owed.status).toBe(200);
    // ent-1 was checked this period; ent-2 (class B) was not.
    expect(owed.body.enterprises.map((e: { id: string }) => e.id)).toEqual(['ent-2']);
    expect(owed.body.enterprises[0]).toMatchObject({ period: expect.stringMatching(/^\d{4}年/), distanceM: expect.any(Number) });
    expect((await invoke(owedVisits, { token: await token('sup-s1') })).status).toBe(403);

    const cov = await invoke(checkCoverage, { token: await token('sup-s1'), query: { area: S1 } });
    expect(cov.status).toBe(200);
    // Recount from the checks themselves.
    const checks = await queryAll(deps().db.table, deps().db.checks, { index: 'gsi1', partition: 'CHECKENT#ent-1' });
    const last = checks.map((c) => c.submittedAt).sort().at(-1);
    const covered = [owesCheck('B', last, new Date(), DEFAULT_CHECK_RULES.coverage), owesCheck('B', undefined, new Date(), DEFAULT_CHECK_RULES.coverage)].filter((owes) => !owes).length;
    expect(cov.body.areas).toEqual([{ area: `${S1}/c1`, areaName: '一社区', total: 2, covered }]);
    expect(cov.body.gridworkers).toEqual([{ userId: 'gw-1', name: '网格员甲', total: 2, covered }]);
    expect(cov.body.blindSpots.map((b: { id: string }) => b.id)).toEqual(['ent-2']);
    expect((await invoke(checkCoverage, { token: await token('sup-s2'), query: { area: S1 } })).status).toBe(403);
  });
});

describe("the district's check rules", () => {
  const put = async (as: string, body: Record<string, unknown>) => invoke(setCheckRules, { method: 'PUT', token: await token(as), body });

  it('set the coverage periods, the check-in distance and the guarantee checks, and the checks follow them', async () => {
    const before = await invoke(getCheckRules, { token: await token('sup-d'), query: { district: D } });
    expect(before.body).toEqual({ district: D, rules: DEFAULT_CHECK_RULES, version: 0 });
    const rules = { ...DEFAULT_CHECK_RULES, coverage: { ...DEFAULT_CHECK_RULES.coverage, B: 6 }, checkInReasonOverM: 50 };
    const set = await put('sup-d', { district: D, rules, version: 0 });
    expect(set.status).toBe(200);
    expect(set.body.version).toBe(1);

    // ent-2 is class B: its period is now half a year.
    const owed = await invoke(owedVisits, { token: await token('gw-1') });
    expect(owed.body.enterprises.find((e: { id: string }) => e.id === 'ent-2').period).toMatch(/半年$/);
    // The phone learns the distance with the templates; the server holds to it.
    expect((await invoke(listCheckTemplates, { token: await token('gw-1'), query: { district: D } })).body.checkInReasonOverM).toBe(50);
    const near = await checkBody('gw-1', template, { at: { lng: 117.1008, lat: 36.2 } });
    const refused = await expectNothingWritten(() => submit('gw-1', near));
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('超过 50 米');
    expect(refused.body.error.fields).toHaveProperty(['checkIn.reason']);
  });

  it('are kept by the district alone, refuse a bad period naming it, and refuse a stale version', async () => {
    const { version } = (await invoke(getCheckRules, { token: await token('sup-d'), query: { district: D } })).body;
    const bad = await expectNothingWritten(() => put('sup-d', { district: D, rules: { ...DEFAULT_CHECK_RULES, coverage: { ...DEFAULT_CHECK_RULES.coverage, A: 4 } }, version }));
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields).toHaveProperty(['rules.coverage.A']);
    expect(bad.body.error.fields['rules.coverage.A']).toMatch(/个月/);
    const street = await expectNothingWritten(() => put('sup-s1', { district: D, rules: DEFAULT_CHECK_RULES, version }));
    expect(street.status).toBe(403);
    expect((await invoke(getCheckRules, { token: await token('gw-1'), query: { district: D } })).status).toBe(403);
    const stale = await expectNothingWritten(() => put('sup-d', { district: D, rules: DEFAULT_CHECK_RULES, version: version - 1 }));
    expect(stale.status).toBe(409);
    expect((await put('sup-d', { district: D, rules: DEFAULT_CHECK_RULES, version })).status).toBe(200);
  });
});

describe('a check and the enterprise file', () => {
  it('takes a repeat check of an enterprise already checked this period, and each counts as the monthly update (核实无变化)', async () => {
    const d = deps();
    // ent-2's file last verified 40 days ago: due for its monthly update.
    const stale = (await getEnterpriseRecord(d.db, 'ent-2'))!;
    await d.db.enterprises.build(PutItemCommand).item({ ...stale, verifiedAt: new Date(Date.now() - 40 * 86_400_000).toISOString() }).send();
    const file = async () => (await invoke(getEnterprise, { token: await token('gw-1'), params: { id: 'ent-2' } })).body;
    expect((await file()).enterprise.updateDue).toBe(true);

    const first = await submit('gw-1', await checkBody('gw-1', template, { enterpriseId: 'ent-2' }));
    expect(first.status).toBe(200);
    const after = await file();
    expect(after.enterprise.updateDue).toBe(false);
    expect(after.history[0]).toMatchObject({ kind: 'verify', byId: 'gw-1' });

    // A second visit the same period is a check like any other, and verifies the file again.
    const repeat = await submit('gw-1', await checkBody('gw-1', template, { enterpriseId: 'ent-2' }));
    expect(repeat.status).toBe(200);
    expect(repeat.body.check.id).not.toBe(first.body.check.id);
    const again = await file();
    expect(again.enterprise.updateDue).toBe(false);
    expect(again.enterprise.verifiedAt >= after.enterprise.verifiedAt).toBe(true);
    const mine = await invoke(enterpriseChecks, { token: await token('gw-1'), params: { id: 'ent-2' } });
    expect(JSON.stringify(mine.body)).toContain(repeat.body.check.id);
  });

  it("does not verify the file for one who may not (an owner's self-check)", async () => {
    const d = deps();
    const stale = (await getEnterpriseRecord(d.db, 'ent-1'))!;
    const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
    await d.db.enterprises.build(PutItemCommand).item({ ...stale, verifiedAt: old }).send();
    const self = await submit('owner-1', await checkBody('owner-1', template, { kind: 'self' }));
    expect(self.status).toBe(200);
    expect((await getEnterpriseRecord(d.db, 'ent-1'))!.verifiedAt).toBe(old);
  });
});
