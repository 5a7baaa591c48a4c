/**
 * The demo district: 泰安高新技术产业开发区 at the scale the seed report gives (12 communities →
 * 61 safety grids → 138 micro-grids, 116 full-time gridworkers of levels 1/2/3, a census ledger of
 * 企业 and 个体工商户 by industry), with one demo user per role.
 *
 * Pure and deterministic: everything random comes from a seeded mulberry32, one independent
 * stream per part, so the same seed always gives a deep-equal district. The tree's shape (paths,
 * names, how many micro-grids each grid has) does not depend on the seed, so paths stay stable;
 * coordinates, people and enterprises do.
 *
 * What is invented: the seed names only 北集坡街道 and 湖东社区. The second street, the other
 * community names, road names, people and enterprises are plausible fabrications.
 */
import {
  AREA_LEVELS,
  ENTERPRISE_KINDS,
  ENTERPRISE_STATUSES,
  INDUSTRIES,
  ROLES,
  SPECIAL_TAGS,
  childPath,
  rectangle,
  usccCheckChar,
  withBoundary,
  type Area,
  type AreaLevel,
  type Contact,
  type Enterprise as LedgerEnterprise,
  type RedLine,
  type EnterpriseKind,
  type EnterpriseStatus,
  type GridworkerLevel,
  type Industry,
  type RiskClass,
  type Role,
  type SpecialTag,
  type User,
  PUBLIC_HOME,
} from '@safegrid/shared';

/** A business as the census gives it; loading it onto the ledger adds its version and verification date. */
type Enterprise = Omit<LedgerEnterprise, 'version' | 'verifiedAt'>;

export interface DemoDistrict {
  areas: Area[];
  users: User[];
  enterprises: Enterprise[];
  redLines: RedLine[];
}

export const DEMO_SEED = 20261123;
export const DEMO_DISTRICT_PATH = '370911';
export const DEMO_ENTERPRISE_COUNT = 3000;
/** Gridworkers holding two micro-grids of the same grid (138 micro-grids, 116 gridworkers). */
export const DOUBLE_HOLDERS = 22;
/**
 * Enterprises are placed uniformly inside their micro-grid's rectangle, kept this share of its width
 * and height away from its edges: strictly inside, so the point at a business's own coordinates
 * locates to its own micro-grid (tested for every one).
 */
export const ENTERPRISE_MARGIN = 0.08;

// ---------------------------------------------------------------- randomness

class Rng {
  private a: number;
  constructor(seed: number) {
    this.a = seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** Integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }
}

/** An independent stream for one part of the district, so parts do not shift one another. */
export function stream(seed: number, part: string): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < part.length; i++) h = Math.imul(h ^ part.charCodeAt(i), 0x01000193) >>> 0;
  return new Rng(h);
}

// ---------------------------------------------------------------- geography

/**
 * The zone is a rectangle tiled exactly: communities on a 4 × 3 lattice (the streets are whole rows
 * of it), each community cut into grids (two bands of columns), each grid into its micro-grids
 * (strips along its longer side). Every cut is one rounded number shared by the areas on both
 * sides, so neighbours share their edge exactly and children cover their parent exactly.
 * Coordinates are GCJ-02, as WeChat's map and `wx.getLocation({ type: 'gcj02' })` give them.
 */
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LNG = 111_320 * Math.cos((36.17 * Math.PI) / 180);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const ZONE = { west: 117.068, south: 36.1335, colWidth: 0.028, rowHeight: 0.025, cols: 4, rows: 3 } as const;

/** A [west, south, east, north] rectangle. */
type Rect = [number, number, number, number];

/** `n` cells between lo and hi, their inner cuts moved by up to ±15 % of a cell, rounded to 6 decimals. */
function cuts(rng: Rng, lo: number, hi: number, n: number): number[] {
  const step = (hi - lo) / n;
  const inner = Array.from({ length: n - 1 }, (_, i) => round6(lo + (i + 1) * step + (rng.next() - 0.5) * 0.3 * step));
  return [lo, ...inner, hi];
}

/** The rectangle's area fields: its boundary, bbox and centre. */
const placedAt = (r: Rect) => withBoundary(rectangle(...r));

/** A point uniformly inside the rectangle, ENTERPRISE_MARGIN of its size away from every edge (two draws, as before). */
function inside(rng: Rng, r: Rect): { lng: number; lat: number } {
  const [w, s, e, n] = r;
  const mx = (e - w) * ENTERPRISE_MARGIN;
  const my = (n - s) * ENTERPRISE_MARGIN;
  return { lng: round6(w + mx + rng.next() * (e - w - 2 * mx)), lat: round6(s + my + rng.next() * (n - s - 2 * my)) };
}

// ---------------------------------------------------------------- the tree

interface CommunitySpec {
  code: string;
  name: string;
  grids: number;
  /** >1: more industry (工贸, 建筑, 危化品, 交通运输); <1: more shops and restaurants. */
  industrial: number;
  roads: string[];
}
interface StreetSpec {
  code: string;
  name: string;
  communities: CommunitySpec[];
}

const DISTRICT_NAME = '泰安高新技术产业开发区';
const STREETS: StreetSpec[] = [
  {
    code: 'bjp',
    name: '北集坡街道',
    communities: [
      { code: 'c01', name: '东官庄社区', grids: 7, industrial: 1.4, roads: ['中天门大街', '凤天路', '天烛峰路', '规划三路'] },
      { code: 'c02', name: '湖东社区', grids: 6, industrial: 0.8, roads: ['南天门大街', '龙腾路', '湖东路'] },
      { code: 'c03', name: '北集坡社区', grids: 5, industrial: 1.0, roads: ['北集坡路', '中天门大街', '新龙路'] },
      { code: 'c04', name: '西官庄社区', grids: 5, industrial: 1.3, roads: ['一天门大街', '天烛峰路', '科技路'] },
      { code: 'c05', name: '三合社区', grids: 4, industrial: 1.5, roads: ['三合路', '凤天路', '创业大街'] },
      { code: 'c06', name: '凤凰社区', grids: 5, industrial: 0.7, roads: ['凤凰路', '南天门大街', '明堂路'] },
      { code: 'c07', name: '龙门社区', grids: 6, industrial: 1.2, roads: ['龙门路', '新龙路', '高新路'] },
      { code: 'c08', name: '中淳社区', grids: 4, industrial: 0.9, roads: ['中淳路', '正阳门大街', '龙腾路'] },
    ],
  },
  {
    code: 'nh',
    name: '南湖街道',
    communities: [
      { code: 'c09', name: '南湖社区', grids: 5, industrial: 0.6, roads: ['南湖大街', '东岳大街', '迎春路'] },
      { code: 'c10', name: '南留社区', grids: 5, industrial: 1.1, roads: ['南留路', '长城路', '桃花源路'] },
      { code: 'c11', name: '西旺社区', grids: 4, industrial: 1.3, roads: ['西旺路', '泰山大街', '福山路'] },
      { code: 'c12', name: '桃园社区', grids: 5, industrial: 0.7, roads: ['桃园路', '擂鼓石大街', '岱宗大街'] },
    ],
  },
];
const MICROGRID_TOTAL = 138;
/** The tree's shape is fixed (not seeded) so that paths are the same for every seed. */
const SHAPE_SEED = 138_061_012;

