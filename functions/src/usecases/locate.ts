/**
 * Which grid a point falls in, and the businesses near it. Every area carries a boundary (GeoJSON,
 * GCJ-02); a point belongs to the deepest active grid or micro-grid whose boundary covers it
 * (`locateIn`, point-in-polygon with a bbox prefilter; a point on a shared edge goes to one of them
 * by a fixed rule). A point inside no boundary is outside the districts we serve (不在服务区域).
 */
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { type Area, DomainError, districtOf, distanceM, locateIn, selfAndAncestors } from '@safegrid/shared';
import type { Deps } from '../deps';
import { listChildren } from '../repos/areas';
import { queryAll } from '../repos/query-all';
import { subtreePrefix } from '../repos/table';
import { forgetAreaNames } from './views';

/** Areas change rarely (an admin adds a grid or redraws one); a warm function re-reads them after this. */
const CACHE_MS = 5 * 60_000;

interface Known {
  all: Area[];
  byPath: Map<string, Area>;
}
let cache: { at: number; areas: Promise<Known> } | undefined;

/** Every area of every district: one Query per district on gsi2 (`AREAS#<district>`), boundaries included. */
async function allAreas(d: Deps): Promise<Known> {
  const districts = await listChildren(d.db, undefined);
  const lists = await Promise.all(districts.map((x) => queryAll(d.db.table, d.db.areas, { index: 'gsi2', partition: `AREAS#${districtOf(x.path)}` })));
  const all = lists.flat();
  return { all, byPath: new Map(all.map((a) => [a.path, a])) };
}

/** The areas, read once per container and kept CACHE_MS; `forgetAreas` drops them when this container changes one. */
export function knownAreas(d: Deps): Promise<Known> {
  const now = Date.now();
  if (!cache || now - cache.at > CACHE_MS) cache = { at: now, areas: allAreas(d).catch((e) => ((cache = undefined), Promise.reject(e))) };
  return cache.areas;
}

/**
 * Forget the cached areas: called by every write of an area in this container (create, rename,
 * boundary, deactivation, import), so the container that made a change locates by it at once.
 * Other warm containers see it within CACHE_MS.
 */
export const forgetAreas = () => {
  cache = undefined;
  forgetAreaNames();
};

/** Areas read this long ago are read again before a point is said to be outside them all. */
const MISS_REREAD_MS = 10_000;

export async function locate(d: Deps, lng: number, lat: number) {
  let { all, byPath } = await knownAreas(d);
  let area = locateIn(all, lng, lat);
  // A grid drawn in another container in the last CACHE_MS: a report from it must not be turned away as 不在服务区域.
  if (!area && cache && Date.now() - cache.at > MISS_REREAD_MS) {
    forgetAreas();
    ({ all, byPath } = await knownAreas(d));
    area = locateIn(all, lng, lat);
  }
  if (!area) return undefined;
  return {
    area: area.path,
    areaName: area.name,
    names: selfAndAncestors(area.path).map((p) => byPath.get(p)?.name ?? p),
    /** From the point to the area's centre (a point inside it). */
    distanceM: area.lng === undefined || area.lat === undefined ? 0 : Math.round(distanceM({ lng, lat }, area)),
  };
}

/** Said wherever a point lies inside no grid's boundary. */
export const OUTSIDE_SERVICE_AREA = '该位置不在本系统服务区域内（不在任何网格范围内），请确认定位';

export async function locateArea(d: Deps, lng: number, lat: number) {
  const found = await locate(d, lng, lat);
  if (!found) throw new DomainError('NOT_FOUND', `${OUTSIDE_SERVICE_AREA}后重试`, { lng: '不在服务区域' });
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
