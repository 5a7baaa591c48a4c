/** Escalation letters do not stack (issue #21 item 7): each step waits its own interval after the one before. */
import fc from 'fast-check';
import { DEFAULT_ESCALATION, type EscalationStep, type HazardCore, dueAt, nextEscalationAt } from '../src';

const DAY = 86_400_000;
const DEADLINE = '2026-11-30';
const runsOut = Date.parse(dueAt(DEADLINE));
const at = (days: number) => new Date(runsOut + days * DAY).toISOString();
const hazard = (escalation: number, escalatedAt?: string): Pick<HazardCore, 'state' | 'deadline' | 'escalation' | 'escalatedAt'> => ({
  state: 'rectifying',
  deadline: DEADLINE,
  escalation,
  ...(escalatedAt ? { escalatedAt } : {}),
});

/**
 * The sweep as the schedule runs it, from the deadline on, every `everyDays`: each run takes the due
 * step (one a run, as escalateOverdue does) and records when. Returns the day each step was taken.
 */
function play(steps: EscalationStep[], firstSweepDay: number, everyDays: number, untilDay: number): number[] {
  const taken: number[] = [];
  let h = hazard(0);
  for (let day = firstSweepDay; day <= untilDay; day += everyDays) {
    const due = nextEscalationAt(h, steps);
    if (due && due <= at(day)) {
      taken.push(day);
      h = hazard(h.escalation + 1, at(day));
    }
  }
  return taken;
}

describe('when the next escalation step falls due', () => {
  it('counts the first step from the deadline alone', () => {
    expect(nextEscalationAt(hazard(0), DEFAULT_ESCALATION)).toBe(at(0));
    expect(nextEscalationAt(hazard(0, at(-30)), DEFAULT_ESCALATION)).toBe(at(0));
  });

  it('waits its own interval after the step before, when that was taken late', () => {
    // 提醒函 found and sent 20 days overdue: the 督办函 (due at 5 days) waits 5 more days, the clue 5 after that.
    expect(nextEscalationAt(hazard(1, at(20)), DEFAULT_ESCALATION)).toBe(at(25));
    expect(nextEscalationAt(hazard(2, at(25)), DEFAULT_ESCALATION)).toBe(at(30));
    // On time, the deadline's count rules: sent at 0 → 督办函 at 5; at 2 (a sweep late by 2 days) → 7.
    expect(nextEscalationAt(hazard(1, at(0)), DEFAULT_ESCALATION)).toBe(at(5));
    expect(nextEscalationAt(hazard(1, at(2)), DEFAULT_ESCALATION)).toBe(at(7));
    // Without a record of when (hazards escalated before it was kept), the deadline's count as before.
    expect(nextEscalationAt(hazard(1), DEFAULT_ESCALATION)).toBe(at(5));
    expect(nextEscalationAt(hazard(3, at(30)), DEFAULT_ESCALATION)).toBeUndefined();
  });

  it("uses the district's own days: the interval is the difference, at least a day", () => {
    const steps: EscalationStep[] = [
      { kind: 'risk_letter', daysOverdue: 3 },
      { kind: 'enforcement_clue', daysOverdue: 4 },
    ];
    expect(nextEscalationAt(hazard(1, at(3)), steps)).toBe(at(4));
    expect(nextEscalationAt(hazard(1, at(40)), steps)).toBe(at(41));
    // Steps the schema would refuse (equal days) still leave a day between letters.
    const same: EscalationStep[] = [
      { kind: 'risk_letter', daysOverdue: 2 },
      { kind: 'supervision_letter', daysOverdue: 2 },
    ];
    expect(nextEscalationAt(hazard(1, at(9)), same)).toBe(at(10));
  });

  it('never takes two steps within their interval, however late or often the sweep runs', () => {
    const stepsArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 3 })
      .map((days) => [...days].sort((a, b) => a - b))
      .map((days) => days.map((d, i) => ({ kind: (['risk_letter', 'supervision_letter', 'enforcement_clue'] as const)[3 - days.length + i]!, daysOverdue: d })));
    fc.assert(
      fc.property(stepsArb, fc.integer({ min: 0, max: 40 }), fc.constantFrom(1 / 24, 0.5, 1, 3), (steps, lateDays, every) => {
        const taken = play(steps, lateDays, every, 200);
        // Every step is taken in the end, in order …
        expect(taken).toHaveLength(steps.length);
        for (const [i, day] of taken.entries()) {
          // … none before its days overdue …
          expect(day).toBeGreaterThanOrEqual(steps[i]!.daysOverdue - 1e-9);
          if (i === 0) continue;
          // … and none sooner than its interval after the one before.
          expect(day - taken[i - 1]!).toBeGreaterThanOrEqual(Math.max(1, steps[i]!.daysOverdue - steps[i - 1]!.daysOverdue) - 1e-9);
          // A sweep on time is not delayed by more than one run (the interval holds from the step taken).
          if (lateDays <= steps[0]!.daysOverdue) expect(day).toBeLessThan(steps[i]!.daysOverdue + (i + 1) * every + 1e-9);
        }
      }),
    );
  });

  it('a sweep finding a hazard 20 days overdue takes the first step only, then one a run at the intervals', () => {
    // Hourly sweeps from day 20: 提醒函 at 20, 督办函 at 25, clue at 30 — not all three within the hour.
    expect(play(DEFAULT_ESCALATION, 20, 1 / 24, 60).map((d) => Math.round(d * 24) / 24)).toEqual([20, 25, 30]);
  });
});