interface GridPlan {
  community: CommunitySpec;
  street: StreetSpec;
  grid: Area;
  microgrids: Area[];
}

function communityShort(name: string): string {
  return name.replace(/社区$/, '');
}

function buildAreas(rng: Rng): { areas: Area[]; plans: GridPlan[]; communityOf: Map<string, CommunitySpec>; streetOf: Map<string, StreetSpec>; rects: Map<string, Rect> } {
  const communities = STREETS.flatMap((s) => s.communities.map((c) => ({ street: s, community: c })));
  const gridCount = communities.reduce((n, c) => n + c.community.grids, 0);

  // Micro-grids per grid: 2 each, 5 grids with only one, the rest spread as thirds.
  const shape = new Rng(SHAPE_SEED);
  const perGrid = Array.from({ length: gridCount }, () => 2);
  const singles = shape.shuffle(Array.from({ length: gridCount - 1 }, (_, i) => i + 1)).slice(0, 5);
  for (const i of singles) perGrid[i] = 1;
  let missing = MICROGRID_TOTAL - perGrid.reduce((a, b) => a + b, 0);
  const thirds = shape.shuffle(perGrid.map((n, i) => (n === 2 ? i : -1)).filter((i) => i >= 0));
  for (const i of thirds) {
    if (missing-- <= 0) break;
    perGrid[i] = 3;
  }

  // Communities on a 4 × 3 lattice over the zone; 北集坡街道 takes the two northern rows, 南湖街道 the southern one.
  // Row cuts are the zone's; each row cuts its own columns, so no community lines up exactly with the one above.
  const rowCuts = cuts(rng, ZONE.south, round6(ZONE.south + ZONE.rows * ZONE.rowHeight), ZONE.rows);
  const east = round6(ZONE.west + ZONE.cols * ZONE.colWidth);
  const colCuts = Array.from({ length: ZONE.rows }, () => cuts(rng, ZONE.west, east, ZONE.cols));
  const rects = new Map<string, Rect>();
  const district: Area = { path: DEMO_DISTRICT_PATH, code: DEMO_DISTRICT_PATH, name: DISTRICT_NAME, level: 'district', ...placedAt([ZONE.west, rowCuts[0]!, east, rowCuts[ZONE.rows]!]) };
  const streetAreas: Area[] = [];
  const communityAreas: Area[] = [];
  const plans: GridPlan[] = [];
  const communityOf = new Map<string, CommunitySpec>();
  const streetOf = new Map<string, StreetSpec>();
  let gi = 0;
  communities.forEach(({ street, community }, ci) => {
    const row = 2 - Math.floor(ci / 4);
    const col = ci % 4;
    const box: Rect = [colCuts[row]![col]!, rowCuts[row]!, colCuts[row]![col + 1]!, rowCuts[row + 1]!];
    const streetPath = childPath(DEMO_DISTRICT_PATH, street.code);
    const path = childPath(streetPath, community.code);
    rects.set(path, box);
    communityAreas.push({ path, code: community.code, name: community.name, level: 'community', parent: streetPath, ...placedAt(box) });
    // Grids: a northern band of ⌈n/2⌉ columns and a southern one of ⌊n/2⌋, numbered west to east, north first.
    const [w, s, e, n] = box;
    const mid = cuts(rng, s, n, 2)[1]!;
    const bands: Rect[] = [];
    for (const [count, south, north] of [[Math.ceil(community.grids / 2), mid, n], [Math.floor(community.grids / 2), s, mid]] as const) {
      const xs = cuts(rng, w, e, count);
      for (let i = 0; i < count; i++) bands.push([xs[i]!, south, xs[i + 1]!, north]);
    }
    for (let k = 0; k < community.grids; k++) {
      const gridBox = bands[k]!;
      const code = `g${String(gi + 1).padStart(2, '0')}`;
      const gridPath = childPath(path, code);
      const gridName = `${community.name}第${k + 1}网格`;
      rects.set(gridPath, gridBox);
      const grid: Area = { path: gridPath, code, name: gridName, level: 'grid', parent: path, ...placedAt(gridBox) };
      // Micro-grids: strips across the grid's longer side.
      const m = perGrid[gi]!;
      const [gw, gs, ge, gn] = gridBox;
      const wide = (ge - gw) * M_PER_DEG_LNG >= (gn - gs) * M_PER_DEG_LAT;
      const strips = wide ? cuts(rng, gw, ge, m) : cuts(rng, gs, gn, m).reverse();
      const microgrids: Area[] = [];
      for (let j = 0; j < m; j++) {
        const mBox: Rect = wide ? [strips[j]!, gs, strips[j + 1]!, gn] : [gw, strips[j + 1]!, ge, strips[j]!];
        const mPath = childPath(gridPath, `m${j + 1}`);
        rects.set(mPath, mBox);
        microgrids.push({ path: mPath, code: `m${j + 1}`, name: `${gridName}${j + 1}号微网格`, level: 'microgrid', parent: gridPath, ...placedAt(mBox) });
      }
      plans.push({ community, street, grid, microgrids });
      gi++;
    }
    for (const p of [path, ...plans.filter((p) => p.community === community).flatMap((p) => [p.grid.path, ...p.microgrids.map((m) => m.path)])]) {
      communityOf.set(p, community);
      streetOf.set(p, street);
    }
  });
  for (const street of STREETS) {
    const path = childPath(DEMO_DISTRICT_PATH, street.code);
    const mine = [...rects].filter(([p]) => p.split('/').length === 3 && p.startsWith(`${path}/`)).map(([, r]) => r);
    const box: Rect = [Math.min(...mine.map((r) => r[0])), Math.min(...mine.map((r) => r[1])), Math.max(...mine.map((r) => r[2])), Math.max(...mine.map((r) => r[3]))];
    streetAreas.push({ path, code: street.code, name: street.name, level: 'street', parent: DEMO_DISTRICT_PATH, ...placedAt(box) });
    streetOf.set(path, street);
  }

  // Parents before children, depth first.
  const areas: Area[] = [district];
  for (const s of streetAreas) {
    areas.push(s);
    for (const c of communityAreas.filter((c) => c.parent === s.path)) {
      areas.push(c);
      for (const p of plans.filter((p) => p.grid.parent === c.path)) areas.push(p.grid, ...p.microgrids);
    }
  }
  return { areas, plans, communityOf, streetOf, rects };
}

// ---------------------------------------------------------------- people

