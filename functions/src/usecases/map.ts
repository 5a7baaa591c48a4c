/**
 * The map (一张图): the businesses of an area, not closed, filtered as the ledger is, as
 * points with their open and overdue hazards. Two reads at once, both Queries on keys that start
 * with the area path (scope is part of the key): the ledger's index for the filter (gsi1 area,
 * gsi2 industry, gsi3 risk class) projected to the point's attributes, and the open hazards under
 * the area on gsi2, one Query per open state, projected to enterprise and overdue flag.
 */
import type * as z from 'zod';
import { type Actor, type Area, type MapArea, type MapQuery, type MapResponse, boundsOf } from '@safegrid/shared';
import type { Deps } from '../deps';
import { ledgerPoints } from '../repos/enterprises';
import { openHazardCountsUnder } from '../repos/hazards';
import { ledgerArea } from './ledger';
import { knownAreas } from './locate';

/** The map with what it cost: DynamoDB requests and read units (the benchmark and tests read them). */
export async function readMap(d: Deps, actor: Actor, q: z.infer<typeof MapQuery>) {
  const area = ledgerArea(actor, q.area);
  const [enterprises, hazards] = await Promise.all([
    ledgerPoints(d.db, { area, ...(q.industry ? { industry: q.industry } : {}), ...(q.riskClass ? { riskClass: q.riskClass } : {}), ...(q.tag ? { tag: q.tag } : {}) }),
    openHazardCountsUnder(d.db, area),
  ]);
  const points = enterprises.items
    .map((e) => {
      const c = hazards.counts.get(e.id);
      return { id: e.id, name: e.name, lat: e.lat, lng: e.lng, riskClass: e.riskClass, industry: e.industry, openHazards: c?.open ?? 0, overdueHazards: c?.overdue ?? 0 };
    })
    .sort((a, b) => a.id.localeCompare(b.id));
  const bounds = boundsOf(points);
  const map: MapResponse = { area, ...(bounds ? { bounds } : {}), points, total: points.length };
  return { map, cost: { requests: enterprises.requests + hazards.requests, readUnits: enterprises.readUnits + hazards.readUnits } };
}

/** How many levels under the area the map draws boundaries for: a district shows its streets and communities. */
const BOUNDARY_LEVELS = 2;

/** The boundaries to draw: the area's own and its active descendants' down to BOUNDARY_LEVELS, from the cached district areas. */
export function boundariesUnder(areas: readonly Area[], area: string): MapArea[] {
  const depth = area.split('/').length;
  return areas
    .filter((a) => a.boundary && !a.deactivatedAt && (a.path === area || a.path.startsWith(`${area}/`)) && a.path.split('/').length <= depth + BOUNDARY_LEVELS)
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((a) => ({ path: a.path, name: a.name, level: a.level, boundary: a.boundary!, ...(a.lng !== undefined && a.lat !== undefined ? { lng: a.lng, lat: a.lat } : {}) }));
}

/** The map and the boundaries of its areas (those come from the areas this container keeps for locating: no read when warm). */
export async function mapPoints(d: Deps, actor: Actor, q: z.infer<typeof MapQuery>): Promise<MapResponse> {
  const [{ map }, known] = await Promise.all([readMap(d, actor, q), knownAreas(d)]);
  return { ...map, areas: boundariesUnder(known.all, map.area) };
}
