import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { districtOf, type Enterprise, type HistoryEntry } from '@safegrid/shared';
import type { Entities } from './entities';
import { subtreePrefix, underArea } from './table';
import { queryPages } from './query-all';

export async function getEnterprise(db: Entities, id: string): Promise<Enterprise | undefined> {
  const { Item } = await db.enterprises.build(GetItemCommand).key({ id }).send();
  return Item;
}

/**
 * A business's natural key within its district: the credit code, or (without one) a hash of its
 * normalised name and address. The census import finds files by it; creates are unique by it.
 */
export function enterpriseKeyOf(e: Pick<Enterprise, 'uscc' | 'name' | 'address' | 'area'>): string {
  const district = districtOf(e.area);
  if (e.uscc) return `${district}#USCC#${e.uscc}`;
  const norm = (s: string) => s.replace(/\s+/g, '').toLowerCase();
  return `${district}#NA#${createHash('sha256').update(`${norm(e.name)}|${norm(e.address)}`).digest('hex').slice(0, 32)}`;
}

export async function enterpriseIdByKey(db: Entities, key: string): Promise<string | undefined> {
  const { Item } = await db.enterpriseKeys.build(GetItemCommand).key({ key }).send();
  return Item?.enterpriseId;
}

/** The newest history entries of a file, newest first. */
export async function listHistory(db: Entities, enterpriseId: string, limit = 50): Promise<HistoryEntry[]> {
  const page = await db.table
    .build(QueryCommand)
    .entities(db.enterpriseHistory)
    .query({ partition: `ENT#${enterpriseId}`, range: { beginsWith: 'HIST#' } })
    .options({ reverse: true, limit })
    .send();
  return (page.Items ?? []).map(({ at, byId, byName, kind, changes }) => ({ at, byId, byName, kind, changes }));
}

export interface LedgerFilter {
  area: string;
  q?: string;
  industry?: Enterprise['industry'];
  riskClass?: Enterprise['riskClass'];
  tag?: Enterprise['tags'][number];
  status?: Enterprise['status'];
  guaranteeLeaderId?: string;
  /** Only files verified before this instant (due for their monthly update). */
  verifiedBefore?: string;
}

const USCC_PREFIX = /^[0-9A-HJ-NP-RTUW-Y]{2,18}$/;

/**
 * Which index answers a ledger question: the most selective key the filter names, always
 * narrowed to the area subtree by the sort key; what the key cannot say becomes a filter.
 */
export function planLedgerQuery(f: LedgerFilter) {
  const district = districtOf(f.area);
  const under = { beginsWith: subtreePrefix(f.area) };
  type Cond = Record<string, unknown>;
  const filters: Cond[] = [];
  let key: { index: 'gsi1' | 'gsi2' | 'gsi3' | 'gsi4' | 'gsi5'; partition: string; range: { beginsWith: string } };
  const byUscc = f.q && USCC_PREFIX.test(f.q.toUpperCase());
  if (byUscc) {
    key = { index: 'gsi5', partition: `ENTUSCC#${district}`, range: { beginsWith: f.q!.toUpperCase() } };
    filters.push({ attr: 'area', beginsWith: subtreePrefix(f.area).slice(0, -1) });
  } else if (f.guaranteeLeaderId) key = { index: 'gsi4', partition: `ENTGL#${f.guaranteeLeaderId}`, range: under };
  else if (f.industry) key = { index: 'gsi2', partition: `ENTIND#${district}#${f.industry}`, range: under };
  else if (f.riskClass) key = { index: 'gsi3', partition: `ENTRISK#${district}#${f.riskClass}`, range: under };
  else key = { index: 'gsi1', partition: `ENTS#${district}`, range: under };

  if (f.q && !byUscc) filters.push({ attr: 'name', contains: f.q });
  if (f.industry && key.index !== 'gsi2') filters.push({ attr: 'industry', eq: f.industry });
  if (f.riskClass && key.index !== 'gsi3') filters.push({ attr: 'riskClass', eq: f.riskClass });
  if (f.guaranteeLeaderId && key.index !== 'gsi4') filters.push({ attr: 'guaranteeLeaderId', eq: f.guaranteeLeaderId });
  if (f.status) filters.push({ attr: 'status', eq: f.status });
  if (f.tag) filters.push({ attr: 'tags', contains: f.tag });
  if (f.verifiedBefore) filters.push({ attr: 'verifiedAt', lt: f.verifiedBefore });
  return { key, filter: filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : { and: filters } };
}