const SURNAMES: [string, number][] = [
  ['王', 9], ['张', 8], ['李', 8], ['刘', 7], ['赵', 4], ['孙', 4], ['杨', 3], ['陈', 3], ['徐', 3], ['高', 2.5],
  ['马', 2], ['周', 2], ['郭', 1.6], ['宋', 1.5], ['韩', 1.5], ['吴', 1.5], ['朱', 1.5], ['于', 1.2], ['胡', 1.2],
  ['魏', 1], ['孟', 1], ['吕', 1], ['董', 1], ['姜', 0.9], ['范', 0.8], ['程', 0.8], ['曹', 0.8], ['许', 0.8],
  ['田', 0.8], ['丁', 0.7], ['崔', 0.7], ['侯', 0.6], ['肖', 0.5], ['邱', 0.5], ['路', 0.5], ['尹', 0.5],
  ['亓', 0.4], ['颜', 0.4], ['毕', 0.4], ['房', 0.3], ['鹿', 0.3], ['袁', 0.5], ['石', 0.5], ['秦', 0.4],
];
const MALE_GIVEN = (
  '建国 志强 明远 立新 洪涛 海涛 国栋 建军 卫东 振华 宏伟 永刚 德胜 庆华 学军 成林 文涛 俊杰 浩然 子豪 鹏飞 晓东 志刚 ' +
  '建华 永强 春雷 兆军 洪波 国庆 继东 传军 玉成 兴旺 金龙 长青 广军 光明 立国 新民 庆国 家辉 宇航 博文 保华 延军 ' +
  '凯 磊 强 刚 勇 涛 鹏 斌 军 伟 峰 超 亮 杰 波 辉'
).split(' ');
const FEMALE_GIVEN = (
  '秀梅 晓丽 海燕 秀英 丽娟 玉兰 桂芳 春燕 雪梅 红霞 晓燕 美玲 丽华 淑芬 婷婷 静怡 欣怡 佳慧 雅琪 金凤 翠萍 凤英 ' +
  '秀兰 慧敏 晓红 玉梅 素珍 文静 春梅 彩霞 艳 敏 静 丽 燕 娜 芳 娟 萍 霞 倩 颖'
).split(' ');
const PHONE_PREFIXES = [
  '130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '150', '151', '152', '153', '155', '156', '157',
  '158', '159', '166', '176', '177', '178', '180', '181', '182', '183', '185', '186', '187', '188', '189', '198', '199',
];

class People {
  /** `phones` may be shared between People so that numbers are unique across the district. */
  constructor(
    private rng: Rng,
    private phones = new Set<string>(),
  ) {}
  surname(): string {
    return this.rng.weighted(SURNAMES);
  }
  name(maleShare = 0.6): string {
    return this.surname() + this.rng.pick(this.rng.chance(maleShare) ? MALE_GIVEN : FEMALE_GIVEN);
  }
  /** A name not in `taken`, which it joins. */
  uniqueName(taken: Set<string>, maleShare?: number): string {
    let n = this.name(maleShare);
    while (taken.has(n)) n = this.name(maleShare);
    taken.add(n);
    return n;
  }
  /** An 11-digit mobile number, unique in the district. */
  phone(): string {
    let p = this.rng.pick(PHONE_PREFIXES) + this.rng.digits(8);
    while (this.phones.has(p)) p = this.rng.pick(PHONE_PREFIXES) + this.rng.digits(8);
    this.phones.add(p);
    return p;
  }
  contact(maleShare?: number, title?: string): Contact {
    return { name: this.name(maleShare), phone: this.phone(), ...(title ? { title } : {}) };
  }
}

/** Demo users other than gridworkers: fixed ids and names, one per role. */
const DEMO_PEOPLE: Record<string, string> = {
  'gw-001': '王建国',
  'demo-public': '马晓丽',
  'demo-worker': '李秀梅',
  'demo-owner': '张志强',
  'demo-guarantee': '刘洪涛',
  'demo-supervisor': '赵立新',
  'demo-district': '孙明远',
  'demo-department': '周海燕',
  'demo-enforcement': '陈刚',
  'demo-admin': '吴晓东',
};
export const DEMO_ENTERPRISE_NAME = '泰安市高新区鑫达五金机械厂';

// ---------------------------------------------------------------- enterprises

type Template = {
  /** {p} prefix, {z} trade name (字号), {s} surname, {c} community. */
  t: string;
  w?: number;
  /** Median employees. */
  staff?: number;
  tags?: Partial<Record<SpecialTag, number>>;
};

