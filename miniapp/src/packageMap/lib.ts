/**
 * 一张图: the map's pure helpers, shared by the WeChat map and the offline H5 one. Zoom levels are
 * the Web Mercator ones WeChat's map uses (`scale` 3–20, 256 px tiles); clustering is supercluster
 * per integer zoom; the H5 box projects equirectangularly around its centre (true distances there).
 */
import Supercluster, { type ClusterProperties } from 'supercluster';
import { RISK_CLASSES, boundsOf, polygonsOf, type Boundary, type MapBounds, type MapPoint, type RiskClass } from '@safegrid/shared';

export const MIN_ZOOM = 3;
export const MAX_ZOOM = 18;
const TILE = 256;
const M_PER_DEG = 111_320;

export interface View {
  lat: number;
  lng: number;
  zoom: number;
}
export interface Size {
  width: number;
  height: number;
}

export const clampZoom = (z: number) => Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, Math.round(z)));

/** Pixels per degree of longitude at a zoom; latitude degrees are longer by 1/cos(lat). */
const pxPerDeg = (zoom: number) => (TILE * 2 ** zoom) / 360;
const cosLat = (lat: number) => Math.max(0.01, Math.cos((lat * Math.PI) / 180));

/** Where a point falls in the box, in px from its top left corner. */
export function project(p: { lat: number; lng: number }, view: View, size: Size): { x: number; y: number } {
  const k = pxPerDeg(view.zoom);
  return { x: size.width / 2 + (p.lng - view.lng) * k, y: size.height / 2 - ((p.lat - view.lat) * k) / cosLat(view.lat) };
}

/** The point under a pixel of the box (the inverse of `project`). */
export function unproject(xy: { x: number; y: number }, view: View, size: Size): { lat: number; lng: number } {
  const k = pxPerDeg(view.zoom);
  return { lng: view.lng + (xy.x - size.width / 2) / k, lat: view.lat - ((xy.y - size.height / 2) * cosLat(view.lat)) / k };
}

/** The box's extent as supercluster's bbox: [west, south, east, north]. */
export function bboxOf(view: View, size: Size): [number, number, number, number] {
  const nw = unproject({ x: 0, y: 0 }, view, size);
  const se = unproject({ x: size.width, y: size.height }, view, size);
  return [se.lng < nw.lng ? se.lng : nw.lng, se.lat, se.lng < nw.lng ? nw.lng : se.lng, nw.lat];
}

/** The view that shows every point with `pad` px to spare: centred on the bounds, at the deepest zoom that fits. */
export function fitView(bounds: MapBounds | undefined, size: Size, pad = 24): View | undefined {
  if (!bounds) return undefined;
  const lat = (bounds.minLat + bounds.maxLat) / 2;
  const lng = (bounds.minLng + bounds.maxLng) / 2;
  const w = Math.max(1, size.width - 2 * pad);
  const h = Math.max(1, size.height - 2 * pad);
  const dLng = Math.max(bounds.maxLng - bounds.minLng, 1e-6);
  const dLat = Math.max(bounds.maxLat - bounds.minLat, 1e-6) / cosLat(lat);
  const zoom = Math.floor(Math.log2(Math.min((w * 360) / (TILE * dLng), (h * 360) / (TILE * dLat))));
  return { lat, lng, zoom: clampZoom(Math.min(zoom, 16)) };
}

/** Moves the view by a drag of (dx, dy) px: the ground follows the finger. */
export function pan(view: View, dx: number, dy: number): View {
  const k = pxPerDeg(view.zoom);
  return { ...view, lng: view.lng - dx / k, lat: view.lat + (dy * cosLat(view.lat)) / k };
}

/** The scale bar: a round length (1, 2 or 5 × 10ⁿ m) no wider than `maxPx`, its width and label. */
export function scaleBar(view: View, maxPx = 100): { px: number; label: string } {
  const mPerPx = (M_PER_DEG * cosLat(view.lat)) / pxPerDeg(view.zoom);
  const most = mPerPx * maxPx;
  const base = 10 ** Math.floor(Math.log10(most));
  const metres = [5, 2, 1].map((f) => f * base).find((m) => m <= most) ?? base;
  return { px: Math.round(metres / mPerPx), label: metres >= 1000 ? `${metres / 1000} 公里` : `${metres} 米` };
}

// ---- clusters

/** Severity order of the classes (A/红 first): a cluster shows its most severe member's colour. */
const SEVERITY: Record<RiskClass, number> = { A: 0, 红: 0, B: 1, 橙: 1, C: 2, 黄: 2, D: 3, 蓝: 3, 绿: 4 };

type Props = { point: MapPoint };
type Agg = { worst: number; worstClass: RiskClass; open: number; overdue: number };

