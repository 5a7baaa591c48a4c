/**
 * Area boundaries: every area has a GeoJSON Polygon or MultiPolygon in lng/lat,
 * GCJ-02 — the system WeChat's `<map>` draws in and `wx.getLocation({ type: 'gcj02' })` returns.
 * A point is placed by point-in-polygon, never by the nearest centre.
 *
 * Pure: the schemas (with Chinese messages naming the field), bbox, point-in-polygon (boundary
 * inclusive), a point inside for labels and centres, which area a point falls in, the
 * WGS-84 ⇄ GCJ-02 transform for the browser build, and reading a GeoJSON FeatureCollection.
 */
import * as z from 'zod';

export type Position = [number, number];
export type Ring = Position[];
export interface PolygonBoundary {
  type: 'Polygon';
  coordinates: Ring[];
}
export interface MultiPolygonBoundary {
  type: 'MultiPolygon';
  coordinates: Ring[][];
}
export type Boundary = PolygonBoundary | MultiPolygonBoundary;
/** [west, south, east, north]: min lng, min lat, max lng, max lat. */
export type BBox = [number, number, number, number];

/** China, as the API's coordinates allow it (the same range as a located point). */
export const CHINA = { minLng: 73, maxLng: 136, minLat: 3, maxLat: 54 } as const;
/** Positions in one boundary, all rings together: a street's micro-grid drawn to a few metres needs far fewer. */
export const MAX_BOUNDARY_POSITIONS = 2_000;
/** A GeoJSON file's type and largest size: a street's boundaries can exceed the 64 KB body limit, so it goes to storage first. */
export const BOUNDARY_FILE_TYPE = 'application/geo+json';
export const MAX_BOUNDARY_FILE_BYTES = 5 * 1024 * 1024;
/** Polygons in one MultiPolygon, rings in one polygon. */
const MAX_PARTS = 50;
/** Two points closer than this (degrees, ≈ 0.1 mm) are the same point: a point this near an edge is on it. */
export const EPS = 1e-9;

// ---------------------------------------------------------------- geometry

/** The polygons of a boundary, each a list of rings (the first the outer one, the rest holes). */
export const BBoxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const polygonsOf = (b: Boundary): Ring[][] => (b.type === 'Polygon' ? [b.coordinates] : b.coordinates);

export function bboxOf(b: Boundary): BBox {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of polygonsOf(b))
    for (const ring of polygon)
      for (const [x, y] of ring) {
        if (x < w) w = x;
        if (x > e) e = x;
        if (y < s) s = y;
        if (y > n) n = y;
      }
  return [w, s, e, n];
}

export const inBBox = (bbox: BBox, lng: number, lat: number) => lng >= bbox[0] - EPS && lng <= bbox[2] + EPS && lat >= bbox[1] - EPS && lat <= bbox[3] + EPS;

/**
 * Twice the signed area of a ring (shoelace), in square degrees: positive when counter-clockwise.
 * Taken relative to the first point: products of raw longitudes (≈ 117) would cancel away the digits that matter.
 */
function signedArea2(ring: Ring): number {
  const [ox, oy] = ring[0] ?? [0, 0];
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += (ring[i]![0] - ox) * (ring[i + 1]![1] - oy) - (ring[i + 1]![0] - ox) * (ring[i]![1] - oy);
  return sum;
}

/** Is p within EPS of the segment a–b? */
function onSegment(p: Position, a: Position, b: Position): boolean {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
  const ex = a[0] + t * dx - p[0];
  const ey = a[1] + t * dy - p[1];
  return ex * ex + ey * ey <= EPS * EPS;
}

