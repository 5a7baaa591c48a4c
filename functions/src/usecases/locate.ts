/**
 * Which grid a point falls in, and the businesses near it. Areas carry a centre, not a boundary,
 * so a point belongs to the nearest leaf area (micro-grid, or a grid without micro-grids).
 */
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { type Area, DomainError, districtOf, distanceM, selfAndAncestors } from '@safegrid/shared';
import type { Deps } from '../deps';
import { listChildren } from '../repos/areas';
import { queryAll } from '../repos/query-all';
import { subtreePrefix } from '../repos/table';

/** A point further than this from every grid centre is outside the districts we serve. */
const MAX_DISTANCE_M = 5_000;
/** Areas change rarely (an admin adds a grid); a warm function re-reads them after this. */
const CACHE_MS = 5 * 60_000;

let cache: { at: number; areas: Promise<Area[]> } | undefined;

async function allAreas(d: Deps): Promise<Area[]> {
  const districts = await listChildren(d.db, undefined);
  const lists = await Promise.all(districts.map((x) => queryAll(d.db.table, d.db.areas, { index: 'gsi2', partition: `AREAS#${districtOf(x.path)}` })));
  return lists.flat();
}

function areas(d: Deps): Promise<Area[]> {
  const now = Date.now();
  if (!cache || now - cache.at > CACHE_MS) cache = { at: now, areas: allAreas(d).catch((e) => ((cache = undefined), Promise.reject(e))) };
  return cache.areas;
}

/** Forget the cached areas (tests that create areas). */
export const forgetAreas = () => {
  cache = undefined;
};

export async function locate(d: Deps, lng: number, lat: number) {
  const all = await areas(d);
  const parents = new Set(all.map((a) => a.parent));
  let best: { area: Area; distance: number } | undefined;
  for (const area of all) {
    if (parents.has(area.path) || area.lng === undefined || area.lat === undefined) continue;
    const distance = distanceM({ lng, lat }, area);
    if (!best || distance < best.distance) best = { area, distance };
  }
  if (!best || best.distance > MAX_DISTANCE_M) return undefined;
  const byPath = new Map(all.map((a) => [a.path, a]));
  return {
    area: best.area.path,
    areaName: best.area.name,
    names: selfAndAncestors(best.area.path).map((p) => byPath.get(p)?.name ?? p),
    distanceM: Math.round(best.distance),
  };
}

export async function locateArea(d: Deps, lng: number, lat: number) {
  const found = await locate(d, lng, lat);
  if (!found) throw new DomainError('NOT_FOUND', '该位置不在本系统服务的区域内，请确认定位后重试');
  return found;
}

const NEARBY_LIMIT = 20;

/**
 * Businesses near a point, for a reporter to name the one a hazard is at: the community the point
 * falls in, nearest first. Only the name and address leave, which the business shows on its door.
 */
export async function nearbyEnterprises(d: Deps, lng: number, lat: number, q?: string) {
  const found = await locate(d, lng, lat);
  if (!found) return { enterprises: [] };
  const community = selfAndAncestors(found.area).slice(0, 3).pop()!;
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.enterprises)
    .query({ index: 'gsi1', partition: `ENTS#${districtOf(community)}`, range: { beginsWith: subtreePrefix(community) } })
    .options({ ...(q ? { filters: { Enterprise: { attr: 'name', contains: q } } } : {}), maxPages: Infinity })
    .send();
  const enterprises = (page.Items ?? [])
    .filter((e) => e.status !== '注销')
    .map((e) => ({ id: e.id, name: e.name, address: e.address, distanceM: Math.round(distanceM({ lng, lat }, e)) }))
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, NEARBY_LIMIT);
  return { enterprises };
}
