/**
 * The dashboard (一张表) through its real handler against DynamoDB Local: its figures equal a
 * recount from the records, scope as the commitment signing rates, Chinese 400s for a bad range,
 * and the caller's own areas when none is named.
 */
import { DASHBOARD_FLOW, STOCK_COUNTERS, TREND_KEYS, monthsOf, periodOf } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as dashboard } from '../src/handlers/dashboard';
import { recountCounters } from '../src/usecases/recount';
import { D, M1, M2, S1, S2, move, seedHazard, token, uploadPhoto } from './hazard-support';
import { invoke, setupTable, tokenFor } from './support';

jest.setTimeout(60_000);

const to = periodOf(new Date().toISOString());
const from = `${to.slice(0, 4)}-01`;
const ask = async (as: string, query: Record<string, string>) => invoke(dashboard, { token: await token(as), query });

beforeAll(async () => {
  await setupTable();
  // In M1 (street S1): two reported, two confirmed, one fixed on the spot, one rejected.
  await seedHazard('pub-1');
  await seedHazard('pub-1');
  await seedHazard('pub-1', {}, 'gw-1');
  await seedHazard('pub-1', {}, 'gw-1');
  const onSpot = await seedHazard('pub-1');
  expect((await move('gw-1', onSpot.id, { action: 'fixOnSpot', photos: [await uploadPhoto('gw-1')], note: '已督促当场整改', category: '消防安全', enterpriseId: 'ent-1' })).status).toBe(200);
  const rejected = await seedHazard('pub-1');
  expect((await move('gw-1', rejected.id, { action: 'reject', reason: '经现场核实，不属于隐患' })).status).toBe(200);
  // In M2 (street S2), at enterprise ent-3: one confirmed and closed after its evidence, one confirmed.
  const closed = await seedHazard('pub-1', { enterpriseId: 'ent-3' }, 'gw-2');
  expect(closed.area).toBe(M2);
  expect((await move('owner-3', closed.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-3')], note: '已整改完毕' })).status).toBe(200);
  expect((await move('gw-2', closed.id, { action: 'recheckPass', note: '复查合格' })).status).toBe(200);
  await seedHazard('pub-1', { enterpriseId: 'ent-3' }, 'gw-2');
}, 120_000);

describe('figures', () => {
  it('for the district and each of its streets equal a recount from the records', async () => {
    const { recount, differences } = await recountCounters(deps());
    expect(differences).toEqual([]);
    const res = await ask('sup-d', { area: D, from, to });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ from, to });
    expect(res.body.areas).toHaveLength(1);
    const top = res.body.areas[0];
    expect(top.area).toBe(D);
    expect(top.children.map((c: { area: string }) => c.area).sort()).toEqual([S1, S2]);
    const recounted = (area: string, key: string) =>
      Object.entries(recount)
        .filter(([k]) => {
          const [a, period, counter] = k.split('|');
          return a === area && counter === key && period !== 'STOCK' && period! >= from && period! <= to;
        })
        .reduce((n, [, v]) => n + v, 0);
    for (const row of [top, ...top.children]) {
      for (const k of DASHBOARD_FLOW) expect([row.area, k, row.flow[k]]).toEqual([row.area, k, recounted(row.area, k)]);
      for (const k of STOCK_COUNTERS) expect([row.area, k, row.stock[k]]).toEqual([row.area, k, recount[`${row.area}|STOCK|${k}`] ?? 0]);
    }
    // Month by month, the months add up to the range.
    expect(top.trend.map((m: { month: string }) => m.month)).toEqual(monthsOf(from, to));
    for (const k of TREND_KEYS) expect(top.trend.reduce((n: number, m: Record<string, number>) => n + m[k]!, 0)).toBe(top.flow[k]);
    // The fixture's businesses: two in S1, one in S2, all 在营, B, 工贸.
    expect(top.enterprises).toEqual({ total: 3, byStatus: { 在营: 3 }, byClass: { B: 3 }, byIndustry: { 工贸: 3 } });
    expect(top.children.map((c: { area: string; enterprises: { total: number } }) => [c.area, c.enterprises.total]).sort()).toEqual([
      [S1, 2],
      [S2, 1],
    ]);
    // What was seeded, read back: 8 reported, 5 confirmed, 2 closed (one on the spot) in the district.
    expect(top.flow).toMatchObject({ reported: 8, confirmed: 5, closed: 2, on_spot: 1, rejected: 1 });
    expect(top.rectificationRate).toBeCloseTo(2 / 5);
    const s1 = top.children.find((c: { area: string }) => c.area === S1);
    const s2 = top.children.find((c: { area: string }) => c.area === S2);
    expect(s1).toMatchObject({ areaName: expect.any(String), flow: { reported: 6, confirmed: 3, closed: 1 }, stock: { state_reported: 2, state_rectifying: 2 } });
    expect(s2).toMatchObject({ flow: { reported: 2, confirmed: 2, closed: 1 }, stock: { state_closed: 1, state_rectifying: 1 } });
    // S2 closed one of two, S1 one of three: S2 ranks first.
    expect([s2.rank, s1.rank]).toEqual([1, 2]);
  });

  it('a month range before anything happened is all zeros, the stock stays', async () => {
    const res = await ask('sup-d', { area: D, from: '2020-01', to: '2020-12' });
    expect(res.status).toBe(200);
    const top = res.body.areas[0];
    expect(Object.values(top.flow).every((v) => v === 0)).toBe(true);
    expect(top.rectificationRate).toBeUndefined();
    expect(top.stock.state_rectifying).toBe(3);
  });
});

describe('scope', () => {
  it('a street supervisor reads their street, not the other one nor the district', async () => {
    expect((await ask('sup-s1', { area: S1, from, to })).status).toBe(200);
    const other = await ask('sup-s1', { area: S2, from, to });
    expect(other.status).toBe(403);
    expect(other.body.error.message).toMatch(/管辖范围/);
    expect((await ask('sup-s1', { area: D, from, to })).status).toBe(403);
  });

  it('a gridworker reads their own grid only, enforcement its area; the public and owners never', async () => {
    expect((await ask('gw-1', { area: M1, from, to })).status).toBe(200);
    expect((await ask('gw-1', { area: M2, from, to })).status).toBe(403);
    expect((await ask('enf-d', { area: S1, from, to })).status).toBe(200);
    for (const who of ['pub-1', 'owner-1']) expect([who, (await ask(who, { area: S1, from, to })).status]).toEqual([who, 403]);
  });

  it('with no area, shows each separate area the caller follows', async () => {
    const street = await ask('sup-s1', { from, to });
    expect(street.status).toBe(200);
    expect(street.body.areas.map((a: { area: string }) => a.area)).toEqual([S1]);
    const grid = await ask('gw-2', { from, to });
    expect(grid.body.areas.map((a: { area: string }) => a.area)).toEqual([M2]);
    expect(grid.body.areas[0].children).toEqual([]);
    expect((await ask('pub-1', { from, to })).status).toBe(403);
  });

  it('with no area, a caller of two separate streets (and a grid inside one) gets the two streets, ranked side by side', async () => {
    const t = await tokenFor({ userId: 'sup-two', grants: [{ role: 'supervisor', area: S1 }, { role: 'supervisor', area: S2 }, { role: 'gridworker', area: M1 }] });
    const res = await invoke(dashboard, { token: t, query: { from, to } });
    expect(res.status).toBe(200);
    const byArea = Object.fromEntries(res.body.areas.map((a: { area: string; rank: number; children: unknown[] }) => [a.area, a]));
    expect(Object.keys(byArea).sort()).toEqual([S1, S2]);
    expect([byArea[S2].rank, byArea[S1].rank]).toEqual([1, 2]);
    expect(byArea[S1].children.length).toBeGreaterThan(0);
  });
});

describe('bad input', () => {
  it('answers 400 naming the field, in Chinese, never a 5xx', async () => {
    const backwards = await ask('sup-d', { area: D, from: '2026-11', to: '2026-10' });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toHaveProperty('to');
    expect(backwards.body.error.fields.to).toMatch(/[\u4e00-\u9fa5]/);
    const month13 = await ask('sup-d', { area: D, from: '2026-13', to: '2026-12' });
    expect(month13.status).toBe(400);
    expect(month13.body.error.fields).toHaveProperty('from');
    expect(month13.body.error.fields.from).toMatch(/[\u4e00-\u9fa5]/);
    const tooLong = await ask('sup-d', { area: D, from: '2020-01', to: '2026-12' });
    expect(tooLong.status).toBe(400);
    for (const query of [{ area: D }, { area: D, from: 'x', to: '2026-12' }, { area: `${D}/nowhere`, from, to }, { area: '', from, to }, { area: D, from, to, extra: '1' }]) {
      const res = await ask('sup-d', query as Record<string, string>);
      expect([JSON.stringify(query), res.status < 500]).toEqual([JSON.stringify(query), true]);
    }
  });
});
