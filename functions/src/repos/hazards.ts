import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateTransaction } from 'dynamodb-toolbox/entity/actions/transactUpdate';
import { $add } from 'dynamodb-toolbox/entity/actions/update/symbols';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { type CounterDelta, type HazardState, OPEN_STATES, districtOf } from '@safegrid/shared';
import type { Entities } from './entities';
import { type INDEXES, subtreePrefix } from './table';
import { queryPages } from './query-all';
import { type Write, transact } from './transact';

export type HazardRecord = FormattedItem<Entities['hazards']>;
export type HazardEventRecord = FormattedItem<Entities['hazardEvents']>;

export async function getHazard(db: Entities, id: string): Promise<HazardRecord | undefined> {
  const { Item } = await db.hazards.build(GetItemCommand).key({ id }).send();
  return Item;
}

export async function getHazardEvent(db: Entities, hazardId: string, seq: number): Promise<HazardEventRecord | undefined> {
  const { Item } = await db.hazardEvents.build(GetItemCommand).key({ hazardId, seq }).send();
  return Item;
}

/** A hazard with its whole timeline and flagged photos: one Query on its partition. */
export async function getHazardWithTimeline(db: Entities, id: string) {
  let hazard: HazardRecord | undefined;
  const events: HazardEventRecord[] = [];
  const blocked = new Set<string>();
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .entities(db.hazards, db.hazardEvents, db.blockedPhotos)
      .query({ partition: `HAZ#${id}` })
      .options({ exclusiveStartKey, consistent: true, showEntityAttr: true })
      .send();
    for (const item of (page.Items ?? []) as { entity: string }[]) {
      if (item.entity === 'Hazard') hazard = item as unknown as HazardRecord;
      else if (item.entity === 'HazardEvent') events.push(item as unknown as HazardEventRecord);
      else blocked.add((item as unknown as { key: string }).key);
    }
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  if (hazard) for (const key of hazard.blockedPhotos ?? []) blocked.add(key);
  return hazard && { hazard, events, blocked };
}

/** The counter updates of a move, one per (area, period) item. */
export function counterWrites(db: Entities, deltas: CounterDelta[]): Write[] {
  return deltas.map(
    (delta) =>
      db.counters
        .build(UpdateTransaction)
        .item({ area: delta.area, period: delta.period, ...Object.fromEntries(Object.entries(delta.add).map(([k, n]) => [k, $add(n)])) } as never) as never,
  );
}

/**
 * Writes a move: the hazard (conditioned on the version it was read at, or on being new), its
 * timeline event, the counters and anything else the move issues, all or nothing.
 */
export async function writeMove(
  db: Entities,
  move: { before?: HazardRecord; after: HazardRecord; event: HazardEventRecord; deltas: CounterDelta[]; extra?: Write[] },
): Promise<void> {
  const { before, after, event } = move;
  await transact([
    db.hazards
      .build(PutTransaction)
      .item(after)
      .options({ condition: before ? { attr: 'version', eq: before.version } : { attr: 'id', exists: false } }) as never,
    db.hazardEvents.build(PutTransaction).item(event).options({ condition: { attr: 'hazardId', exists: false } }) as never,
    ...counterWrites(db, move.deltas),
    ...(move.extra ?? []),
  ]);
}

type Page = { limit: number; cursor?: string };

type Key = { index: (typeof INDEXES)[number]; partition: string; range?: { beginsWith: string } | { lte: string } };

async function page(db: Entities, key: Key, p: Page, extra: Record<string, unknown> = {}) {
  const result = await db.table
    .build(QueryCommand)
    .entities(db.hazards)
    .query(key as never)
    .options({ limit: p.limit, exclusiveStartKey: db.cursors.open(p.cursor, [key, extra]), ...extra } as never)
    .send();
  return { hazards: (result.Items ?? []) as HazardRecord[], cursor: db.cursors.seal(result.LastEvaluatedKey, [key, extra]) };
}

/**
 * Hazards under an area, in any state or in one. `newestFirst` reads the index backwards: newest
 * first within each micro-grid (the key is the area's path, then the hazard's time-ordered id).
 */
export function hazardsUnder(db: Entities, area: string, state: HazardState | undefined, p: Page, newestFirst = false) {
  const district = districtOf(area);
  const extra = newestFirst ? { reverse: true } : {};
  return state
    ? page(db, { index: 'gsi2', partition: `HAZST#${district}#${state}`, range: { beginsWith: subtreePrefix(area) } }, p, extra)
    : page(db, { index: 'gsi1', partition: `HAZ#${district}`, range: { beginsWith: subtreePrefix(area) } }, p, extra);
}

/** Overdue hazards under an area (past their deadline and escalated, not yet moved on). */
export function overdueHazardsUnder(db: Entities, area: string, p: Page) {
  return page(db, { index: 'gsi6', partition: `HAZOVERDUE#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } }, p);
}

/** The hazards someone reported, newest first. */
export function hazardsReportedBy(db: Entities, reporterId: string, p: Page) {
  return page(db, { index: 'gsi3', partition: `HAZREP#${reporterId}` }, p, { reverse: true });
}

/** An enterprise's hazards, in one state or all. */
export function hazardsOfEnterprise(db: Entities, enterpriseId: string, state: HazardState | undefined, p: Page) {
  return page(db, { index: 'gsi4', partition: `HAZENT#${enterpriseId}`, ...(state ? { range: { beginsWith: `${state}#` } } : {}) }, p);
}

/** Every hazard of an enterprise (in one state or all), all pages followed: an enterprise has few. */
export async function allHazardsOfEnterprise(db: Entities, enterpriseId: string, state: HazardState | undefined): Promise<HazardRecord[]> {
  const { items } = await queryPages(db.table, db.hazards, { index: 'gsi4', partition: `HAZENT#${enterpriseId}`, ...(state ? { range: { beginsWith: `${state}#` } } : {}) });
  return items as HazardRecord[];
}

/** Hazards of a district whose running deadline ran out by `now`, longest overdue first. */
export function hazardsDueForEscalation(db: Entities, district: string, now: string, p: Page) {
  return page(db, { index: 'gsi5', partition: `HAZDUE#${district}`, range: { lte: `${now}#~` } }, p);
}

/**
 * The open hazards under an area, per enterprise: one Query per open state on gsi2 (the work
 * queues' key), projecting only the enterprise and the overdue flag, all pages followed.
 */
export async function openHazardCountsUnder(db: Entities, area: string) {
  const district = districtOf(area);
  const counts = new Map<string, { open: number; overdue: number }>();
  let requests = 0;
  let readUnits = 0;
  await Promise.all(
    OPEN_STATES.map(async (state) => {
      const page = await queryPages(db.table, db.hazards, { index: 'gsi2', partition: `HAZST#${district}#${state}`, range: { beginsWith: subtreePrefix(area) } }, { attributes: ['enterpriseId', 'overdue'] });
      requests += page.requests;
      readUnits += page.readUnits;
      for (const h of page.items as { enterpriseId?: string; overdue?: boolean }[]) {
        if (!h.enterpriseId) continue;
        const c = counts.get(h.enterpriseId) ?? { open: 0, overdue: 0 };
        c.open++;
        if (h.overdue) c.overdue++;
        counts.set(h.enterpriseId, c);
      }
    }),
  );
  return { counts, requests, readUnits };
}