/** Where a point lies relative to one ring: strictly inside, on its line, or outside (crossing number). */
function ringSide(p: Position, ring: Ring): 'in' | 'edge' | 'out' {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const a = ring[i]!;
    const b = ring[j]!;
    if (onSegment(p, a, b)) return 'edge';
    if (a[1] > p[1] !== b[1] > p[1] && p[0] < ((b[0] - a[0]) * (p[1] - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
  }
  return inside ? 'in' : 'out';
}

/**
 * Where a point lies relative to a boundary: 'inside' (in a polygon's outer ring and in none of its
 * holes), 'edge' (on a ring's line, within EPS), or 'outside'.
 */
export function pointSide(b: Boundary, lng: number, lat: number): 'inside' | 'edge' | 'outside' {
  const p: Position = [lng, lat];
  let edge = false;
  for (const [outer, ...holes] of polygonsOf(b)) {
    if (!outer) continue;
    const side = ringSide(p, outer);
    if (side === 'out') continue;
    if (side === 'edge') {
      edge = true;
      continue;
    }
    let inHole = false;
    for (const hole of holes) {
      const h = ringSide(p, hole);
      if (h === 'edge') edge = true;
      if (h !== 'out') inHole = true;
    }
    if (!inHole) return 'inside';
  }
  return edge ? 'edge' : 'outside';
}

/** Does the boundary cover the point (inside or on its line)? */
export const covers = (b: Boundary, lng: number, lat: number) => pointSide(b, lng, lat) !== 'outside';

/**
 * A point inside the boundary, for a centre or a label: the centroid of its largest polygon's
 * outer ring when that lies inside, else the middle of the widest inside stretch of the horizontal
 * line through it (a C- or L-shaped grid's centroid may lie outside).
 */
export function interiorPoint(b: Boundary): { lng: number; lat: number } {
  const polygons = polygonsOf(b).filter((p) => p[0] && p[0].length >= 4);
  const largest = polygons.reduce((best, p) => (Math.abs(signedArea2(p[0]!)) > Math.abs(signedArea2(best[0]!)) ? p : best), polygons[0]!);
  const outer = largest[0]!;
  const a2 = signedArea2(outer);
  let cx = 0;
  let cy = 0;
  if (a2 !== 0) {
    const [ox, oy] = outer[0]!;
    for (let i = 0; i + 1 < outer.length; i++) {
      const x0 = outer[i]![0] - ox;
      const y0 = outer[i]![1] - oy;
      const x1 = outer[i + 1]![0] - ox;
      const y1 = outer[i + 1]![1] - oy;
      const f = x0 * y1 - x1 * y0;
      cx += (x0 + x1) * f;
      cy += (y0 + y1) * f;
    }
    cx = ox + cx / (3 * a2);
    cy = oy + cy / (3 * a2);
  } else {
    const [w, s, e, n] = bboxOf({ type: 'Polygon', coordinates: [outer] });
    cx = (w + e) / 2;
    cy = (s + n) / 2;
  }
  if (pointSide({ type: 'Polygon', coordinates: largest }, cx, cy) === 'inside') return { lng: cx, lat: cy };
  // The crossings of the line y = cy with every ring of the polygon, in order: inside stretches are pairs.
  const xs: number[] = [];
  for (const ring of largest)
    for (let i = 0; i + 1 < ring.length; i++) {
      const [x0, y0] = ring[i]!;
      const [x1, y1] = ring[i + 1]!;
      if (y0 > cy !== y1 > cy) xs.push(x0 + ((cy - y0) * (x1 - x0)) / (y1 - y0));
    }
  xs.sort((p, q) => p - q);
  let best: [number, number] | undefined;
  for (let i = 0; i + 1 < xs.length; i += 2) if (!best || xs[i + 1]! - xs[i]! > best[1] - best[0]) best = [xs[i]!, xs[i + 1]!];
  return best ? { lng: (best[0] + best[1]) / 2, lat: cy } : { lng: outer[0]![0], lat: outer[0]![1] };
}

/** Do the segments a–b and c–d share a point (touching and overlapping count)? */
function segmentsMeet(a: Position, b: Position, c: Position, d: Position): boolean {
  const orient = (p: Position, q: Position, r: Position) => {
    const v = (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]);
    return Math.abs(v) <= 1e-18 ? 0 : v > 0 ? 1 : -1;
  };
  const within = (p: Position, q: Position, r: Position) =>
    Math.min(p[0], q[0]) - EPS <= r[0] && r[0] <= Math.max(p[0], q[0]) + EPS && Math.min(p[1], q[1]) - EPS <= r[1] && r[1] <= Math.max(p[1], q[1]) + EPS;
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return (o1 === 0 && within(a, b, c)) || (o2 === 0 && within(a, b, d)) || (o3 === 0 && within(c, d, a)) || (o4 === 0 && within(c, d, b));
}

/** The first pair of edges of a closed ring that cross or touch other than at their shared corner, if any. */
export function selfIntersection(ring: Ring): [number, number] | undefined {
  const n = ring.length - 1;
  const boxes = Array.from({ length: n }, (_, i) => {
    const a = ring[i]!;
    const b = ring[i + 1]!;
    return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1])] as const;
  });
  for (let i = 0; i < n; i++) {
    const bi = boxes[i]!;
    for (let j = i + 1; j < n; j++) {
      if (j === i + 1 || (i === 0 && j === n - 1)) continue;
      const bj = boxes[j]!;
      if (bj[0] > bi[2] + EPS || bj[2] < bi[0] - EPS || bj[1] > bi[3] + EPS || bj[3] < bi[1] - EPS) continue;
      if (segmentsMeet(ring[i]!, ring[i + 1]!, ring[j]!, ring[j + 1]!)) return [i, j];
    }
  }
  return undefined;
}