/** The key DynamoDB would resume after this file on the chosen index. */
function resumeKey(index: string, partition: string, e: Enterprise): Record<string, unknown> {
  return {
    pk: `ENT#${e.id}`,
    sk: 'ENT',
    [`${index}pk`]: partition,
    [`${index}sk`]: index === 'gsi5' ? e.uscc : underArea(e.area, e.id),
  };
}

/** Items read per request when a filter may discard most of them. */
const FILTERED_READ = 200;

/**
 * One page of the ledger. Without a filter each request asks for exactly what is missing; with one,
 * it reads in larger steps (DynamoDB applies Limit before the filter), and a page that comes back
 * fuller than asked is cut with a cursor built from its last kept file, so nothing is skipped.
 */
export async function queryLedger(db: Entities, f: LedgerFilter, limit: number, cursor?: string, maxRequests = 20) {
  const { key, filter } = planLedgerQuery(f);
  const items: Enterprise[] = [];
  let exclusiveStartKey = db.cursors.open(cursor, { key, filter });
  for (let i = 0; i < maxRequests && items.length < limit; i++) {
    const page = await db.table
      .build(QueryCommand)
      .entities(db.enterprises)
      .query(key)
      .options({
        limit: filter ? FILTERED_READ : limit - items.length,
        exclusiveStartKey,
        ...(filter ? { filters: { Enterprise: filter as never } } : {}),
      })
      .send();
    items.push(...(page.Items ?? []));
    exclusiveStartKey = page.LastEvaluatedKey;
    if (!exclusiveStartKey) break;
  }
  if (items.length > limit) {
    items.length = limit;
    exclusiveStartKey = resumeKey(key.index, key.partition, items[limit - 1]!);
  }
  return { items, cursor: db.cursors.seal(exclusiveStartKey, { key, filter }) };
}

/** How many files under an area match: a COUNT query, no items read back. */
export async function countLedger(db: Entities, f: LedgerFilter): Promise<number> {
  const { key, filter } = planLedgerQuery(f);
  let count = 0;
  let exclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await db.table
      .build(QueryCommand)
      .entities(db.enterprises)
      .query(key)
      .options({ select: 'COUNT', exclusiveStartKey, ...(filter ? { filters: { Enterprise: filter as never } } : {}) })
      .send();
    count += page.Count ?? 0;
    exclusiveStartKey = page.LastEvaluatedKey;
  } while (exclusiveStartKey);
  return count;
}

/** The attributes a map point needs: nothing personal is read back. */
const POINT_ATTRIBUTES = ['id', 'name', 'lat', 'lng', 'riskClass', 'industry'] as const;
export type EnterprisePoint = Pick<Enterprise, (typeof POINT_ATTRIBUTES)[number]>;

/**
 * Every file of a filtered ledger that is not closed (注销), as map points: the ledger's own key
 * choice (`planLedgerQuery`), only the point's attributes projected, all pages followed. Each
 * request reads up to 1 MB before projection, so a street of 1,500 files is two requests.
 */
export async function ledgerPoints(db: Entities, f: Omit<LedgerFilter, 'status'>): Promise<{ items: EnterprisePoint[]; requests: number; readUnits: number }> {
  const { key, filter } = planLedgerQuery(f);
  const notClosed = { attr: 'status', ne: '注销' };
  const { items, requests, readUnits } = await queryPages(db.table, db.enterprises, key, { attributes: POINT_ATTRIBUTES, filter: filter ? { and: [filter, notClosed] } : notClosed });
  return { items: items as EnterprisePoint[], requests, readUnits };
}