const COMPANY_TEMPLATES: Record<Industry, Template[]> = {
  工贸: [
    { t: '{p}{z}机械制造有限公司', w: 3, staff: 60 },
    { t: '泰安市高新区{z}五金机械厂', w: 2, staff: 25, tags: { 涉爆粉尘: 0.2 } },
    { t: '{p}{z}精密铸造有限公司', staff: 80, tags: { 有限空间: 0.1, 涉爆粉尘: 0.2 } },
    { t: '{p}{z}新材料科技有限公司', w: 2, staff: 50, tags: { 有限空间: 0.1 } },
    { t: '{p}{z}木业有限公司', staff: 30, tags: { 涉爆粉尘: 0.8 } },
    { t: '{p}{z}食品有限公司', w: 2, staff: 45, tags: { 有限空间: 0.4, 涉氨制冷: 0.2, 涉爆粉尘: 0.1 } },
    { t: '{p}{z}冷冻食品有限公司', staff: 40, tags: { 涉氨制冷: 0.9, 有限空间: 0.3 } },
    { t: '{p}{z}酿酒有限公司', w: 0.5, staff: 20, tags: { 有限空间: 0.8 } },
    { t: '{p}{z}饲料有限公司', w: 0.6, staff: 30, tags: { 涉爆粉尘: 0.7, 有限空间: 0.4 } },
    { t: '{p}{z}面粉有限公司', w: 0.4, staff: 25, tags: { 涉爆粉尘: 0.8, 有限空间: 0.3 } },
    { t: '{p}{z}金属制品有限公司', w: 2, staff: 35, tags: { 涉爆粉尘: 0.35 } },
    { t: '{p}{z}铝业有限公司', w: 0.6, staff: 50, tags: { 涉爆粉尘: 0.6 } },
    { t: '{p}{z}包装制品有限公司', staff: 25, tags: { 涉爆粉尘: 0.05 } },
    { t: '{p}{z}塑料制品有限公司', staff: 20 },
    { t: '{p}{z}电子科技有限公司', w: 1.5, staff: 40 },
    { t: '{p}{z}汽车零部件有限公司', staff: 70, tags: { 涉爆粉尘: 0.15 } },
    { t: '{p}{z}输送机械有限公司', staff: 50 },
    { t: '{p}{z}环保设备有限公司', staff: 30 },
    { t: '{p}{z}纺织有限公司', w: 0.6, staff: 80, tags: { 涉爆粉尘: 0.2 } },
    { t: '{p}{z}建材有限公司', staff: 20, tags: { 有限空间: 0.2, 涉爆粉尘: 0.05 } },
    { t: '{p}{z}钢结构有限公司', staff: 35 },
    { t: '{p}{z}生物科技有限公司', staff: 30, tags: { 有限空间: 0.3 } },
    { t: '{p}{z}印务有限公司', w: 0.6, staff: 15 },
    { t: '{p}{z}电气设备有限公司', w: 1.5, staff: 45 },
    { t: '{p}{z}矿山机械有限公司', staff: 60 },
    { t: '泰安市高新区{z}门窗加工厂', staff: 10 },
  ],
  建筑: [
    { t: '山东{z}建设工程有限公司', w: 2, staff: 40, tags: { 有限空间: 0.1 } },
    { t: '{p}{z}建筑安装工程有限公司', w: 2, staff: 30 },
    { t: '{p}{z}装饰工程有限公司', w: 2, staff: 15 },
    { t: '{p}{z}市政工程有限公司', staff: 35, tags: { 有限空间: 0.4 } },
    { t: '{p}{z}路桥工程有限公司', staff: 40 },
    { t: '{p}{z}建筑劳务有限公司', staff: 50 },
    { t: '{p}{z}园林绿化工程有限公司', staff: 15 },
    { t: '{p}{z}防水保温工程有限公司', w: 0.6, staff: 12, tags: { 有限空间: 0.2 } },
  ],
  文旅: [
    { t: '{p}{z}文化传媒有限公司', w: 2, staff: 10 },
    { t: '{p}{z}旅游开发有限公司', staff: 25, tags: { 人员密集: 0.6 } },
    { t: '泰安{z}国际影城有限公司', w: 0.5, staff: 20, tags: { 人员密集: 1 } },
    { t: '{p}{z}体育文化发展有限公司', staff: 12, tags: { 人员密集: 0.5 } },
    { t: '{p}{z}游乐园有限公司', w: 0.3, staff: 30, tags: { 人员密集: 1 } },
    { t: '泰安{z}温泉度假酒店有限公司', w: 0.3, staff: 60, tags: { 人员密集: 0.8, 燃气使用: 0.6, 有限空间: 0.2 } },
  ],
  商贸: [
    { t: '{p}{z}商贸有限公司', w: 4, staff: 8 },
    { t: '{p}{z}贸易有限公司', w: 2, staff: 6 },
    { t: '{p}{z}购物广场有限公司', w: 0.4, staff: 120, tags: { 人员密集: 1 } },
    { t: '{p}{z}超市连锁有限公司', w: 0.8, staff: 40, tags: { 人员密集: 0.5 } },
    { t: '{p}{z}建材销售有限公司', staff: 8 },
    { t: '{p}{z}汽车销售服务有限公司', staff: 30 },
    { t: '{p}{z}医药连锁有限公司', w: 0.6, staff: 15 },
    { t: '{p}{z}农产品批发市场有限公司', w: 0.2, staff: 40, tags: { 人员密集: 0.8, 涉氨制冷: 0.3 } },
    { t: '{p}{z}家居广场有限公司', w: 0.3, staff: 50, tags: { 人员密集: 0.7 } },
    { t: '{p}{z}物资有限公司', staff: 10 },
  ],
  服务业: [
    { t: '{p}{z}物业管理有限公司', w: 2, staff: 40, tags: { 有限空间: 0.3 } },
    { t: '{p}{z}酒店管理有限公司', staff: 30, tags: { 人员密集: 0.5, 燃气使用: 0.4 } },
    { t: '{p}{z}人力资源有限公司', staff: 10 },
    { t: '{p}{z}汽车维修服务有限公司', w: 1.5, staff: 15 },
    { t: '{p}{z}信息技术有限公司', w: 2, staff: 20 },
    { t: '{p}{z}洗涤服务有限公司', w: 0.5, staff: 15, tags: { 燃气使用: 0.4, 有限空间: 0.1 } },
    { t: '{p}{z}环境卫生管理有限公司', w: 0.6, staff: 60, tags: { 有限空间: 0.4 } },
    { t: '{p}{z}健康管理有限公司', staff: 10 },
    { t: '{p}{z}污水处理有限公司', w: 0.3, staff: 20, tags: { 有限空间: 1 } },
    { t: '{p}{z}养老服务有限公司', w: 0.5, staff: 30, tags: { 人员密集: 0.8, 燃气使用: 0.5 } },
  ],
  危化品: [
    { t: '{p}{z}化工有限公司', w: 2, staff: 40, tags: { 重大危险源: 0.35, 有限空间: 0.5 } },
    { t: '泰安{z}工业气体有限公司', staff: 15, tags: { 重大危险源: 0.3 } },
    { t: '中国石化销售股份有限公司山东泰安{z}加油站', w: 1.5, staff: 8, tags: { 有限空间: 0.3 } },
    { t: '{p}{z}化学试剂有限公司', staff: 6 },
    { t: '{p}{z}涂料有限公司', staff: 20, tags: { 有限空间: 0.3 } },
    { t: '{p}{z}危险化学品经营有限公司', staff: 5 },
  ],
  燃气: [
    { t: '泰安{z}燃气有限公司', staff: 30, tags: { 重大危险源: 0.4, 有限空间: 0.3 } },
    { t: '{p}{z}能源科技有限公司', staff: 10 },
    { t: '泰安高新区{z}液化气充装站', staff: 8, tags: { 重大危险源: 0.5 } },
    { t: '{p}{z}天然气有限公司', staff: 20, tags: { 重大危险源: 0.3 } },
  ],
  交通运输: [
    { t: '{p}{z}物流有限公司', w: 3, staff: 25 },
    { t: '{p}{z}运输有限公司', w: 2, staff: 30 },
    { t: '{p}{z}冷链物流有限公司', staff: 20, tags: { 涉氨制冷: 0.5 } },
    { t: '{p}{z}货运代理有限公司', staff: 8 },
    { t: '{p}{z}仓储有限公司', staff: 15 },
    { t: '泰安{z}客运有限公司', w: 0.3, staff: 100, tags: { 人员密集: 0.5 } },
  ],
  餐饮: [
    { t: '{p}{z}餐饮管理有限公司', w: 3, staff: 30 },
    { t: '泰安{z}大酒店有限公司', staff: 60, tags: { 人员密集: 0.6 } },
    { t: '{p}{z}团餐服务有限公司', staff: 40 },
    { t: '{p}{z}餐饮服务有限公司', w: 2, staff: 15 },
  ],
  教育: [
    { t: '泰安高新区{z}幼儿园', w: 2, staff: 25, tags: { 人员密集: 1, 燃气使用: 0.6 } },
    { t: '泰安{z}教育咨询有限公司', w: 2, staff: 8 },
    { t: '泰安高新区{z}职业培训学校', staff: 15, tags: { 人员密集: 0.7 } },
    { t: '{p}{z}教育科技有限公司', staff: 12 },
    { t: '泰安高新区{z}艺术培训学校', staff: 10, tags: { 人员密集: 0.5 } },
  ],
};

