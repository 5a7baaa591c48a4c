import fc from 'fast-check';
import { DASHBOARD_FLOW, DashboardQuery, enterprisesOf, flowOf, monthsBetween, monthsOf, rankAreas, rectificationRate, stockOf, trendOf, validate } from '../src';

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

  it('chart every month of the range across a year end, the months without counters as zeros', () => {
    expect(monthsOf('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(monthsOf('2026-05', '2026-05')).toEqual(['2026-05']);
    const trend = trendOf([{ period: '2026-01', reported: 4, closed: 1, checks: 7, reward_fen_paid: 900 }, { period: '2025-11', confirmed: 2 }], '2025-11', '2026-01');
    expect(trend).toEqual([
      { month: '2025-11', reported: 0, confirmed: 2, closed: 0, checks: 0 },
      { month: '2025-12', reported: 0, confirmed: 0, closed: 0, checks: 0 },
      { month: '2026-01', reported: 4, confirmed: 0, closed: 1, checks: 7 },
    ]);
  });

  it('count the businesses of a STOCK item, each breakdown without its zeros', () => {
    expect(enterprisesOf({ enterprises: 3, ent_status_在营: 2, ent_status_停业: 1, ent_status_注销: 0, ent_class_B: 3, ent_industry_餐饮: 3, state_closed: 9 })).toEqual({
      total: 3,
      byStatus: { 在营: 2, 停业: 1 },
      byClass: { B: 3 },
      byIndustry: { 餐饮: 3 },
    });
    expect(enterprisesOf(undefined)).toEqual({ total: 0, byStatus: {}, byClass: {}, byIndustry: {} });
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
    // A year no record can have is refused by name, not answered with empty figures.
    for (const from of ['0000-01', '1999-12', '2100-01']) {
      expect(validate(DashboardQuery, { from, to: '2026-12' })).toMatchObject({ ok: false, fields: { from: expect.stringContaining('2000—2099') } });
    }
    expect(validate(DashboardQuery, { from: '2026-01', to: '2026-12', area: '370911' })).toMatchObject({ ok: true });
  });
});
