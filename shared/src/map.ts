/**
 * The map (一张图): the businesses of an area as points coloured by risk class, each with
 * its open and overdue hazards. Only what a map draws: no phones, no people, no addresses.
 */
import * as z from 'zod';
import { INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS } from './enums';
import { ENTERPRISE_FIELD_LABELS as L, LEDGER_READERS } from './ledger';
import type { Role } from './roles';
import { AreaLevelSchema, AreaPath } from './schemas';
import { BoundaryShape } from './boundaries';

/**
 * Who reads the map: the ledger's readers, in their areas. A guarantee leader's grant is an area
 * (their street), and the ledger already shows them that area's files, so the map shows them the
 * same businesses (as points and counts, less than the ledger does), not only their named ones.
 */
export const MAP_READERS: readonly Role[] = LEDGER_READERS;

export const MapQuery = z.strictObject({
  /** Default: the caller's first area as a ledger reader (the ledger's own default). */
  area: AreaPath.optional().describe('区域'),
  industry: z.enum(INDUSTRIES).optional().describe(L.industry),
  riskClass: z.enum(RISK_CLASSES).optional().describe(L.riskClass),
  tag: z.enum(SPECIAL_TAGS).optional().describe(L.tags),
});

export const MapPoint = z.object({
  id: z.string(),
  name: z.string(),
  lat: z.number(),
  lng: z.number(),
  riskClass: z.enum(RISK_CLASSES),
  industry: z.enum(INDUSTRIES),
  /** Hazards of this business not closed, rejected or merged (`OPEN_STATES`). */
  openHazards: z.number().int(),
  /** Of those, the ones past their deadline and escalated. */
  overdueHazards: z.number().int(),
});
export type MapPoint = z.infer<typeof MapPoint>;

export const MapBounds = z.object({ minLat: z.number(), maxLat: z.number(), minLng: z.number(), maxLng: z.number() });
export type MapBounds = z.infer<typeof MapBounds>;

/** An area drawn on the map: its boundary (GCJ-02) and where its name goes. */
export const MapArea = z.object({
  path: z.string(),
  name: z.string(),
  level: AreaLevelSchema,
  boundary: BoundaryShape,
  lng: z.number().optional(),
  lat: z.number().optional(),
});
export type MapArea = z.infer<typeof MapArea>;

export const MapResponse = z.object({
  area: z.string(),
  /** The boundaries of the area and of the areas up to two levels under it (the H5 map's base map). */
  areas: z.array(MapArea).optional(),
  /** The points' bounding box; absent when there are none. */
  bounds: MapBounds.optional(),
  points: z.array(MapPoint),
  total: z.number().int(),
});
export type MapResponse = z.infer<typeof MapResponse>;

/** The smallest box around the points (undefined for none). */
export function boundsOf(points: readonly { lat: number; lng: number }[]): MapBounds | undefined {
  if (points.length === 0) return undefined;
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  for (const p of points) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLng = Math.min(minLng, p.lng);
    maxLng = Math.max(maxLng, p.lng);
  }
  return { minLat, maxLat, minLng, maxLng };
}