// ---------------------------------------------------------------- validation

const positionCount = (b: Boundary) => polygonsOf(b).reduce((n, p) => n + p.reduce((m, r) => m + r.length, 0), 0);

/**
 * What is wrong with a boundary, in Chinese, naming the ring and point; undefined when it is sound:
 * every ring closed with at least 4 positions (3 distinct points), inside China, not flat, not
 * crossing itself, at most MAX_BOUNDARY_POSITIONS positions in all.
 */
export function boundaryProblem(b: Boundary): string | undefined {
  const polygons = polygonsOf(b);
  if (polygons.length === 0) return '至少需要一个多边形';
  const total = positionCount(b);
  if (total > MAX_BOUNDARY_POSITIONS) return `最多 ${MAX_BOUNDARY_POSITIONS} 个点，当前 ${total} 个，请简化后重试`;
  for (const [pi, polygon] of polygons.entries()) {
    if (polygon.length === 0) return `${where(b, pi)}没有外环`;
    for (const [ri, ring] of polygon.entries()) {
      const name = `${where(b, pi)}${ri === 0 ? '外环' : `第 ${ri} 个内环（洞）`}`;
      if (ring.length < 4) return `${name}至少需要 3 个不同的点，并以第一个点结束`;
      for (const [k, [x, y]] of ring.entries()) {
        if (!(x >= CHINA.minLng && x <= CHINA.maxLng && y >= CHINA.minLat && y <= CHINA.maxLat)) return `${name}第 ${k + 1} 个点 [${x}, ${y}] 不在中国境内：应为 GCJ-02 的 [经度, 纬度]`;
      }
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return `${name}未闭合：最后一个点应与第一个点相同`;
      const crossing = selfIntersection(ring);
      if (crossing) return `${name}的第 ${crossing[0] + 1} 条边与第 ${crossing[1] + 1} 条边相交，请按边界走向依次取点`;
      if (Math.abs(signedArea2(ring)) <= EPS * EPS) return `${name}面积为零（各点在一条直线上）`;
    }
  }
  return undefined;
}

function where(b: Boundary, pi: number): string {
  return b.type === 'MultiPolygon' ? `第 ${pi + 1} 个多边形的` : '';
}

const PositionSchema = z.tuple([z.number(), z.number()]).describe('边界坐标');
const RingSchema = z.array(PositionSchema).max(MAX_BOUNDARY_POSITIONS, `最多 ${MAX_BOUNDARY_POSITIONS} 个点`).describe('边界坐标');
const shapes = () =>
  [
    z.strictObject({ type: z.literal('Polygon').describe('边界类型'), coordinates: z.array(RingSchema).min(1, '至少需要一个外环').max(MAX_PARTS, `最多 ${MAX_PARTS} 个环`).describe('边界坐标') }),
    z.strictObject({
      type: z.literal('MultiPolygon').describe('边界类型'),
      coordinates: z.array(z.array(RingSchema).min(1, '每个多边形至少需要一个外环').max(MAX_PARTS, `最多 ${MAX_PARTS} 个环`)).min(1, '至少需要一个多边形').max(MAX_PARTS, `最多 ${MAX_PARTS} 个多边形`).describe('边界坐标'),
    }),
  ] as const;
