/**
 * The map (一张图) through its real handler against DynamoDB Local: its points are the ledger's
 * files of the area (closed ones left out), its filters are the ledger's, its hazard counts equal a
 * recount from the hazards read by another index, scope as the ledger's, Chinese 400s naming the
 * field, nothing personal in the answer, and a cost of one Query per key.
 */
import { OPEN_STATES, type HazardState } from '@safegrid/shared';
import { deps } from '../src/deps';
import { handler as listEnterprises } from '../src/handlers/listEnterprises';
import { handler as mapPoints } from '../src/handlers/mapPoints';
import { getHazard, hazardsOfEnterprise } from '../src/repos/hazards';
import { escalateOverdue } from '../src/usecases/escalation';
import { readMap } from '../src/usecases/map';
import { move, seedHazard, token, uploadPhoto } from './hazard-support';
import { fixtureDistrict, invoke, setupTable, userById, uscc } from './support';

jest.setTimeout(60_000);

const district = fixtureDistrict();
const { D, S1, S2, M1, M2 } = district.paths;
const base = district.enterprises[0]!;
const more = (id: string, n: number, area: string, extra: Partial<typeof base>) => ({ ...base, id, uscc: uscc(n), name: `测试企业${n}`, address: `测试路${n}号`, area, ...extra });
district.enterprises.push(
  more('ent-4', 4, M1, { industry: '建筑', riskClass: 'A', tags: ['有限空间'], lng: 117.12, lat: 36.21 }),
  more('ent-5', 5, M1, { industry: '餐饮', riskClass: 'C', tags: ['燃气使用', '人员密集'], lng: 117.09, lat: 36.19 }),
  more('ent-6', 6, M1, { industry: '建筑', riskClass: 'B', tags: [], status: '停业', lng: 117.11, lat: 36.2 }),
  more('ent-7', 7, M1, { industry: '建筑', riskClass: 'A', tags: ['有限空间'], status: '注销' }),
  more('ent-8', 8, M2, { industry: '建筑', riskClass: 'A', tags: ['有限空间'], lng: 117.2, lat: 36.3 }),
);

const ask = async (as: string, query: Record<string, string> = {}) => invoke(mapPoints, { token: await token(as), query });
const ids = (points: { id: string }[]) => points.map((p) => p.id).sort();

/** The ledger's files of the area under the same filters, every page, closed ones left out. */
async function ledgerIds(as: string, query: Record<string, string>) {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const res = await invoke(listEnterprises, { token: await token(as), query: { ...query, limit: '100', ...(cursor ? { cursor } : {}) } });
    expect(res.status).toBe(200);
    out.push(...res.body.enterprises.filter((e: { status: string }) => e.status !== '注销').map((e: { id: string }) => e.id));
    cursor = res.body.cursor;
  } while (cursor);
  return out.sort();
}

const DAY = 86_400_000;

beforeAll(async () => {
  await setupTable(district);
  // ent-1: two confirmed (one made overdue by the sweep), one rejected, one closed; ent-2: one reported; ent-3 (M2): one confirmed.
  const overdue = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  await escalateOverdue({ ...deps(), clock: { now: () => new Date(Date.now() + 9 * DAY) } });
  await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  const rejected = await seedHazard('pub-1', { enterpriseId: 'ent-1' });
  expect((await move('gw-1', rejected.id, { action: 'reject', reason: '经现场核实，不属于隐患' })).status).toBe(200);
  const closed = await seedHazard('pub-1', { enterpriseId: 'ent-1' }, 'gw-1');
  expect((await move('owner-1', closed.id, { action: 'submitEvidence', photos: [await uploadPhoto('owner-1')], note: '已整改完毕' })).status).toBe(200);
  expect((await move('gw-1', closed.id, { action: 'recheckPass', note: '复查合格' })).status).toBe(200);
  await seedHazard('pub-1', { enterpriseId: 'ent-2' });
  await seedHazard('pub-1', { enterpriseId: 'ent-3' }, 'gw-2');
  expect((await getHazard(deps().db, overdue.id))?.overdue).toBe(true);
}, 120_000);

