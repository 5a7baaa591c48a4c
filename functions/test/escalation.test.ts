/**
 * Overdue hazards: the sweep's letters, numbers and enforcement clues, the officer's outcome, and
 * the district's own steps — against DynamoDB Local, with the sweep's clock moved forward.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler as getLetterPdf } from '../src/handlers/getLetterPdf';
import { handler as hazardQueue } from '../src/handlers/hazardQueue';
import { handler as setEscalationRules } from '../src/handlers/setEscalationRules';
import { handler as getEscalationRules } from '../src/handlers/getEscalationRules';
import { deps } from '../src/deps';
import { DEFAULT_ESCALATION, dueAt } from '@safegrid/shared';
import { escalateOverdue } from '../src/usecases/escalation';
import { countersVersusRecount, D, detail, inDays, move, seedHazard, token } from './hazard-support';
import { expectNothingWritten, invoke, setupTable, wechat } from './support';
import { subscribe } from './notice-support';

beforeAll(async () => {
  await setupTable();
  // ent-1's owner accepted the hazard messages in the app (one message each; notices.test.ts for the rules).
  await subscribe('owner-1', ['hazardAssigned'], 10);
});

const DAY = 86_400_000;
/** The sweep as the schedule runs it, `days` from now. */
const sweepAt = (days: number) => escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + days * DAY) } });

