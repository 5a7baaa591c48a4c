import fc from 'fast-check';
import { DASHBOARD_FLOW, DashboardQuery, flowOf, monthsBetween, rankAreas, rectificationRate, stockOf, validate } from '../src';

const row = (area: string, confirmed: number, closed: number, overdue: number, checks = 0) => {
  const flow = flowOf([{ confirmed, closed, checks }]);
  return { area, flow, stock: stockOf({ overdue }), ...(rectificationRate(flow) !== undefined ? { rectificationRate: rectificationRate(flow) } : {}) };
};

describe('dashboard figures', () => {
  it('sum the months, a missing counter as 0, and leave out what is not a flow counter', () => {
    const flow = flowOf([{ area: '370911', period: '2026-10', reported: 3, checks: 2 }, { reported: 4, reward_fen_paid: 5000 }, {}]);
    expect(flow.reported).toBe(7);
    expect(flow.checks).toBe(2);
    expect(flow.reward_fen_paid).toBe(5000);
    expect(flow.closed).toBe(0);
    expect(Object.keys(flow)).toEqual([...DASHBOARD_FLOW]);
    expect(stockOf(undefined).overdue).toBe(0);
  });

  it('give no rate when nothing was confirmed, and never more than 1', () => {
    expect(rectificationRate({ confirmed: 0, closed: 3 })).toBeUndefined();
    expect(rectificationRate({ confirmed: 8, closed: 7 })).toBe(0.875);
    // Closed this month, confirmed last month: the month's rate is capped.
    expect(rectificationRate({ confirmed: 2, closed: 5 })).toBe(1);
  });

  it('rank by rate, then fewer overdue, then more checks; equal areas share a rank; none confirmed ranks last', () => {
    const ranked = rankAreas([row('a', 10, 5, 0), row('b', 10, 9, 2), row('c', 10, 9, 1), row('d', 0, 0, 0, 9), row('e', 10, 9, 1)]);
    expect(ranked.map((r) => [r.area, r.rank])).toEqual([
      ['c', 1],
      ['e', 1],
      ['b', 3],
      ['a', 4],
      ['d', 5],
    ]);
  });

  it('rank every area exactly once, ranks from 1 and never above the count, whatever the figures', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(20), fc.nat(20), fc.nat(5), fc.nat(5)), { maxLength: 12 }), (rows) => {
        const ranked = rankAreas(rows.map(([c, cl, o, k], i) => row(`a${i}`, c, cl, o, k)));
        expect(ranked.map((r) => r.area).sort()).toEqual(rows.map((_, i) => `a${i}`).sort());
        for (const [i, r] of ranked.entries()) {
          expect(r.rank).toBeGreaterThanOrEqual(1);
          expect(r.rank).toBeLessThanOrEqual(i + 1);
          if (i > 0) expect(r.rank).toBeGreaterThanOrEqual(ranked[i - 1]!.rank);
        }
      }),
    );
  });
});

describe('the dashboard query', () => {
  it('counts the months of a range', () => {
    expect(monthsBetween('2026-01', '2026-12')).toBe(12);
    expect(monthsBetween('2025-11', '2026-02')).toBe(4);
  });

  it('names the field of a reversed or too long range, or a month that is not one', () => {
    expect(validate(DashboardQuery, { from: '2026-11', to: '2026-10' })).toMatchObject({ ok: false, fields: { to: expect.stringContaining('不能早于') } });
    expect(validate(DashboardQuery, { from: '2020-01', to: '2026-10' })).toMatchObject({ ok: false, fields: { from: expect.stringContaining('36') } });
    expect(validate(DashboardQuery, { from: '2026-13', to: '2026-12' })).toMatchObject({ ok: false, fields: { from: expect.stringContaining('年月') } });
    expect(validate(DashboardQuery, { from: '2026-01', to: '2026-12', area: '370911' })).toMatchObject({ ok: true });
  });
});