describe('points', () => {
  it("are the ledger's files of the area, closed (注销) ones left out, with their bounds", async () => {
    const res = await ask('sup-s1', { area: S1 });
    expect(res.status).toBe(200);
    expect(res.body.area).toBe(S1);
    expect(ids(res.body.points)).toEqual(await ledgerIds('sup-s1', { area: S1 }));
    expect(ids(res.body.points)).toEqual(['ent-1', 'ent-2', 'ent-4', 'ent-5', 'ent-6']);
    expect(res.body.total).toBe(5);
    expect(res.body.bounds).toEqual({ minLat: 36.19, maxLat: 36.21, minLng: 117.09, maxLng: 117.12 });
    expect(res.body.points.find((p: { id: string }) => p.id === 'ent-4')).toEqual({
      id: 'ent-4',
      name: '测试企业4',
      lat: 36.21,
      lng: 117.12,
      riskClass: 'A',
      industry: '建筑',
      openHazards: 0,
      overdueHazards: 0,
    });
  });

  it('carry nothing personal: no phones, no people, no addresses', async () => {
    const res = await ask('sup-d', { area: D });
    const text = JSON.stringify(res.body);
    for (const e of district.enterprises) {
      expect(text).not.toContain(e.legalRepresentative);
      expect(text).not.toContain(e.address);
      for (const c of e.contacts) expect(text).not.toContain(c.phone);
    }
  });

  it.each([
    ['industry', { industry: '建筑' }, ['ent-4', 'ent-6', 'ent-8']],
    ['risk class', { riskClass: 'A' }, ['ent-4', 'ent-8']],
    ['tag', { tag: '有限空间' }, ['ent-4', 'ent-8']],
    ['tag among several', { tag: '人员密集' }, ['ent-5']],
    ['industry, class and tag together', { industry: '建筑', riskClass: 'A', tag: '有限空间' }, ['ent-4', 'ent-8']],
  ])('are filtered by %s as the ledger filters', async (_what, filter, expected) => {
    const res = await ask('sup-d', { area: D, ...filter });
    expect(res.status).toBe(200);
    expect(ids(res.body.points)).toEqual(expected);
    expect(ids(res.body.points)).toEqual(await ledgerIds('sup-d', { area: D, ...filter }));
    expect(res.body.total).toBe(expected.length);
  });

  it('of an area or filter with no business is an empty map without bounds', async () => {
    const res = await ask('sup-d', { area: D, industry: '教育' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ area: D, points: [], total: 0, areas: expect.any(Array) });
    // The district's boundaries are still drawn, its own and two levels under it.
    expect(res.body.areas.map((a: { level: string }) => a.level)).toEqual(['district', 'street', 'community', 'street', 'community']);
  });
});

describe('hazard counts', () => {
  it('equal a recount of the open and overdue hazards of each business from its own index', async () => {
    const res = await ask('sup-d', { area: D });
    expect(res.status).toBe(200);
    for (const p of res.body.points as { id: string; openHazards: number; overdueHazards: number }[]) {
      const all = [];
      let cursor: string | undefined;
      do {
        const page = await hazardsOfEnterprise(deps().db, p.id, undefined, { limit: 100, ...(cursor ? { cursor } : {}) });
        all.push(...page.hazards);
        cursor = page.cursor;
      } while (cursor);
      const open = all.filter((h) => OPEN_STATES.includes(h.state as HazardState));
      expect([p.id, p.openHazards, p.overdueHazards]).toEqual([p.id, open.length, open.filter((h) => h.overdue).length]);
    }
    const byId = Object.fromEntries(res.body.points.map((p: { id: string }) => [p.id, p]));
    // ent-1: two confirmed, one of them overdue; the rejected and the closed ones are not open.
    expect(byId['ent-1']).toMatchObject({ openHazards: 2, overdueHazards: 1 });
    expect(byId['ent-2']).toMatchObject({ openHazards: 1, overdueHazards: 0 });
    expect(byId['ent-3']).toMatchObject({ openHazards: 1, overdueHazards: 0 });
  });
});

describe('scope', () => {
  it("a gridworker's map is their own grid by default, and only theirs", async () => {
    const res = await ask('gw-1');
    expect(res.status).toBe(200);
    expect(res.body.area).toBe(M1);
    expect(ids(res.body.points)).toEqual(['ent-1', 'ent-2', 'ent-4', 'ent-5', 'ent-6']);
    for (const area of [S1, M2, D]) {
      const refused = await ask('gw-1', { area });
      expect([area, refused.status]).toEqual([area, 403]);
      expect(refused.body.error.code).toBe('FORBIDDEN');
    }
  });

  it("a supervisor of the other street is refused this street's map; a supervisor's default is their street", async () => {
    const refused = await ask('sup-s2', { area: S1 });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/管辖范围/);
    const own = await ask('sup-s2');
    expect(own.body.area).toBe(S2);
    expect(ids(own.body.points)).toEqual(['ent-3', 'ent-8']);
  });

  it('a guarantee leader sees the businesses of their street, as in the ledger', async () => {
    const res = await ask('guar-s1');
    expect(res.status).toBe(200);
    expect(res.body.area).toBe(S1);
    expect(ids(res.body.points)).toEqual(await ledgerIds('guar-s1', {}));
  });

  it.each(['pub-1', 'worker-1', 'owner-1'])('%s may not read the map', async (as) => {
    expect((await ask(as)).status).toBe(403);
  });
});

describe('bad input', () => {
  it.each([
    [{ riskClass: 'Z' }, 'riskClass', /^风险等级：/],
    [{ industry: '挖矿' }, 'industry', /^行业：/],
    [{ tag: '高危' }, 'tag', /^特殊标签：/],
    [{ area: '../x' }, 'area', /^区域：/],
    [{ colour: 'red' }, 'colour', /./],
  ])('%o is a 400 naming the field', async (query, field, message) => {
    const res = await ask('sup-d', query as Record<string, string>);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.fields[field]).toMatch(message);
  });
});

describe('cost', () => {
  it('is one Query for the businesses and one per open state for the hazards, whatever the filter', async () => {
    const actor = { userId: 'sup-d', grants: userById('sup-d').grants };
    for (const q of [{}, { industry: '建筑' as const }, { riskClass: 'A' as const }, { tag: '有限空间' as const }]) {
      const { map, cost } = await readMap(deps(), actor, { area: D, ...q });
      expect(map.total).toBeGreaterThan(0);
      expect(cost.requests).toBe(1 + OPEN_STATES.length);
      expect(cost.readUnits).toBeGreaterThan(0);
    }
  });
});
