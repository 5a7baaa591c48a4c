/**
 * The map (一张图, issue #9): the businesses of an area, not closed, filtered as the ledger is, as
 * points with their open and overdue hazards. Two reads at once, both Queries on keys that start
 * with the area path (scope is part of the key): the ledger's index for the filter (gsi1 area,
 * gsi2 industry, gsi3 risk class) projected to the point's attributes, and the open hazards under
 * the area on gsi2, one Query per open state, projected to enterprise and overdue flag.
 */
import type * as z from 'zod';
import { type Actor, type MapQuery, type MapResponse, boundsOf } from '@safegrid/shared';
import type { Deps } from '../deps';
import { ledgerPoints } from '../repos/enterprises';
import { openHazardCountsUnder } from '../repos/hazards';
import { ledgerArea } from './ledger';

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

export async function mapPoints(d: Deps, actor: Actor, q: z.infer<typeof MapQuery>): Promise<MapResponse> {
  return (await readMap(d, actor, q)).map;
}