const SHOP_TEMPLATES: Record<Industry, Template[]> = {
  商贸: [
    { t: '{z}超市', w: 3 }, { t: '{c}便民超市' }, { t: '{z}便利店', w: 2 }, { t: '{s}记五金店' }, { t: '{z}五金建材经营部' },
    { t: '{z}烟酒店', w: 2 }, { t: '{s}家水果店' }, { t: '{z}服装店' }, { t: '{z}粮油店' }, { t: '{z}电动车行' },
    { t: '{z}手机通讯店' }, { t: '{z}日用百货店' }, { t: '{z}汽车配件经营部' }, { t: '{z}鲜花店' }, { t: '{z}母婴用品店' },
    { t: '{z}茶叶店' }, { t: '{z}灯具店' }, { t: '{z}家电商行' }, { t: '{z}调料批发部' }, { t: '{z}文具店' },
  ],
  餐饮: [
    { t: '老{s}家常菜馆', w: 2, staff: 4 }, { t: '{s}记水饺馆', staff: 3 }, { t: '{s}姐煎饼铺', staff: 2 }, { t: '小{s}烧烤', staff: 3 },
    { t: '{z}快餐店', staff: 4 }, { t: '{z}面馆', staff: 3 }, { t: '{s}家羊汤馆', staff: 3 }, { t: '{z}小吃店', staff: 2 },
    { t: '{z}火锅店', staff: 6 }, { t: '{s}记排骨米饭', staff: 3 }, { t: '{z}包子铺', staff: 3 }, { t: '{c}大锅菜馆', staff: 4 },
    { t: '{s}氏麻辣烫', staff: 2 }, { t: '{z}饭庄', staff: 6 }, { t: '泰山{z}煎饼坊', staff: 2 }, { t: '{z}炒鸡店', staff: 4 },
  ],
  服务业: [
    { t: '{z}理发店', w: 2, staff: 2 }, { t: '{z}美发工作室', staff: 3 }, { t: '{z}洗车行', staff: 3 }, { t: '{s}师傅汽修部', staff: 3 },
    { t: '{z}洗浴中心', w: 0.5, staff: 8, tags: { 人员密集: 0.4, 燃气使用: 0.4 } }, { t: '{z}美容美甲店', staff: 2 },
    { t: '{z}干洗店', staff: 2 }, { t: '{c}快递驿站', staff: 2 }, { t: '{z}宾馆', staff: 5, tags: { 人员密集: 0.4 } },
    { t: '{z}旅馆', staff: 3 }, { t: '{z}家政服务部', staff: 4 }, { t: '{z}足疗店', staff: 4 }, { t: '{z}打字复印部', staff: 1 },
    { t: '{z}电器维修部', staff: 1 }, { t: '{z}摄影工作室', staff: 2 }, { t: '{z}养生馆', staff: 3 },
  ],
  工贸: [
    { t: '{z}木器加工厂', staff: 5, tags: { 涉爆粉尘: 0.4 } }, { t: '{z}门窗加工部', staff: 4 }, { t: '{z}馒头坊', staff: 3 },
    { t: '{s}家豆腐坊', staff: 2 }, { t: '{z}不锈钢加工部', staff: 3 }, { t: '{z}广告制作部', staff: 3 },
    { t: '{z}家具加工厂', staff: 6, tags: { 涉爆粉尘: 0.4 } }, { t: '{z}面食加工坊', staff: 3 }, { t: '{z}石材加工部', staff: 4 },
    { t: '{z}印刷厂', staff: 5 },
  ],
  建筑: [{ t: '{z}装饰工作室', staff: 4 }, { t: '{s}氏水电安装部', staff: 3 }, { t: '{z}防水工程部', staff: 4 }],
  文旅: [
    { t: '{z}网吧', staff: 3, tags: { 人员密集: 0.5 } }, { t: '{z}棋牌室', staff: 2 }, { t: '{z}量贩KTV', staff: 6, tags: { 人员密集: 0.6 } },
    { t: '{z}农家乐', staff: 5, tags: { 燃气使用: 0.7 } }, { t: '{z}台球厅', staff: 2 }, { t: '{z}健身房', staff: 4, tags: { 人员密集: 0.3 } },
  ],
  教育: [
    { t: '{z}托管班', w: 2, staff: 3, tags: { 人员密集: 0.5 } }, { t: '{z}书画培训部', staff: 2 }, { t: '{z}舞蹈工作室', staff: 3 },
    { t: '{z}课外辅导中心', staff: 4, tags: { 人员密集: 0.3 } },
  ],
  交通运输: [{ t: '{z}货运部', staff: 3 }, { t: '{s}家搬家服务部', staff: 4 }, { t: '{z}物流配送点', staff: 3 }],
  燃气: [{ t: '{z}液化气供应点', staff: 2 }, { t: '{z}瓶装液化气配送站', staff: 3 }],
  危化品: [],
};

const ZIHAO_A = '鑫恒华宏金瑞盛泰汇博众中德远润嘉振兴永隆通天海丰祥瀚凯新益利康佳明诚正信岱聚福源';
const ZIHAO_B = '达泰盛源通昌丰祥兴隆顺发宇辉鑫瑞德华诚信恒远博创邦业鼎盛旺和利峰胜川嘉宝';
const COMPANY_PREFIXES: [string, number][] = [['泰安', 5], ['泰安市', 2], ['山东', 2.5], ['泰安高新区', 1.5]];

const INDUSTRY_WEIGHTS: Record<EnterpriseKind, Record<Industry, number>> = {
  企业: { 工贸: 36, 建筑: 10, 文旅: 3, 商贸: 17, 服务业: 13, 危化品: 2.5, 燃气: 1.2, 交通运输: 6, 餐饮: 6, 教育: 5 },
  个体工商户: { 工贸: 6, 建筑: 1.5, 文旅: 3, 商贸: 38, 服务业: 22, 危化品: 0, 燃气: 0.8, 交通运输: 2.5, 餐饮: 24, 教育: 2 },
};
const INDUSTRIAL = new Set<Industry>(['工贸', '建筑', '危化品', '交通运输']);
/** Weights for A, B, C, D (A highest risk). */
const RISK_WEIGHTS: Record<Industry, [number, number, number, number]> = {
  工贸: [2, 18, 45, 35],
  建筑: [3, 22, 45, 30],
  文旅: [1, 12, 42, 45],
  商贸: [0.3, 5, 30, 64.7],
  服务业: [0.3, 5, 30, 64.7],
  危化品: [25, 45, 25, 5],
  燃气: [20, 45, 30, 5],
  交通运输: [1, 14, 45, 40],
  餐饮: [0, 6, 40, 54],
  教育: [0.5, 12, 45, 42.5],
};
const ABCD = ['A', 'B', 'C', 'D'] as const satisfies readonly RiskClass[];
/** 九小场所: small shops, restaurants, hostels, entertainment, schools, workshops. */
const NINE_SMALL = new Set<Industry>(['商贸', '餐饮', '服务业', '文旅', '教育', '工贸']);

