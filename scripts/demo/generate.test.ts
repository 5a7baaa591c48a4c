import { INDUSTRIES, PUBLIC_HOME, ROLES, bboxOf, boundaryProblem, isWithin, locateIn, parentOf, pointSide, usccProblem, type Area, type Role } from '@safegrid/shared';

/** Taian's old town, west of the zone: inside no boundary of the demo. */
const DEMO_POINT_OUTSIDE = { lng: 117.05, lat: 36.19 };
import { DEMO_DISTRICT_PATH, demoSummary, generateDistrict, type DemoDistrict } from './generate';

describe('generateDistrict', () => {
  let d: DemoDistrict;
  let byPath: Map<string, Area>;
  beforeAll(() => {
    d = generateDistrict();
    byPath = new Map(d.areas.map((a) => [a.path, a]));
  });
  const ofLevel = (level: Area['level']) => d.areas.filter((a) => a.level === level);

  // Tests assert behaviour, never timing: a 1 s limit here failed a CI run on a loaded machine.
  it('is deterministic', () => {
    expect(generateDistrict()).toEqual(d);
    expect(generateDistrict(20261123)).toEqual(d);
    const other = generateDistrict(7);
    expect(other).not.toEqual(d);
    expect(other.users.map((u) => u.name)).not.toEqual(d.users.map((u) => u.name));
  });

  it('has the seed report’s tree: 12 communities, 61 grids, 138 micro-grids', () => {
    const s = demoSummary(d);
    expect(s.areas).toEqual({ district: 1, street: 2, community: 12, grid: 61, microgrid: 138 });
    const [root] = ofLevel('district');
    expect(root).toMatchObject({ path: '370911', name: '泰安高新技术产业开发区' });
    expect(root!.parent).toBeUndefined();
    expect(ofLevel('street').map((s) => s.name)).toContain('北集坡街道');
    expect(new Set(d.areas.map((a) => a.path)).size).toBe(d.areas.length);
    const parentLevel = { street: 'district', community: 'street', grid: 'community', microgrid: 'grid' } as const;
    for (const a of d.areas) {
      if (a.level === 'district') continue;
      expect(a.parent).toBe(parentOf(a.path));
      expect(a.path).toBe(`${a.parent}/${a.code}`);
      expect(a.code).toMatch(/^[a-z0-9]{1,4}$/);
      expect(byPath.get(a.parent!)?.level).toBe(parentLevel[a.level]);
      expect(d.areas.indexOf(byPath.get(a.parent!)!)).toBeLessThan(d.areas.indexOf(a));
    }
    for (const c of ofLevel('community')) expect(c.name).toMatch(/社区$/);
    for (const g of ofLevel('grid')) expect(g.name).toMatch(/^.+社区第\d+网格$/);
  });

  it('places every area around Taian, each with a rectangle boundary and its centre inside it', () => {
    for (const a of d.areas) {
      expect(a.lng).toBeGreaterThan(117.05);
      expect(a.lng).toBeLessThan(117.2);
      expect(a.lat).toBeGreaterThan(36.12);
      expect(a.lat).toBeLessThan(36.22);
      expect(boundaryProblem(a.boundary!)).toBeUndefined();
      expect(a.bbox).toEqual(bboxOf(a.boundary!));
      expect(pointSide(a.boundary!, a.lng!, a.lat!)).toBe('inside');
    }
  });

  it('tiles exactly: the children of every area cover it without gaps or overlaps, sharing their edges', () => {
    const area = (b: number[]) => (b[2]! - b[0]!) * (b[3]! - b[1]!);
    for (const parent of d.areas.filter((a) => a.level !== 'microgrid')) {
      const children = d.areas.filter((a) => a.parent === parent.path);
      expect(children.length).toBeGreaterThan(0);
      // Every child inside the parent, and the children's areas add up to the parent's: with no overlap, that is no gap.
      for (const c of children) {
        const [w, s, e, n] = c.bbox!;
        const [pw, ps, pe, pn] = parent.bbox!;
        expect(w >= pw && s >= ps && e <= pe && n <= pn).toBe(true);
      }
      expect(children.reduce((sum, c) => sum + area(c.bbox!), 0)).toBeCloseTo(area(parent.bbox!), 12);
      for (const [i, a] of children.entries()) {
        for (const b of children.slice(i + 1)) {
          const overlapW = Math.min(a.bbox![2], b.bbox![2]) - Math.max(a.bbox![0], b.bbox![0]);
          const overlapH = Math.min(a.bbox![3], b.bbox![3]) - Math.max(a.bbox![1], b.bbox![1]);
          expect(overlapW <= 0 || overlapH <= 0).toBe(true);
        }
      }
    }
    // Cuts are exact shared numbers: a point on an edge two micro-grids share is on both, and goes to one of them, always the same.
    const grid = d.areas.find((a) => a.level === 'grid' && d.areas.filter((m) => m.parent === a.path).length === 3)!;
    const [m1, m2] = d.areas.filter((m) => m.parent === grid.path);
    const shared = m1!.bbox![2] === m2!.bbox![0] ? { lng: m1!.bbox![2], lat: (m1!.bbox![1] + m1!.bbox![3]) / 2 } : { lng: (m1!.bbox![0] + m1!.bbox![2]) / 2, lat: m1!.bbox![1] };
    expect(pointSide(m1!.boundary!, shared.lng, shared.lat)).toBe('edge');
    expect(pointSide(m2!.boundary!, shared.lng, shared.lat)).toBe('edge');
    expect(locateIn(d.areas, shared.lng, shared.lat)?.path).toBe([m1!.path, m2!.path].sort()[0]);
  });
  it('has 116 gridworkers, one per micro-grid, 22 of them holding two micro-grids of one grid', () => {
    const gridworkers = d.users.filter((u) => u.grants.some((g) => g.role === 'gridworker'));
    expect(gridworkers).toHaveLength(116);
    expect(gridworkers.map((u) => u.id)).toEqual(Array.from({ length: 116 }, (_, i) => `gw-${String(i + 1).padStart(3, '0')}`));
    const held = new Map<string, string>();
    for (const u of gridworkers) {
      expect(u.grants.every((g) => g.role === 'gridworker')).toBe(true);
      expect([1, 2, 3]).toContain(u.gridworkerLevel);
      for (const g of u.grants) {
        const area = byPath.get(g.area!);
        expect(area?.level).toBe('microgrid');
        expect(area?.gridworkerId).toBe(u.id);
        expect(held.has(g.area!)).toBe(false);
        held.set(g.area!, u.id);
        expect(parentOf(g.area!)).toBe(u.homeArea);
      }
      expect(byPath.get(u.homeArea)?.level).toBe('grid');
    }
    expect(held.size).toBe(138);
    for (const m of ofLevel('microgrid')) expect(held.get(m.path)).toBe(m.gridworkerId);
    for (const a of d.areas.filter((a) => a.level !== 'microgrid')) expect(a.gridworkerId).toBeUndefined();
    expect(gridworkers.filter((u) => u.grants.length === 2)).toHaveLength(22);
    expect(gridworkers.every((u) => u.grants.length <= 2)).toBe(true);
    const levels = demoSummary(d).users.gridworkerLevels;
    expect(levels[2]).toBeGreaterThan(levels[1] + levels[3]);
    expect(new Set(gridworkers.map((u) => u.name)).size).toBe(116);
  });

  it('makes gw-001 the demo gridworker, holding two micro-grids', () => {
    const gw = d.users.find((u) => u.id === 'gw-001')!;
    expect(gw.name).toBe('王建国');
    expect(gw.grants).toHaveLength(2);
  });

  it('has one demo user per other role', () => {
    const expected: Record<string, Role> = {
      'demo-public': 'public',
      'demo-worker': 'worker',
      'demo-owner': 'enterprise_owner',
      'demo-guarantee': 'guarantee_leader',
      'demo-supervisor': 'supervisor',
      'demo-district': 'supervisor',
      'demo-department': 'department',
      'demo-enforcement': 'enforcement',
      'demo-admin': 'admin',
    };
    for (const [id, role] of Object.entries(expected)) {
      const u = d.users.find((u) => u.id === id)!;
      expect(u.grants).toHaveLength(1);
      expect(u.grants[0]!.role).toBe(role);
      expect(u.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
    }
    const byId = (id: string) => d.users.find((u) => u.id === id)!;
    expect(byId('demo-public').grants[0]).toEqual({ role: 'public' });
    expect(byId('demo-public').homeArea).toBe(PUBLIC_HOME);
    const ent = d.enterprises[0]!;
    expect(byId('demo-worker').grants[0]).toEqual({ role: 'worker', enterpriseId: ent.id });
    expect(byId('demo-owner').grants[0]).toEqual({ role: 'enterprise_owner', enterpriseId: ent.id });
    expect(ent.legalRepresentative).toBe(byId('demo-owner').name);
    expect(ent.kind).toBe('企业');
    expect(ent.status).toBe('在营');
    expect(ent.area.startsWith(byId('gw-001').homeArea + '/')).toBe(true);
    expect(byPath.get(byId('demo-guarantee').grants[0]!.area!)?.level).toBe('street');
    expect(byPath.get(byId('demo-supervisor').grants[0]!.area!)?.level).toBe('street');
    for (const id of ['demo-district', 'demo-department', 'demo-enforcement', 'demo-admin']) {
      expect(byId(id).grants[0]!.area).toBe(DEMO_DISTRICT_PATH);
    }
    const roles = demoSummary(d).users.byRole;
    for (const role of ROLES) expect(roles[role]).toBeGreaterThanOrEqual(1);
    expect(new Set(d.users.map((u) => u.id)).size).toBe(d.users.length);
  });

  it('gives every user a valid unique phone', () => {
    const phones = d.users.map((u) => u.phone!);
    for (const p of phones) expect(p).toMatch(/^1[3-9]\d{9}$/);
    expect(new Set(phones).size).toBe(phones.length);
  });

  it('sets the guarantee leader on about 12 operating companies in their street', () => {
    const street = d.users.find((u) => u.id === 'demo-guarantee')!.grants[0]!.area!;
    const guaranteed = d.enterprises.filter((e) => e.guaranteeLeaderId);
    expect(guaranteed).toHaveLength(12);
    for (const e of guaranteed) {
      expect(e.guaranteeLeaderId).toBe('demo-guarantee');
      expect(isWithin(e.area, street)).toBe(true);
      expect(e.status).toBe('在营');
    }
  });

  it('has 3,000 enterprises, each strictly inside its micro-grid', () => {
    expect(d.enterprises).toHaveLength(3000);
    expect(d.enterprises.map((e) => e.id)).toEqual(Array.from({ length: 3000 }, (_, i) => `ent-${String(i + 1).padStart(4, '0')}`));
    for (const e of d.enterprises) {
      const area = byPath.get(e.area);
      expect(area?.level).toBe('microgrid');
      expect({ id: e.id, side: pointSide(area!.boundary!, e.lng, e.lat) }).toEqual({ id: e.id, side: 'inside' });
    }
    expect(new Set(d.enterprises.map((e) => e.area)).size).toBe(138);
  });

  it("locates every business's own coordinates to its own micro-grid (3,000 of 3,000)", () => {
    const wrong = d.enterprises.filter((e) => locateIn(d.areas, e.lng, e.lat)?.path !== e.area).map((e) => e.id);
    expect(wrong).toEqual([]);
    expect(locateIn(d.areas, DEMO_POINT_OUTSIDE.lng, DEMO_POINT_OUTSIDE.lat)).toBeUndefined();
  });

  it('gives every enterprise valid, unique USCCs (10% of 个体工商户 have none)', () => {
    const codes = d.enterprises.flatMap((e) => (e.uscc ? [e.uscc] : []));
    for (const c of codes) expect(usccProblem(c)).toBeUndefined();
    expect(new Set(codes).size).toBe(codes.length);
    for (const e of d.enterprises) {
      if (e.kind === '企业') expect(e.uscc?.slice(0, 2)).toBe('91');
      else if (e.uscc) expect(e.uscc.slice(0, 2)).toBe('92');
    }
    const shops = d.enterprises.filter((e) => e.kind === '个体工商户');
    const missing = shops.filter((e) => !e.uscc).length / shops.length;
    expect(missing).toBeGreaterThan(0.05);
    expect(missing).toBeLessThan(0.15);
  });

  it('fills the ledger realistically', () => {
    const s = demoSummary(d).enterprises;
    expect(s.byKind['企业']).toBeGreaterThan(800);
    expect(s.byKind['个体工商户']).toBeGreaterThan(s.byKind['企业']!);
    for (const i of INDUSTRIES) expect(s.byIndustry[i]).toBeGreaterThan(10);
    for (const r of ['A', 'B', 'C', 'D']) expect(s.byRisk[r]).toBeGreaterThan(0);
    expect(s.byRisk['A']).toBeLessThan(3000 * 0.05);
    expect(s.byRisk['D']! + s.byRisk['C']!).toBeGreaterThan(3000 * 0.7);
    expect(s.byStatus['在营']).toBeGreaterThan(3000 * 0.85);
    expect(s.byStatus['停业']).toBeGreaterThan(0);
    expect(s.byStatus['注销']).toBeGreaterThan(0);
    for (const t of Object.keys(s.byTag)) expect(s.byTag[t]).toBeGreaterThan(0);

    const names = d.enterprises.map((e) => e.name);
    expect(new Set(names).size).toBe(names.length);
    const restaurants = d.enterprises.filter((e) => e.industry === '餐饮');
    expect(restaurants.filter((e) => e.tags.includes('燃气使用')).length / restaurants.length).toBeGreaterThan(0.8);
    const shops = d.enterprises.filter((e) => e.kind === '个体工商户');
    expect(shops.filter((e) => e.tags.includes('九小场所')).length / shops.length).toBeGreaterThan(0.6);
    for (const e of d.enterprises) {
      expect(new Set(e.tags).size).toBe(e.tags.length);
      if (e.tags.includes('重大危险源')) expect(e.riskClass).toBe('A');
      expect(e.name).toMatch(/^[\u4e00-\u9fa5]{4,}/);
      expect(e.address).toMatch(/^(山东省泰安市高新区|泰安高新区)/);
      expect(e.legalRepresentative).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(e.contacts.length).toBeGreaterThanOrEqual(1);
      for (const c of [...e.contacts, ...(e.safetyManager ? [e.safetyManager] : [])]) expect(c.phone).toMatch(/^1[3-9]\d{9}$/);
      expect(e.employees).toBeGreaterThanOrEqual(1);
      if (e.kind === '企业') {
        expect(e.safetyManager).toMatchObject({ title: '安全管理员' });
        expect(e.name).toMatch(/(公司|厂|站|幼儿园|学校)$/);
      } else {
        expect(e.safetyManager).toBeUndefined();
        expect(e.employees).toBeLessThanOrEqual(15);
      }
    }
  });

  it('summarises counts for printing', () => {
    const s = demoSummary(d);
    expect(s.users.total).toBe(125);
    expect(s.users.byRole.gridworker).toBe(116);
    expect(s.users.holdingTwo).toBe(22);
    expect(s.enterprises.total).toBe(3000);
    expect(s.enterprises.guaranteed).toBe(12);
  });

  it("gives each street its ten red lines, naming only that street's businesses", () => {
    const streets = d.areas.filter((a) => a.level === 'street');
    expect(d.redLines).toHaveLength(streets.length * 10);
    const byId = new Map(d.enterprises.map((e) => [e.id, e]));
    for (const r of d.redLines) {
      expect(r.factors.length).toBeGreaterThan(0);
      expect(r.measures.length).toBeGreaterThan(0);
      for (const id of r.enterpriseIds) expect(byId.get(id)!.area.startsWith(r.area + '/')).toBe(true);
    }
    expect(d.redLines.find((r) => r.title === '燃气泄漏引发火灾爆炸')!.enterpriseIds.length).toBeGreaterThan(0);
  });
});
