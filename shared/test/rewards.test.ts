import fc from 'fast-check';
import {
  DEFAULT_REWARD_RULES,
  EMPTY_LEDGER,
  HAZARD_LEVELS,
  HAZARD_SOURCES,
  REWARDED_SOURCES,
  type ReporterLedger,
  type RewardBasis,
  type RewardRules,
  type RewardState,
  addToLedger,
  canAct,
  checkApproval,
  ledgerYear,
  outBillNo,
  proposeReward,
  remainingFen,
  shanghaiDate,
} from '../src';

const RULES: RewardRules = { ...DEFAULT_REWARD_RULES, monthlyCapFen: 20_000, yearlyCapFen: 60_000, minIntervalDays: 7, version: 3 };
const basis = (b: Partial<RewardBasis> = {}): RewardBasis => ({
  source: 'public',
  level: '一般',
  reporterId: 'r1',
  enterpriseId: 'e1',
  reportedAt: '2026-11-20T02:00:00.000Z',
  reporterManagesEnterprise: false,
  ...b,
});

describe('the rule', () => {
  it('proposes the amount for the source and level, cut to what the caps leave', () => {
    expect(proposeReward(RULES, basis(), EMPTY_LEDGER)).toEqual({ ok: true, amountFen: 5_000 });
    expect(proposeReward(RULES, basis({ source: 'worker', level: '重大' }), EMPTY_LEDGER)).toEqual({ ok: true, amountFen: 20_000 });
    const used = addToLedger(EMPTY_LEDGER, basis({ enterpriseId: 'e9' }), 18_000);
    expect(proposeReward(RULES, basis(), used)).toEqual({ ok: true, amountFen: 2_000 });
  });

  it('gives nothing to the supervision chain, to the enterprise’s own managers, or past the caps', () => {
    for (const source of ['gridworker', 'supervisor', 'site_check', 'self_check'] as const) {
      expect(proposeReward(RULES, basis({ source }), EMPTY_LEDGER)).toMatchObject({ ok: false });
    }
    expect(proposeReward(RULES, basis({ reporterManagesEnterprise: true }), EMPTY_LEDGER)).toMatchObject({ ok: false, reason: expect.stringContaining('负责人') });
    const full = addToLedger(EMPTY_LEDGER, basis({ enterpriseId: 'e9' }), 20_000);
    expect(proposeReward(RULES, basis(), full)).toMatchObject({ ok: false, reason: expect.stringContaining('上限') });
  });

  it('counts the month and year of the report in Asia/Shanghai', () => {
    // 2026-11-30 17:00 UTC is already 1 December in Shanghai.
    const late = basis({ reportedAt: '2026-11-30T17:00:00.000Z', enterpriseId: 'e9' });
    const ledger = addToLedger(EMPTY_LEDGER, late, 20_000);
    expect(ledger.monthFen).toEqual({ '2026-12': 20_000 });
    expect(remainingFen(RULES, ledger, '2026-11-20T02:00:00.000Z')).toBe(20_000);
    expect(ledgerYear('2026-12-31T16:30:00.000Z')).toBe('2027');
  });

  it('keeps the interval both ways: an earlier report is refused as well as a later one', () => {
    const ledger = addToLedger(EMPTY_LEDGER, basis({ reportedAt: '2026-11-20T02:00:00.000Z' }), 5_000);
    const at = (date: string) => checkApproval(RULES, basis({ reportedAt: `${date}T02:00:00.000Z` }), ledger, { amountFen: 5_000, proposedFen: 5_000 });
    expect(at('2026-11-14')).toMatchObject({ ok: false });
    expect(at('2026-11-26')).toMatchObject({ ok: false });
    expect(at('2026-11-13')).toMatchObject({ ok: true });
    expect(at('2026-11-27')).toMatchObject({ ok: true });
  });

  it('asks a reason for another amount, refuses above the maximum, and asks a second approver above the threshold', () => {
    const check = (amountFen: number, reason?: string, b = basis()) => checkApproval(RULES, b, EMPTY_LEDGER, { amountFen, proposedFen: 5_000, ...(reason ? { reason } : {}) });
    expect(check(6_000)).toMatchObject({ ok: false, refusal: { field: 'reason' } });
    expect(check(6_000, '举报及时')).toMatchObject({ ok: true, needsSecond: false });
    expect(check(20_001, '情况严重')).toMatchObject({ ok: false, refusal: { field: 'amountFen' } });
    expect(check(0)).toMatchObject({ ok: false });
    const big = checkApproval({ ...RULES, monthlyCapFen: 500_000, yearlyCapFen: 500_000 }, basis({ level: '重大' }), EMPTY_LEDGER, { amountFen: 150_000, proposedFen: 50_000, reason: '险情严重' });
    expect(big).toMatchObject({ ok: true, needsSecond: true });
  });

  it('names WeChat bills with letters and digits, at most 32, one per attempt', () => {
    const id = '01KZ2Y7M8N9P0Q1R2S3T4V5W6X';
    for (const n of [1, 9, 99]) expect(outBillNo(id, n)).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(outBillNo(id, 1)).not.toBe(outBillNo(id, 2));
  });
});