/** GB 32100 alphabet (no I, O, S, V, Z). */
const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** Organization code (GB 11714): 8 characters and its check character. */
function orgCode(body: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body[i]!;
    const v = ch >= '0' && ch <= '9' ? Number(ch) : ch.charCodeAt(0) - 55;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return body + (c === 10 ? 'X' : c === 11 ? '0' : String(c));
}

class EnterpriseFactory {
  private names = new Set<string>();
  private usccs = new Set<string>();
  constructor(
    private rng: Rng,
    private people: People,
  ) {}

  uscc(kind: EnterpriseKind): string {
    for (;;) {
      const rng = this.rng;
      const type = kind === '企业' ? '91' : '92';
      const region = kind === '企业' && rng.chance(0.15) ? '370900' : DEMO_DISTRICT_PATH;
      let body: string;
      if (kind === '企业' && rng.chance(0.25)) body = rng.pick(['5', '6', '7']) + rng.digits(7);
      else {
        body = 'MA3';
        for (let i = 0; i < 5; i++) body += rng.pick([...USCC_ALPHABET]);
      }
      const first17 = type + region + orgCode(body);
      const code = first17 + usccCheckChar(first17);
      if (!this.usccs.has(code)) {
        this.usccs.add(code);
        return code;
      }
    }
  }

  private zihao(): string {
    const a = this.rng.pick([...ZIHAO_A]);
    let b = this.rng.pick([...ZIHAO_B]);
    while (b === a) b = this.rng.pick([...ZIHAO_B]);
    return a + b;
  }

  name(kind: EnterpriseKind, industry: Industry, community: CommunitySpec): Template & { name: string; zh: string } {
    const templates = (kind === '企业' ? COMPANY_TEMPLATES : SHOP_TEMPLATES)[industry];
    for (let attempt = 0; ; attempt++) {
      const tpl = this.rng.weighted(templates.map((t) => [t, t.w ?? 1] as const));
      const zh = this.zihao();
      let name = tpl.t
        .replace('{p}', this.rng.weighted(COMPANY_PREFIXES))
        .replace('{z}', zh)
        .replace('{s}', this.people.surname())
        .replace('{c}', communityShort(community.name));
      if (kind === '个体工商户' && this.rng.chance(0.35)) name = '泰安高新区' + name;
      if (attempt > 20) name += `（${communityShort(community.name)}${attempt - 20}店）`;
      if (!this.names.has(name)) {
        this.names.add(name);
        return { ...tpl, name, zh };
      }
    }
  }

  reserveName(name: string) {
    this.names.add(name);
  }

  address(kind: EnterpriseKind, industry: Industry, street: StreetSpec, community: CommunitySpec, zh: string): string {
    const rng = this.rng;
    const road = rng.pick(community.roads);
    const num = rng.int(1, 399);
    if (kind === '企业') {
      const v = rng.next();
      if (v < 0.55) return `山东省泰安市高新区${road}${num}号`;
      if (v < 0.8 || industry !== '工贸') {
        const other = rng.pick(community.roads.filter((r) => r !== road));
        return `泰安高新区${road}与${other}交汇处向${rng.pick(['东', '西', '南', '北'])}${rng.int(1, 16) * 50}米`;
      }
      return `泰安高新区${road}${num}号${zh}产业园${rng.int(1, 12)}号厂房`;
    }
    const v = rng.next();
    if (v < 0.45) return `泰安高新区${street.name}${community.name}${road}${num}号`;
    if (v < 0.8) return `泰安高新区${road}${num}号${rng.int(1, 20)}号门头房`;
    return `泰安高新区${community.name}${rng.pick(['幸福', '和谐', '阳光', '锦绣', '御园', '名都', '华府', '新城'])}小区${rng.int(1, 30)}号楼底商`;
  }

  make(
    id: string,
    microgrid: Area,
    rect: Rect,
    street: StreetSpec,
    community: CommunitySpec,
    force?: { kind: EnterpriseKind; industry: Industry; status: EnterpriseStatus },
  ): Enterprise {
    const rng = this.rng;
    const kind = force?.kind ?? (rng.chance(0.3 + 0.08 * community.industrial) ? '企业' : '个体工商户');
    const industry =
      force?.industry ??
      rng.weighted(
        INDUSTRIES.map((i) => {
          const w = INDUSTRY_WEIGHTS[kind][i];
          return [i, INDUSTRIAL.has(i) ? w * community.industrial : w / community.industrial] as const;
        }),
      );
    const tpl = this.name(kind, industry, community);

    const median = tpl.staff ?? (kind === '企业' ? 15 : 2);
    const employees =
      kind === '企业'
        ? Math.min(1500, Math.max(3, Math.round(median * Math.exp(0.6 * rng.normal()))))
        : Math.min(15, Math.max(1, Math.round(median * Math.exp(0.45 * rng.normal()))));

    const tags = new Set<SpecialTag>();
    for (const [tag, p] of Object.entries(tpl.tags ?? {}) as [SpecialTag, number][]) if (rng.chance(p)) tags.add(tag);
    if (industry === '餐饮' && rng.chance(0.92)) tags.add('燃气使用');
    if (industry === '工贸' && kind === '企业' && rng.chance(0.06)) tags.add('燃气使用');
    if (industry === '工贸' && kind === '企业' && rng.chance(0.08)) tags.add('有限空间');
    if (NINE_SMALL.has(industry) && (kind === '个体工商户' ? rng.chance(0.88) : employees <= 10 && industry !== '工贸' && rng.chance(0.35))) {
      tags.add('九小场所');
    }
    if (kind === '企业' && employees >= 300 && rng.chance(0.5)) tags.add('人员密集');

    const riskWeights = RISK_WEIGHTS[industry].map((w, i) => (kind === '个体工商户' ? (i === 0 ? 0 : i === 1 ? w * 0.4 : w) : w));
    let riskClass: RiskClass = rng.weighted(ABCD.map((r, i) => [r, riskWeights[i]!] as const));
    if (tags.has('重大危险源')) riskClass = 'A';
    else if ((tags.has('涉爆粉尘') || tags.has('涉氨制冷')) && (riskClass === 'C' || riskClass === 'D') && rng.chance(0.7)) riskClass = 'B';
    else if (tags.has('人员密集') && riskClass === 'D') riskClass = 'C';

    const status: EnterpriseStatus = force?.status ?? rng.weighted([['在营', 92], ['停业', 5], ['注销', 3]] as const);
    const uscc = kind === '个体工商户' && rng.chance(0.1) ? undefined : this.uscc(kind);
    const legal = this.people.name(0.7);
    const legalPhone = this.people.phone();
    const contacts: Contact[] = [{ name: legal, phone: legalPhone }];
    let safetyManager: Contact | undefined;
    if (kind === '企业') {
      safetyManager = this.people.contact(0.65, '安全管理员');
      if (employees >= 20 && rng.chance(0.5)) contacts.push({ name: this.people.name(0.5), phone: this.people.phone() });
    } else if (rng.chance(0.15)) {
      contacts.push({ name: this.people.name(0.4), phone: this.people.phone() });
    }
    const { lng, lat } = inside(rng, rect);
    return {
      id,
      ...(uscc ? { uscc } : {}),
      name: tpl.name,
      kind,
      address: this.address(kind, industry, street, community, tpl.zh),
      lng,
      lat,
      area: microgrid.path,
      industry,
      riskClass,
      tags: SPECIAL_TAGS.filter((t) => tags.has(t)),
      status,
      legalRepresentative: legal,
      ...(safetyManager ? { safetyManager } : {}),
      contacts,
      employees,
    };
  }
}