describe('the overdue sweep', () => {
  it('issues a risk reminder letter, then a supervision letter, then an enforcement clue, each once', async () => {
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
    expect(h.deadline).toBe(inDays(7));
    expect(await sweepAt(7)).toEqual({ risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 });

    wechat.sent.length = 0;
    expect((await sweepAt(9)).risk_letter).toBe(1);
    expect(await sweepAt(9)).toEqual({ risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 });
    let seen = (await detail('owner-1', h.id)).body.hazard;
    expect(seen).toMatchObject({ state: 'rectifying', overdue: true, escalation: 1 });
    expect(seen.letters).toEqual([expect.objectContaining({ kind: 'risk_letter', label: '风险提醒函', number: `测试区安委办风险提醒〔${inDays(9).slice(0, 4)}〕1号` })]);
    expect(wechat.sent.filter((m) => m.openid === 'local-openid-owner-1')).toHaveLength(1);
    const queue = await invoke(hazardQueue, { token: await token('gw-1') });
    expect(queue.body.groups.find((g: any) => g.kind === 'overdue').hazards.map((x: any) => x.id)).toContain(h.id);

    // Each step waits its own interval after the one before: the 提醒函 went out on day 9, so the
    // 督办函 (5 days after the deadline, day 12) waits until day 14, and the clue (day 17) until day 19.
    expect(await sweepAt(13)).toEqual({ risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 });
    expect((await sweepAt(14)).supervision_letter).toBe(1);
    expect(await sweepAt(18)).toEqual({ risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 });
    expect((await sweepAt(19)).enforcement_clue).toBe(1);
    seen = (await detail('enf-d', h.id)).body.hazard;
    expect(seen).toMatchObject({ state: 'enforcing', escalation: 3, moves: ['enforce'] });
    expect(seen.letters.map((l: any) => l.kind)).toEqual(['risk_letter', 'supervision_letter']);
    const clues = await invoke(hazardQueue, { token: await token('enf-d') });
    expect(clues.body.groups.find((g: any) => g.kind === 'enforce').hazards.map((x: any) => x.id)).toContain(h.id);

    const timeline = (await detail('sup-d', h.id)).body.timeline;
    expect(timeline.map((e: any) => e.label)).toEqual(['上报隐患', '核实确认', '逾期升级：风险提醒函', '逾期升级：工作督办函', '逾期升级：执法线索']);
    expect(timeline[2]).toMatchObject({ by: '系统', details: expect.arrayContaining([['逾期天数', '1 天']]) });

    const noDeadline = await expectNothingWritten(() => move('enf-d', h.id, { action: 'enforce', outcome: '责令整改', documentNo: '测应急责改〔2026〕3号', then: 'rectify' }));
    expect(noDeadline.body.error.fields['move.deadline']).toBeDefined();
    const back = await move('enf-d', h.id, { action: 'enforce', outcome: '责令整改', documentNo: '测应急责改〔2026〕3号', then: 'rectify', deadline: inDays(10) });
    expect(back.body.hazard).toMatchObject({ state: 'rectifying', escalation: 0, overdue: false, deadline: inDays(10) });
    expect(back.body.timeline.at(-1).details).toContainEqual(['文书编号', '测应急责改〔2026〕3号']);

    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  }, 30_000);

  it('numbers letters without gaps or repeats when sweeps run at once', async () => {
    const hazards = await Promise.all(Array.from({ length: 6 }, () => seedHazard('pub-1', { enterpriseId: 'ent-2' }, 'gw-1')));
    await Promise.all([sweepAt(8), sweepAt(8), sweepAt(8)]);
    const numbers: string[] = [];
    for (const h of hazards) {
      const seen = (await detail('sup-d', h.id)).body.hazard;
      expect(seen.letters).toHaveLength(1);
      numbers.push(seen.letters[0].number);
    }
    const seqs = numbers.map((n) => Number(/〕(\d+)号$/.exec(n)![1])).sort((a, b) => a - b);
    // The first test issued number 1 of this year's risk letters.
    expect(seqs).toEqual([2, 3, 4, 5, 6, 7]);
  }, 30_000);

  it("follows the district's own steps", async () => {
    const t = await token('sup-d');
    const current = await invoke(getEscalationRules, { token: t, query: { district: D } });
    expect(current.body).toMatchObject({ version: 0, steps: [{ kind: 'risk_letter' }, { kind: 'supervision_letter' }, { kind: 'enforcement_clue' }] });
    const bad = await expectNothingWritten(() =>
      invoke(setEscalationRules, { method: 'PUT', token: t, body: { district: D, version: 0, steps: [{ kind: 'enforcement_clue', daysOverdue: 3 }, { kind: 'risk_letter', daysOverdue: 1 }] } }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.fields.steps).toMatch(/顺序/);
    const set = await invoke(setEscalationRules, { method: 'PUT', token: t, body: { district: D, version: 0, steps: [{ kind: 'enforcement_clue', daysOverdue: 2 }] } });
    expect(set.body.version).toBe(1);
    const stale = await expectNothingWritten(() =>
      invoke(setEscalationRules, { method: 'PUT', token: t, body: { district: D, version: 0, steps: [{ kind: 'risk_letter', daysOverdue: 2 }] } }),
    );
    expect(stale.status).toBe(409);

    const h = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
    expect((await sweepAt(9)).enforcement_clue).toBe(0);
    expect((await sweepAt(10)).enforcement_clue).toBe(1);
    expect((await detail('sup-d', h.id)).body.hazard).toMatchObject({ state: 'enforcing', letters: [] });
    const closed = await move('enf-d', h.id, { action: 'enforce', outcome: '处罚', documentNo: '测应急罚〔2026〕8号', then: 'close', note: '罚款并督促整改完毕' });
    expect(closed.body.hazard.state).toBe('closed');
  });
});

describe('letters as PDF', () => {
  it('renders the letter once and hands out a download link to those who may read it', async () => {
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-3', lng: 117.2, lat: 36.3 }, 'gw-2');
    await invoke(setEscalationRules, { method: 'PUT', token: await token('sup-d'), body: { district: D, version: 1, steps: [{ kind: 'risk_letter', daysOverdue: 0 }] } });
    await sweepAt(8);
    const letter = (await detail('owner-3', h.id)).body.hazard.letters[0];
    const res = await invoke(getLetterPdf, { token: await token('owner-3'), params: { id: letter.id } });
    expect(res.status).toBe(200);
    const pdf = Buffer.from(await (await fetch(res.body.url)).arrayBuffer());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const file = join(mkdtempSync(join(tmpdir(), 'letter-')), 'letter.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
    for (const s of ['风险提醒函', letter.number, '测试企业3', '测试区安全生产委员会办公室']) expect(text).toContain(s);
    const supervisor = await token('sup-d');
    const again = await expectNothingWritten(() => invoke(getLetterPdf, { token: supervisor, params: { id: letter.id } }));
    expect(again.status).toBe(200);
    expect((await invoke(getLetterPdf, { token: await token('owner-1'), params: { id: letter.id } })).status).toBe(404);
    expect((await invoke(getLetterPdf, { token: await token('pub-1'), params: { id: letter.id } })).status).toBe(404);
  });
});

describe('a sweep catching up (issue #21)', () => {
  const HOUR = 1 / 24;
  /** The steps a hazard has taken (other tests' hazards share the table, so the sweep's totals say little). */
  const taken = async (id: string) => (await detail('sup-d', id)).body.hazard.escalation as number;
  const stepsTo = async (steps: unknown[]) => {
    const t = await token('sup-d');
    const { version } = (await invoke(getEscalationRules, { token: t, query: { district: D } })).body;
    expect((await invoke(setEscalationRules, { method: 'PUT', token: t, body: { district: D, version, steps } })).status).toBe(200);
  };

  it('takes only the first step of a hazard found 20 days overdue; the next ones follow at their intervals', async () => {
    await stepsTo(DEFAULT_ESCALATION);
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-2' }, 'gw-1');
    expect(h.deadline).toBe(inDays(7));
    // Deadline day 7: all three steps (0, 5, 10 days overdue) fell due long before day 27. Three sweeps
    // in the same minute (a retried schedule): the losers of the race re-read the hazard and, before,
    // took the next step each — 风险提醒函, 工作督办函 and 执法线索 at once.
    await Promise.all([sweepAt(27), sweepAt(27), sweepAt(27)]);
    expect(await taken(h.id)).toBe(1);
    // The hourly sweeps after it take nothing, though the 督办函 was due on day 12 …
    await sweepAt(27 + HOUR);
    await sweepAt(31.9);
    expect(await taken(h.id)).toBe(1);
    // … until 5 days (its interval: 5 − 0) after the 提醒函; the clue 5 days (10 − 5) after that.
    await sweepAt(32 + HOUR);
    expect(await taken(h.id)).toBe(2);
    await sweepAt(36.9 + HOUR);
    expect(await taken(h.id)).toBe(2);
    await sweepAt(37 + 2 * HOUR);
    expect(await taken(h.id)).toBe(3);

    const seen = (await detail('sup-d', h.id)).body;
    expect(seen.hazard).toMatchObject({ state: 'enforcing', escalation: 3 });
    const issued = seen.hazard.letters.map((l: any) => Date.parse(l.issuedAt));
    expect(issued[1] - issued[0]).toBeGreaterThanOrEqual(5 * DAY);
    expect(seen.timeline.filter((e: any) => e.label.startsWith('逾期升级')).map((e: any) => e.label)).toEqual(['逾期升级：风险提醒函', '逾期升级：工作督办函', '逾期升级：执法线索']);
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  }, 30_000);

  it("waits the district's own intervals: the difference of its steps' days", async () => {
    await stepsTo([
      { kind: 'risk_letter', daysOverdue: 1 },
      { kind: 'supervision_letter', daysOverdue: 3 },
      { kind: 'enforcement_clue', daysOverdue: 10 },
    ]);
    const h = await seedHazard('pub-1', { enterpriseId: 'ent-2' }, 'gw-1');
    // Days from now until the deadline runs out (the end of its day in Shanghai, 7–8 days away).
    const r = (Date.parse(dueAt(h.deadline!)) - Date.now()) / DAY;
    // Step 1 at r + 1; step 2 at r + 3 by the deadline but 2 days (3 − 1) after step 1 was taken
    // (r + 1.5): r + 3.5; step 3 at r + 10 by the deadline but 7 days (10 − 3) after step 2: r + 10.6.
    const expected: [day: number, steps: number][] = [[r + 0.9, 0], [r + 1.5, 1], [r + 3.4, 1], [r + 3.6, 2], [r + 10.5, 2], [r + 10.7, 3]];
    for (const [day, steps] of expected) {
      await sweepAt(day);
      expect([day - r, await taken(h.id)]).toEqual([day - r, steps]);
    }
    const { stored, recount } = await countersVersusRecount();
    expect(stored).toEqual(recount);
  }, 30_000);
});