/** A boundary's shape as the API answers it (already checked when it was stored). */
export const BoundaryShape = z.discriminatedUnion('type', shapes());
/** A GeoJSON Polygon or MultiPolygon in lng/lat (GCJ-02), checked by `boundaryProblem`. */
export const BoundarySchema = z
  .discriminatedUnion('type', shapes())
  .superRefine((b, ctx) => {
    const problem = boundaryProblem(b as Boundary);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('边界');

// ---------------------------------------------------------------- locating

/** What locating needs of an area. */
export interface Locatable {
  path: string;
  level: string;
  boundary?: Boundary;
  bbox?: BBox;
  deactivatedAt?: string;
}

/** Levels a point is placed in: where a gridworker works. */
export const LOCATING_LEVELS = ['grid', 'microgrid'] as const;
const depthOf = (path: string) => path.split('/').length;

/**
 * The area a point falls in: among the active grids and micro-grids whose boundary covers it, the
 * deepest (a micro-grid before its grid, so a grid whose micro-grids do not yet cover all of it
 * still catches the rest); then one that has the point strictly inside before one that has it on
 * its line; then the smallest path. So a point on an edge two micro-grids share always goes to the
 * same one. Undefined when no boundary covers it (不在服务区域). `areas` with a bbox are
 * prefiltered by it; the caller passes them sorted by path or not, the answer is the same.
 */
export function locateIn<A extends Locatable>(areas: readonly A[], lng: number, lat: number): A | undefined {
  let best: { area: A; depth: number; inside: boolean } | undefined;
  for (const area of areas) {
    if (!area.boundary || area.deactivatedAt || !(LOCATING_LEVELS as readonly string[]).includes(area.level)) continue;
    if (area.bbox && !inBBox(area.bbox, lng, lat)) continue;
    const side = pointSide(area.boundary, lng, lat);
    if (side === 'outside') continue;
    const candidate = { area, depth: depthOf(area.path), inside: side === 'inside' };
    if (
      !best ||
      candidate.depth > best.depth ||
      (candidate.depth === best.depth && candidate.inside && !best.inside) ||
      (candidate.depth === best.depth && candidate.inside === best.inside && area.path < best.area.path)
    ) {
      best = candidate;
    }
  }
  return best?.area;
}

const round7 = (x: number) => Math.round(x * 1e7) / 1e7;

/** What an area stores with its boundary: the boundary, its bbox, and a point inside it as its centre. */
export function withBoundary(boundary: Boundary): { boundary: Boundary; bbox: BBox; lng: number; lat: number } {
  const centre = interiorPoint(boundary);
  return { boundary, bbox: bboxOf(boundary), lng: round7(centre.lng), lat: round7(centre.lat) };
}

/**
 * Why a child's boundary cannot be under this parent, if it cannot: its inside point lies outside
 * the parent's boundary (drawn in the wrong place). Edges drawn a little over the parent's line are
 * let through: a finger on a phone map is not a surveyor.
 */
export function outsideParent(boundary: Boundary, parent: { name: string; boundary?: Boundary }): string | undefined {
  if (!parent.boundary) return undefined;
  const p = interiorPoint(boundary);
  return covers(parent.boundary, p.lng, p.lat) ? undefined : `边界不在上级区域“${parent.name}”的范围内，请在其范围内绘制`;
}

/** A rectangle as a closed GeoJSON Polygon (counter-clockwise), for tests, fixtures and the demo. */
export function rectangle(west: number, south: number, east: number, north: number): PolygonBoundary {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

// ---------------------------------------------------------------- WGS-84 → GCJ-02

/**
 * GPS coordinates (WGS-84, what a browser's geolocation gives) to GCJ-02 (what WeChat's map and the
 * stored coordinates use): the standard published transform (Krasovsky 1940 ellipsoid). Outside
 * China it is the identity, as the transform itself defines.
 */
export function wgs84ToGcj02(lng: number, lat: number): { lng: number; lat: number } {
  if (outOfChina(lng, lat)) return { lng, lat };
  const d = gcjOffset(lng, lat);
  return { lng: lng + d.lng, lat: lat + d.lat };
}

/** The inverse of `wgs84ToGcj02`, by fixed-point iteration (to within 1e-9 degrees). */
export function gcj02ToWgs84(lng: number, lat: number): { lng: number; lat: number } {
  if (outOfChina(lng, lat)) return { lng, lat };
  let w = { lng, lat };
  for (let i = 0; i < 30; i++) {
    const g = wgs84ToGcj02(w.lng, w.lat);
    const dLng = g.lng - lng;
    const dLat = g.lat - lat;
    w = { lng: w.lng - dLng, lat: w.lat - dLat };
    if (Math.abs(dLng) < 1e-10 && Math.abs(dLat) < 1e-10) break;
  }
  return w;
}

const KRASOVSKY_A = 6378245.0;
const KRASOVSKY_EE = 0.00669342162296594323;
const outOfChina = (lng: number, lat: number) => !(lng > 73.66 && lng < 135.05 && lat > 3.86 && lat < 53.55);

function gcjOffset(lng: number, lat: number): { lng: number; lat: number } {
  const x = lng - 105;
  const y = lat - 35;
  const PI = Math.PI;
  let dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  dLat += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  dLat += ((20 * Math.sin(y * PI) + 40 * Math.sin((y / 3) * PI)) * 2) / 3;
  dLat += ((160 * Math.sin((y / 12) * PI) + 320 * Math.sin((y * PI) / 30)) * 2) / 3;
  let dLng = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  dLng += ((20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2) / 3;
  dLng += ((20 * Math.sin(x * PI) + 40 * Math.sin((x / 3) * PI)) * 2) / 3;
  dLng += ((150 * Math.sin((x / 12) * PI) + 300 * Math.sin((x / 30) * PI)) * 2) / 3;
  const rad = (lat / 180) * PI;
  const magic = 1 - KRASOVSKY_EE * Math.sin(rad) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  return {
    lat: (dLat * 180) / (((KRASOVSKY_A * (1 - KRASOVSKY_EE)) / (magic * sqrtMagic)) * PI),
    lng: (dLng * 180) / ((KRASOVSKY_A / sqrtMagic) * Math.cos(rad) * PI),
  };
}

// ---------------------------------------------------------------- reading a FeatureCollection

export interface ParsedFeature {
  /** 1-based. */
  feature: number;
  path?: string;
  code?: string;
  name?: string;
  boundary?: Boundary;
  /** Why the feature cannot be used, when it cannot. */
  problem?: string;
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** GIS tools write 3-D positions ([lng, lat, height]): the height is dropped. */
function flat(coordinates: unknown, depth: number): unknown {
  if (!Array.isArray(coordinates)) return coordinates;
  if (depth === 0) return coordinates.length > 2 ? coordinates.slice(0, 2) : coordinates;
  return coordinates.map((c) => flat(c, depth - 1));
}

/**
 * The features of a GeoJSON FeatureCollection (or of one Feature), each with what names its area
 * (`properties.path`, `code` or `name`) and its checked boundary, or why it cannot be used. The
 * whole text is refused (a thrown Error with a Chinese message) when it is no GeoJSON at all.
 */
export function readFeatureCollection(json: string): ParsedFeature[] {
  let doc: unknown;
  try {
    doc = JSON.parse(json.replace(/^\uFEFF/, ''));
  } catch {
    throw new Error('文件不是有效的 JSON，请导出为 GeoJSON（.geojson）后重试');
  }
  const o = doc as { type?: unknown; features?: unknown };
  const features = o?.type === 'FeatureCollection' && Array.isArray(o.features) ? o.features : o?.type === 'Feature' ? [o] : undefined;
  if (!features) throw new Error('文件不是 GeoJSON 要素集合（FeatureCollection），请检查后重试');
  if (features.length === 0) throw new Error('文件中没有任何要素');
  if (features.length > 5_000) throw new Error('一个文件最多 5000 个要素，请按街道拆分后分别导入');
  return features.map((f, i) => {
    const feature = f as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null };
    const p = feature?.properties ?? {};
    const base: ParsedFeature = {
      feature: i + 1,
      ...(text(p.path) ? { path: text(p.path) } : {}),
      ...(text(p.code) ? { code: text(p.code) } : {}),
      ...(text(p.name) ? { name: text(p.name) } : {}),
    };
    if (feature?.type !== 'Feature') return { ...base, problem: '不是 GeoJSON 要素（Feature）' };
    const g = feature.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return { ...base, problem: `几何类型应为 Polygon 或 MultiPolygon，而不是 ${String(g?.type ?? '空')}` };
    const candidate = { type: g.type, coordinates: flat(g.coordinates, g.type === 'Polygon' ? 2 : 3) };
    const parsed = BoundarySchema.safeParse(candidate);
    if (!parsed.success) return { ...base, problem: parsed.error.issues[0]?.message ?? '边界不正确' };
    return { ...base, boundary: parsed.data as Boundary };
  });
}

/** What a feature calls itself, for the report. */
export const featureLabel = (f: Pick<ParsedFeature, 'feature' | 'path' | 'code' | 'name'>) => f.name ?? f.code ?? f.path ?? `第 ${f.feature} 个要素`;

/**
 * Which area each feature is about, among `areas` (an area and everything under it): by
 * `properties.path`, else by `code` (which must name one area there: codes repeat under different
 * parents), else by `name`. Two features for one area are both invalid.
 */
export function matchFeatures<A extends { path: string; code: string; name: string }>(
  features: readonly ParsedFeature[],
  areas: readonly A[],
): { matched: { f: ParsedFeature; area: A }[]; unmatched: ParsedFeature[]; invalid: ParsedFeature[] } {
  const byPath = new Map(areas.map((a) => [a.path, a]));
  const group = (key: (a: A) => string) => {
    const m = new Map<string, A[]>();
    for (const a of areas) m.set(key(a), [...(m.get(key(a)) ?? []), a]);
    return m;
  };
  const byCode = group((a) => a.code);
  const byName = group((a) => a.name.trim());
  const matched: { f: ParsedFeature; area: A }[] = [];
  const unmatched: ParsedFeature[] = [];
  const invalid: ParsedFeature[] = [];
  for (const f of features) {
    if (!f.path && !f.code && !f.name) {
      invalid.push({ ...f, problem: '缺少 properties.code 或 properties.name，无法对应到区域' });
      continue;
    }
    let area: A | undefined;
    let ambiguous = '';
    if (f.path) area = byPath.get(f.path);
    else if (f.code) {
      const found = byCode.get(f.code) ?? [];
      if (found.length > 1) ambiguous = `编码 ${f.code} 对应 ${found.length} 个区域，请改用 name 或 path`;
      area = found.length === 1 ? found[0] : undefined;
    } else {
      const found = byName.get(f.name!) ?? [];
      if (found.length > 1) ambiguous = `名称“${f.name}”对应 ${found.length} 个区域，请改用 path`;
      area = found.length === 1 ? found[0] : undefined;
    }
    if (ambiguous) invalid.push({ ...f, problem: ambiguous });
    else if (!area) unmatched.push(f);
    else if (f.problem) invalid.push(f);
    else matched.push({ f, area });
  }
  // One area, one boundary: two features for the same area are a mistake in the file.
  const count = new Map<string, number>();
  for (const m of matched) count.set(m.area.path, (count.get(m.area.path) ?? 0) + 1);
  const twice = matched.filter((m) => count.get(m.area.path)! > 1);
  for (const m of twice) invalid.push({ ...m.f, problem: `与其他要素对应同一区域“${m.area.name}”` });
  return { matched: matched.filter((m) => count.get(m.area.path) === 1), unmatched, invalid: invalid.sort((a, b) => a.feature - b.feature) };
}