/** Split `total` over weights, each at least `min`, exactly (largest remainder). */
function allocate(weights: number[], total: number, min: number): number[] {
  const spare = total - min * weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const raw = weights.map((w) => (w / sum) * spare);
  const out = raw.map((r) => min + Math.floor(r));
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

// ---------------------------------------------------------------- the district

export function generateDistrict(seed: number = DEMO_SEED): DemoDistrict {
  const { areas, plans, communityOf, streetOf, rects } = buildAreas(stream(seed, 'geo'));
  const phones = new Set<string>();
  const people = new People(stream(seed, 'people'), phones);
  const taken = new Set(Object.values(DEMO_PEOPLE));
  const firstPlan = plans[0]!;
  const guaranteeStreet = childPath(DEMO_DISTRICT_PATH, STREETS[0]!.code);

  // Gridworkers: one per micro-grid, 22 of them holding two micro-grids of one grid; gw-001 is
  // the demo gridworker and holds the first grid's first two micro-grids.
  const wrng = stream(seed, 'gridworkers');
  const eligible = plans.slice(1).filter((p) => p.microgrids.length >= 2);
  const doubles = new Set([firstPlan, ...wrng.shuffle([...eligible]).slice(0, DOUBLE_HOLDERS - 1)]);
  const workerCount = plans.reduce((n, p) => n + p.microgrids.length - (doubles.has(p) ? 1 : 0), 0);
  const levels: GridworkerLevel[] = wrng.shuffle([
    ...Array.from({ length: 20 }, (): GridworkerLevel => 1),
    ...Array.from({ length: workerCount - 1 - 20 - 24 }, (): GridworkerLevel => 2),
    ...Array.from({ length: 24 }, (): GridworkerLevel => 3),
  ]);
  levels.unshift(2);
  const users: User[] = [];
  for (const plan of plans) {
    const ms = plan.microgrids;
    const pairAt = plan === firstPlan ? 0 : doubles.has(plan) ? wrng.int(0, ms.length - 2) : -1;
    for (let i = 0; i < ms.length; i++) {
      const held = i === pairAt ? [ms[i]!, ms[i + 1]!] : [ms[i]!];
      if (i === pairAt) i++;
      const id = `gw-${String(users.length + 1).padStart(3, '0')}`;
      for (const m of held) m.gridworkerId = id;
      users.push({
        id,
        name: DEMO_PEOPLE[id] ?? people.uniqueName(taken, 0.6),
        phone: people.phone(),
        grants: held.map((m) => ({ role: 'gridworker' as const, area: m.path })),
        gridworkerLevel: levels[users.length]!,
        homeArea: plan.grid.path,
      });
    }
  }

  // Enterprises, in micro-grid order, so ent-0001 is in gw-001's first micro-grid.
  const erng = stream(seed, 'enterprises');
  const factory = new EnterpriseFactory(erng, new People(stream(seed, 'enterprise-people'), phones));
  factory.reserveName(DEMO_ENTERPRISE_NAME);
  const microgrids = plans.flatMap((p) => p.microgrids);
  const counts = allocate(
    microgrids.map(() => 0.45 + erng.next() * 1.3),
    DEMO_ENTERPRISE_COUNT,
    5,
  );
  const enterprises: Enterprise[] = [];
  microgrids.forEach((m, i) => {
    const community = communityOf.get(m.path)!;
    const street = streetOf.get(m.path)!;
    for (let k = 0; k < counts[i]!; k++) {
      const id = `ent-${String(enterprises.length + 1).padStart(4, '0')}`;
      const force = enterprises.length === 0 ? ({ kind: '企业', industry: '工贸', status: '在营' } as const) : undefined;
      enterprises.push(factory.make(id, m, rects.get(m.path)!, street, community, force));
    }
  });

  // Demo users other than the gridworker.
  const demo = enterprises[0]!;
  const owner = { name: DEMO_PEOPLE['demo-owner']!, phone: people.phone() };
  Object.assign(demo, {
    name: DEMO_ENTERPRISE_NAME,
    riskClass: 'B',
    tags: ['涉爆粉尘', '有限空间'],
    legalRepresentative: owner.name,
    contacts: [owner],
    employees: 36,
  } satisfies Partial<Enterprise>);
  const districtPath = DEMO_DISTRICT_PATH;
  const supervisorStreet = guaranteeStreet;
  const demoUser = (id: string, role: Role, scope: { area?: string; enterpriseId?: string }, homeArea: string, phone = people.phone()): User => ({
    id,
    name: DEMO_PEOPLE[id]!,
    phone,
    grants: [{ role, ...scope }],
    homeArea,
  });
  users.push(
    demoUser('demo-public', 'public', {}, PUBLIC_HOME),
    demoUser('demo-worker', 'worker', { enterpriseId: demo.id }, demo.area),
    demoUser('demo-owner', 'enterprise_owner', { enterpriseId: demo.id }, demo.area, owner.phone),
    demoUser('demo-guarantee', 'guarantee_leader', { area: guaranteeStreet }, guaranteeStreet),
    demoUser('demo-supervisor', 'supervisor', { area: supervisorStreet }, supervisorStreet),
    demoUser('demo-district', 'supervisor', { area: districtPath }, districtPath),
    demoUser('demo-department', 'department', { area: districtPath }, districtPath),
    demoUser('demo-enforcement', 'enforcement', { area: districtPath }, districtPath),
    demoUser('demo-admin', 'admin', { area: districtPath }, districtPath),
  );

  // The guarantee leader (包保责任人) guarantees the street's 12 highest-risk operating companies.
  const rank = (r: RiskClass) => ABCD.indexOf(r as (typeof ABCD)[number]);
  enterprises
    .filter((e) => e.kind === '企业' && e.status === '在营' && e.area.startsWith(guaranteeStreet + '/'))
    .sort((a, b) => rank(a.riskClass) - rank(b.riskClass) || b.employees - a.employees || (a.id < b.id ? -1 : 1))
    .slice(0, 12)
    .forEach((e) => (e.guaranteeLeaderId = 'demo-guarantee'));

  const redLines = areas.filter((a) => a.level === 'street').flatMap((street) => streetRedLines(street, enterprises));
  return { areas, users, enterprises, redLines };
}

// ---------------------------------------------------------------- red lines

/**
 * Each street's ten red lines (十条红线, Xintai): the major risks of its businesses, each naming
 * the businesses that carry it (by their special tags or industry, at most 20), an owner and the
 * control measures.
 */
const RED_LINES: { title: string; factors: string[]; measures: string[]; concerns: (e: Enterprise) => boolean }[] = [
  { title: '燃气泄漏引发火灾爆炸', factors: ['餐饮场所使用瓶装液化石油气', '连接软管老化或超期使用', '未安装可燃气体报警装置'], measures: ['安装可燃气体报警器并与切断阀联动', '软管每两年更换，使用金属波纹管', '钢瓶不得存放于地下室和密闭空间'], concerns: (e) => e.tags.includes('燃气使用') },
  { title: '有限空间作业中毒窒息', factors: ['污水井、化粪池、储罐等有限空间作业', '未检测即进入', '盲目施救'], measures: ['严格执行“先通风、再检测、后作业”', '作业审批并设专人监护', '配备正压式呼吸器等救援装备'], concerns: (e) => e.tags.includes('有限空间') },
  { title: '粉尘爆炸', factors: ['木材、铝镁等可燃性粉尘', '除尘系统不规范', '粉尘清扫不及时'], measures: ['除尘系统按规范设置泄爆、隔爆装置', '每班清扫作业场所积尘', '电气设备符合防爆要求'], concerns: (e) => e.tags.includes('涉爆粉尘') },
  { title: '液氨泄漏中毒', factors: ['氨制冷系统管道、阀门腐蚀', '包装间与制冷机房未隔离'], measures: ['安装氨气浓度报警和紧急切断装置', '定期检测压力管道与阀门'], concerns: (e) => e.tags.includes('涉氨制冷') },
  { title: '危险化学品储存使用事故', factors: ['危化品超量储存', '禁忌物料混存', '无专人管理'], measures: ['按品种分区分类储存，设专用仓库', '建立出入库台账和双人双锁制度'], concerns: (e) => e.industry === '危化品' || e.tags.includes('重大危险源') },
  { title: '人员密集场所火灾', factors: ['疏散通道堵塞、安全出口锁闭', '消防设施损坏'], measures: ['每日防火巡查，保持疏散通道畅通', '每月检查消防设施并记录'], concerns: (e) => e.tags.includes('人员密集') },
  { title: '“九小场所”电气火灾', factors: ['私拉乱接电线', '“三合一”住人', '电动自行车室内充电'], measures: ['规范敷设电气线路并安装漏电保护', '经营与住宿分离', '设置集中充电区域'], concerns: (e) => e.tags.includes('九小场所') },
  { title: '建筑施工高处坠落和坍塌', factors: ['临边洞口防护缺失', '脚手架、模板支撑未验收'], measures: ['临边洞口设置防护栏杆和安全网', '脚手架搭设验收挂牌'], concerns: (e) => e.industry === '建筑' },
  { title: '道路运输车辆事故', factors: ['车辆带病运行', '驾驶员疲劳驾驶'], measures: ['出车前安全检查', '动态监控超速和疲劳驾驶'], concerns: (e) => e.industry === '交通运输' },
  { title: '机械伤害', factors: ['设备防护罩缺失', '违章操作、检修不停机'], measures: ['转动部位加装防护装置', '检修执行停机挂牌上锁'], concerns: (e) => e.industry === '工贸' },
];
const RED_LINE_OWNERS = ['街道应急管理办公室主任', '街道分管安全生产副主任', '街道安监中队队长'];

function streetRedLines(street: Area, enterprises: Enterprise[]): RedLine[] {
  const inStreet = enterprises.filter((e) => e.area.startsWith(street.path + '/') && e.status === '在营');
  return RED_LINES.map((line, i) => ({
    id: `rl-${street.code}-${String(i + 1).padStart(2, '0')}`,
    area: street.path,
    title: line.title,
    factors: line.factors,
    enterpriseIds: inStreet.filter(line.concerns).slice(0, 20).map((e) => e.id),
    ownerName: `${street.name}${RED_LINE_OWNERS[i % RED_LINE_OWNERS.length]}`,
    measures: line.measures,
    version: 1,
  }));
}

// ---------------------------------------------------------------- summary

export interface DemoSummary {
  areas: Record<AreaLevel, number>;
  users: { total: number; byRole: Record<Role, number>; gridworkerLevels: Record<GridworkerLevel, number>; holdingTwo: number };
  enterprises: {
    total: number;
    byKind: Record<string, number>;
    byIndustry: Record<string, number>;
    byRisk: Record<string, number>;
    byStatus: Record<string, number>;
    byTag: Record<string, number>;
    withoutUscc: number;
    guaranteed: number;
  };
}

function tally<T extends string | number>(keys: readonly T[], values: T[]): Record<T, number> {
  const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<T, number>;
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** Counts by area level, role and enterprise kind/industry/risk/status/tag, for printing. */
export function demoSummary(d: DemoDistrict): DemoSummary {
  const gridworkers = d.users.filter((u) => u.grants.some((g) => g.role === 'gridworker'));
  return {
    areas: tally(AREA_LEVELS, d.areas.map((a) => a.level)),
    users: {
      total: d.users.length,
      byRole: tally(ROLES, d.users.flatMap((u) => [...new Set(u.grants.map((g) => g.role))])),
      gridworkerLevels: tally([1, 2, 3] as const, gridworkers.map((u) => u.gridworkerLevel!)),
      holdingTwo: gridworkers.filter((u) => u.grants.length === 2).length,
    },
    enterprises: {
      total: d.enterprises.length,
      byKind: tally(ENTERPRISE_KINDS, d.enterprises.map((e) => e.kind)),
      byIndustry: tally(INDUSTRIES, d.enterprises.map((e) => e.industry)),
      byRisk: tally(ABCD as readonly RiskClass[], d.enterprises.map((e) => e.riskClass)),
      byStatus: tally(ENTERPRISE_STATUSES, d.enterprises.map((e) => e.status)),
      byTag: tally(SPECIAL_TAGS, d.enterprises.flatMap((e) => e.tags)),
      withoutUscc: d.enterprises.filter((e) => !e.uscc).length,
      guaranteed: d.enterprises.filter((e) => e.guaranteeLeaderId).length,
    },
  };
}