export type Cluster = { kind: 'cluster'; id: number; lat: number; lng: number; count: number; worstClass: RiskClass; open: number; overdue: number };
export type Marker = { kind: 'point'; point: MapPoint };
export type Feature = Cluster | Marker;
export type ClusterIndex = Supercluster<Props, Agg>;

/** The points indexed for clustering, 40 px apart at each zoom (one index per answer; zooming re-reads it). */
export function clusterIndex(points: readonly MapPoint[]): ClusterIndex {
  return new Supercluster<Props, Agg>({
    radius: 40,
    extent: TILE,
    maxZoom: MAX_ZOOM - 1,
    map: ({ point }) => ({ worst: SEVERITY[point.riskClass], worstClass: point.riskClass, open: point.openHazards, overdue: point.overdueHazards }),
    reduce: (acc, p) => {
      if (p.worst < acc.worst) Object.assign(acc, { worst: p.worst, worstClass: p.worstClass });
      acc.open += p.open;
      acc.overdue += p.overdue;
    },
  }).load(points.map((point) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [point.lng, point.lat] }, properties: { point } })));
}

/** Clusters and single points inside a bbox at a zoom. */
export function featuresIn(index: ClusterIndex, bbox: [number, number, number, number], zoom: number): Feature[] {
  return index.getClusters(bbox, clampZoom(zoom)).map((f) => {
    const [lng, lat] = f.geometry.coordinates as [number, number];
    const p = f.properties as Partial<ClusterProperties & Agg> & Partial<Props>;
    if (p.cluster) return { kind: 'cluster', id: p.cluster_id!, lat, lng, count: p.point_count!, worstClass: p.worstClass!, open: p.open ?? 0, overdue: p.overdue ?? 0 };
    return { kind: 'point', point: p.point! };
  });
}

/** The view a tap on a cluster zooms to: centred on it, at the zoom where it falls apart. */
export function expandCluster(index: ClusterIndex, c: Cluster): View {
  return { lat: c.lat, lng: c.lng, zoom: clampZoom(Math.max(index.getClusterExpansionZoom(c.id), MIN_ZOOM)) };
}

// ---- what the page shows

/** The classes worth a chip and a legend line: those seen on this map, in the enum's order (all when none yet). */
export function classesOf(seen: ReadonlySet<RiskClass>): RiskClass[] {
  const shown = RISK_CLASSES.filter((c) => seen.has(c));
  return shown.length ? shown : [...RISK_CLASSES];
}

/** The weapp marker icon's name for a class: one small PNG per colour. */
export function iconName(c: RiskClass): 'red' | 'orange' | 'yellow' | 'blue' | 'green' {
  return (['red', 'orange', 'yellow', 'blue', 'green'] as const)[SEVERITY[c]]!;
}

// ---- boundaries (GCJ-02, as the areas store them)

/**
 * An outline the map draws: an area's boundary ('area', thin; 'focus', the area in view, bold) or
 * the one being drawn ('draft': its points in order, closed when it is finished).
 */
export interface Shape {
  id: string;
  kind: 'area' | 'focus' | 'draft';
  /** Rings of [lng, lat]; a draft has one, open. */
  rings: [number, number][][];
  label?: string;
  /** Where the label goes (a point inside the area). */
  at?: { lng: number; lat: number };
}

/** The rings of a GeoJSON boundary, for drawing. */
export function ringsOf(b: Boundary): [number, number][][] {
  return polygonsOf(b).flat();
}

/** Shapes for areas: the one in view bold, the others thin, each with its name at its centre. */
export function areaShapes(areas: readonly { path: string; name: string; boundary?: Boundary; lng?: number; lat?: number }[], focus?: string): Shape[] {
  return areas
    .filter((a) => a.boundary)
    .map((a) => ({
      id: a.path,
      kind: a.path === focus ? ('focus' as const) : ('area' as const),
      rings: ringsOf(a.boundary!),
      label: a.name,
      ...(a.lng !== undefined && a.lat !== undefined ? { at: { lng: a.lng, lat: a.lat } } : {}),
    }));
}

/** The box around shapes (and points), for fitting the view; undefined when there is nothing. */
export function boundsOfShapes(shapes: readonly Shape[], points: readonly { lng: number; lat: number }[] = []): MapBounds | undefined {
  return boundsOf([...shapes.flatMap((s) => s.rings.flat().map(([lng, lat]) => ({ lng, lat }))), ...points]);
}

/** An SVG path for rings projected into the box: `M x y L … Z` per ring (closed unless `open`). */
export function svgPath(rings: readonly [number, number][][], view: View, size: Size, open = false): string {
  return rings
    .map((ring) => {
      const pts = ring.map(([lng, lat]) => project({ lng, lat }, view, size));
      const d = pts.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`).join(' ');
      return open ? d : `${d} Z`;
    })
    .join(' ');
}