/** A report and what happens to its reward, in any order the events come. */
const report = fc.record({
  reporter: fc.constantFrom('r1', 'r2', 'r3'),
  enterprise: fc.constantFrom('e1', 'e2', 'e3'),
  level: fc.constantFrom(...HAZARD_LEVELS),
  source: fc.constantFrom(...HAZARD_SOURCES),
  manages: fc.boolean(),
  // Reports over four months around a year's end: caps per month and per year both bite.
  day: fc.integer({ min: 0, max: 120 }),
  amountFactor: fc.double({ min: 0.2, max: 1.6, noNaN: true }),
  reason: fc.boolean(),
});
const START = Date.parse('2026-10-15T02:00:00.000Z');

describe('whatever the order of events (property)', () => {
  it('never exceeds a cap, never rewards a manager or the chain, keeps the interval, one reward per hazard', () => {
    fc.assert(
      fc.property(
        fc.array(report, { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.constantFrom('propose', 'approve', 'reverse'), fc.nat()), { maxLength: 160 }),
        (reports, events) => {
          const ledgers = new Map<string, ReporterLedger>();
          const state = new Map<number, { state: RewardState; proposedFen: number; amountFen?: number }>();
          const approvals = new Map<number, number>();
          const basisOf = (i: number): RewardBasis => {
            const r = reports[i]!;
            return { source: r.source, level: r.level, reporterId: r.reporter, enterpriseId: r.enterprise, reportedAt: new Date(START + r.day * 86_400_000).toISOString(), reporterManagesEnterprise: r.manages };
          };
          const key = (b: RewardBasis) => `${b.reporterId}|${ledgerYear(b.reportedAt)}`;
          for (const [kind, n] of events) {
            const i = n % reports.length;
            const b = basisOf(i);
            const ledger = ledgers.get(key(b)) ?? EMPTY_LEDGER;
            const now = state.get(i);
            if (kind === 'propose') {
              if (now) continue; // one reward per hazard: the record's key is the hazard's
              const p = proposeReward(RULES, b, ledger);
              state.set(i, p.ok ? { state: 'proposed', proposedFen: p.amountFen } : { state: 'ineligible', proposedFen: 0 });
            } else if (kind === 'approve') {
              if (!now || !canAct('approve', now.state)) continue;
              const r = reports[i]!;
              const max = (REWARDED_SOURCES as readonly string[]).includes(r.source) ? RULES.amounts[r.source as 'public'].一般.maxFen : 10_000;
              const amountFen = Math.max(1, Math.round(max * r.amountFactor));
              const c = checkApproval(RULES, b, ledger, { amountFen, proposedFen: now.proposedFen, ...(r.reason ? { reason: '举报属实' } : {}) });
              if (!c.ok) continue;
              // A second approver confirms the same amount: the ledger counts it once, at the end.
              ledgers.set(key(b), c.ledger);
              state.set(i, { ...now, state: 'approved', amountFen });
              approvals.set(i, (approvals.get(i) ?? 0) + 1);
            } else {
              if (!now || now.state !== 'approved') continue;
              ledgers.set(key(b), addToLedger(ledger, b, -now.amountFen!));
              state.set(i, { ...now, state: 'reversed' });
            }
          }
          // What stands approved now, per reporter, month, year and enterprise.
          const month = new Map<string, number>();
          const year = new Map<string, number>();
          const dates = new Map<string, string[]>();
          for (const [i, s] of state) {
            if (s.state !== 'approved') continue;
            const b = basisOf(i);
            expect((REWARDED_SOURCES as readonly string[]).includes(b.source)).toBe(true);
            expect(b.reporterManagesEnterprise).toBe(false);
            expect(approvals.get(i)).toBe(1);
            const m = `${b.reporterId}|${shanghaiDate(b.reportedAt).slice(0, 7)}`;
            const y = `${b.reporterId}|${ledgerYear(b.reportedAt)}`;
            const e = `${b.reporterId}|${b.enterpriseId}`;
            month.set(m, (month.get(m) ?? 0) + s.amountFen!);
            year.set(y, (year.get(y) ?? 0) + s.amountFen!);
            dates.set(e, [...(dates.get(e) ?? []), shanghaiDate(b.reportedAt)]);
          }
          for (const v of month.values()) expect(v).toBeLessThanOrEqual(RULES.monthlyCapFen);
          for (const v of year.values()) expect(v).toBeLessThanOrEqual(RULES.yearlyCapFen);
          for (const ds of dates.values()) {
            const sorted = ds.map((d) => Date.parse(d)).sort((a, b) => a - b);
            for (let k = 1; k < sorted.length; k++) expect(sorted[k]! - sorted[k - 1]!).toBeGreaterThanOrEqual(RULES.minIntervalDays * 86_400_000);
          }
          // The ledgers agree with what stands approved (reversals give back what they took).
          for (const [k, l] of ledgers) expect(l.yearFen).toBe(year.get(k) ?? 0);
        },
      ),
      { numRuns: 500 },
    );
  });
});
