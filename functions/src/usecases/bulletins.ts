/**
 * The monthly bulletin (月通报): for an area and a month, generated on demand or by the
 * monthly schedule, published once by the area's supervisors, then read by everyone under the area.
 *
 * - Figures and ranking are the dashboard's (`dashboard` over the one month), never summed here.
 * - The overdue list is the sparse overdue index under the area (gsi6), longest overdue first.
 * - 拒不整改 (named enterprises): an enterprise is named when, at generation, one of its hazards under
 *   the area (a) stands in 执法处置 — escalated to an enforcement clue and not yet disposed of — or
 *   (b) is still overdue after a letter (风险提醒函 or 工作督办函) was issued to it. A hazard that was
 *   rectified after its letter is not named: the bulletin names who still refuses.
 * - One item per area and month; a draft is replaced under the version it was read at, a published
 *   one never (every write is conditioned on `draft`, so a refused write is a 409).
 */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type * as z from 'zod';
import {
  type Actor,
  type Bulletin,
  type BulletinOverdueRow,
  type BulletinRefusedRow,
  type BulletinSummary,
  type GenerateBulletinBody,
  type ListBulletinsQuery,
  BULLETIN_KEEPERS,
  BULLETIN_MAX_OVERDUE_ROWS,
  BULLETIN_READERS,
  BULLETIN_SCHEDULE,
  BULLETIN_STATE_LABELS,
  DomainError,
  ESCALATION_LABELS,
  bulletinId,
  canReachArea,
  dueAt,
  isWithin,
  parseBulletinId,
  periodOf,
  previousMonth,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { getArea, listChildren } from '../repos/areas';
import type { Entities } from '../repos/entities';
import { type HazardRecord, hazardsUnder, overdueHazardsUnder } from '../repos/hazards';
import { dashboard } from './dashboard';
import { NameCache } from './views';

type BulletinRecord = FormattedItem<Entities['bulletins']>;
type Snapshot = Pick<Bulletin, 'figures' | 'overdue' | 'refused' | 'overdueTotal' | 'refusedCount'>;

const DAY_MS = 86_400_000;

/** May generate and publish the area's bulletins (and see its drafts). */
export const keepsBulletins = (actor: Actor, area: string) => canReachArea(actor, area, ...BULLETIN_KEEPERS);

/** May read the area's published bulletins: its keepers, and readers in the area or under it (publishing goes down), or above it. */
export const readsBulletins = (actor: Actor, area: string) =>
  keepsBulletins(actor, area) ||
  actor.grants.some((g) => (BULLETIN_READERS as readonly string[]).includes(g.role) && g.area !== undefined && (isWithin(g.area, area) || isWithin(area, g.area)));

function summaryOf(b: BulletinRecord): BulletinSummary {
  const s = b.snapshot as Snapshot;
  return {
    id: bulletinId(b.area, b.month),
    area: b.area,
    areaName: b.areaName,
    month: b.month,
    state: b.state,
    stateLabel: BULLETIN_STATE_LABELS[b.state],
    version: b.version,
    generatedAt: b.generatedAt,
    generatedBy: b.generatedBy,
    generatedByName: b.generatedByName,
    ...(b.publishedAt ? { publishedAt: b.publishedAt } : {}),
    ...(b.publishedBy ? { publishedBy: b.publishedBy } : {}),
    ...(b.publishedByName ? { publishedByName: b.publishedByName } : {}),
    overdueTotal: s.overdueTotal,
    refusedCount: s.refusedCount,
  };
}

export function bulletinOf(b: BulletinRecord): Bulletin {
  const s = b.snapshot as Snapshot;
  return { ...summaryOf(b), figures: s.figures, overdue: s.overdue, refused: s.refused };
}

async function readBulletin(db: Entities, area: string, month: string): Promise<BulletinRecord | undefined> {
  const { Item } = await db.bulletins.build(GetItemCommand).key({ area, month }).options({ consistent: true }).send();
  return Item;
}

const conditionFailed = (error: unknown) => (error as { name?: string }).name === 'ConditionalCheckFailedException';
const PUBLISHED = () => new DomainError('CONFLICT', '该月通报已发布，不能再重新生成；如需更正，请在下月通报中说明');

/** Every page of a hazard Query. */
async function allHazards(fetch: (p: { limit: number; cursor?: string }) => Promise<{ hazards: HazardRecord[]; cursor?: string }>) {
  const out: HazardRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetch({ limit: 100, ...(cursor ? { cursor } : {}) });
    out.push(...page.hazards);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/** What the bulletin says about an area and month, read now. `reader` is who the dashboard is asked as. */
async function snapshotOf(d: Deps, reader: Actor, area: string, month: string, now: Date): Promise<{ areaName: string; snapshot: Snapshot }> {
  const [board, overdueHazards, enforcing] = await Promise.all([
    dashboard(d, reader, { area, from: month, to: month }),
    allHazards((p) => overdueHazardsUnder(d.db, area, p)),
    allHazards((p) => hazardsUnder(d.db, area, 'enforcing', p)),
  ]);
  const top = board.areas[0]!;
  const names = new NameCache(d.db);
  const daysOverdue = (h: HazardRecord) => (h.deadline ? Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt(h.deadline))) / DAY_MS)) : 0);
  const latestLetter = (h: HazardRecord) => {
    const l = [...h.letters].sort((a, b) => a.issuedAt.localeCompare(b.issuedAt)).pop();
    return l && { kind: l.kind, kindLabel: ESCALATION_LABELS[l.kind], number: l.number, issuedAt: l.issuedAt };
  };
  const sorted = overdueHazards.sort((a, b) => daysOverdue(b) - daysOverdue(a) || a.id.localeCompare(b.id));
  const overdue: BulletinOverdueRow[] = await Promise.all(
    sorted.slice(0, BULLETIN_MAX_OVERDUE_ROWS).map(async (h) => {
      const letter = latestLetter(h);
      return {
        hazardId: h.id,
        ...(h.enterpriseId ? { enterpriseId: h.enterpriseId } : {}),
        enterpriseName: (h.enterpriseId && (await names.enterprise(h.enterpriseId))) || '未关联企业',
        area: h.area,
        areaName: (await names.area(h.area)) ?? h.area,
        ...(h.level ? { level: h.level } : {}),
        deadline: h.deadline ?? '',
        daysOverdue: daysOverdue(h),
        ...(letter ? { latestLetter: letter } : {}),
      };
    }),
  );
  // 拒不整改: in enforcement, or still overdue after a letter; one row per enterprise.
  const named = new Map<string, { hazards: HazardRecord[]; happened: string[] }>();
  const name = (h: HazardRecord, happened: string) => {
    if (!h.enterpriseId) return;
    const row = named.get(h.enterpriseId) ?? { hazards: [], happened: [] };
    row.hazards.push(h);
    row.happened.push(happened);
    named.set(h.enterpriseId, row);
  };
  for (const h of enforcing) name(h, `隐患逾期未整改，已移交执法（${ESCALATION_LABELS.enforcement_clue}）`);
  for (const h of sorted) {
    const letter = latestLetter(h);
    if (letter) name(h, `收到${letter.kindLabel}（${letter.number}）后仍逾期未整改，逾期${daysOverdue(h)}天`);
  }
  const refused: BulletinRefusedRow[] = await Promise.all(
    [...named.entries()].map(async ([enterpriseId, row]) => {
      const at = row.hazards[0]!.area;
      return {
        enterpriseId,
        enterpriseName: (await names.enterprise(enterpriseId)) ?? enterpriseId,
        area: at,
        areaName: (await names.area(at)) ?? at,
        hazardIds: row.hazards.map((h) => h.id),
        happened: row.happened,
      };
    }),
  );
  refused.sort((a, b) => b.hazardIds.length - a.hazardIds.length || a.enterpriseName.localeCompare(b.enterpriseName, 'zh-CN'));
  const { children, ...figures } = top as typeof top & { rank?: number };
  delete (figures as { rank?: number }).rank;
  return {
    areaName: top.areaName,
    snapshot: { figures: { ...figures, children }, overdue, overdueTotal: overdueHazards.length, refused, refusedCount: refused.length },
  };
}

function checkMonth(month: string, now: Date) {
  if (month > periodOf(now)) throw new DomainError('VALIDATION_FAILED', '月份不能晚于本月：请选择已结束的月份或本月', { month: '不能晚于本月' });
}

async function areaOrNotFound(d: Deps, area: string) {
  const a = await getArea(d.db, area);
  if (!a) throw new DomainError('NOT_FOUND', '区域不存在，请检查区域编号', { area: '区域不存在' });
  return a;
}

/** `POST /bulletins`: drafts the area's bulletin for the month, or replaces its draft's snapshot; a published one is refused (409). */
export async function generateBulletin(d: Deps, actor: Actor, body: z.infer<typeof GenerateBulletinBody>) {
  const { area, month } = body;
  if (!keepsBulletins(actor, area)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内，只能生成本辖区的月通报');
  const now = d.clock.now();
  checkMonth(month, now);
  await areaOrNotFound(d, area);
  const existing = await readBulletin(d.db, area, month);
  if (existing?.state === 'published') throw PUBLISHED();
  const [{ areaName, snapshot }, byName] = await Promise.all([snapshotOf(d, actor, area, month, now), new NameCache(d.db).user(actor.userId)]);
  const record: BulletinRecord = {
    area,
    month,
    areaName,
    state: 'draft',
    version: (existing?.version ?? 0) + 1,
    generatedAt: now.toISOString(),
    generatedBy: actor.userId,
    generatedByName: byName ?? actor.userId,
    snapshot,
  };
  try {
    await d.db.bulletins
      .build(PutItemCommand)
      .item(record)
      .options({ condition: existing ? { and: [{ attr: 'version', eq: existing.version }, { attr: 'state', eq: 'draft' }] } : { attr: 'area', exists: false } })
      .send();
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const now2 = await readBulletin(d.db, area, month);
    if (now2?.state === 'published') throw PUBLISHED();
    throw new DomainError('CONFLICT', '该月通报刚被他人重新生成，请刷新后查看');
  }
  return { bulletin: bulletinOf(record), canPublish: true };
}

/** The monthly schedule: last month's draft for every district and each of its streets, only where none exists (running twice makes one). */
export async function monthlyBulletins(d: Deps) {
  const now = d.clock.now();
  const month = previousMonth(periodOf(now));
  const taken = { drafted: 0, existing: 0, failed: 0 };
  for (const district of await listChildren(d.db, undefined)) {
    // The schedule reads the figures as the district's own keeper would.
    const reader: Actor = { userId: BULLETIN_SCHEDULE, grants: [{ role: 'admin', area: district.path }] };
    const areas = [district, ...(await listChildren(d.db, district.path)).filter((a) => a.level === 'street')];
    for (const a of areas) {
      try {
        if (await readBulletin(d.db, a.path, month)) {
          taken.existing++;
          continue;
        }
        const { areaName, snapshot } = await snapshotOf(d, reader, a.path, month, now);
        await d.db.bulletins
          .build(PutItemCommand)
          .item({ area: a.path, month, areaName, state: 'draft', version: 1, generatedAt: now.toISOString(), generatedBy: BULLETIN_SCHEDULE, generatedByName: '系统定时生成', snapshot })
          .options({ condition: { attr: 'area', exists: false } })
          .send();
        taken.drafted++;
      } catch (error) {
        if (conditionFailed(error)) {
          taken.existing++;
          continue;
        }
        taken.failed++;
        logLine({ level: 'error', event: 'bulletin-failed', area: a.path, month, error: (error as Error).message });
      }
    }
  }
  return { month, ...taken };
}

/** `GET /bulletins?area=`: the area's bulletins, newest month first; drafts only for its keepers. */
export async function listBulletins(d: Deps, actor: Actor, query: z.infer<typeof ListBulletinsQuery>) {
  const { area } = query;
  if (!readsBulletins(actor, area)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const keeper = keepsBulletins(actor, area);
  const key = { partition: `BUL#${area}` };
  // A keeper's cursor lists drafts too: bound to who may see them, it is no use to a reader.
  const binding = { key, keeper };
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.bulletins)
    .query(key)
    .options({
      reverse: true,
      limit: query.limit ?? 20,
      exclusiveStartKey: d.db.cursors.open(query.cursor, binding),
      ...(keeper ? {} : { filters: { Bulletin: { attr: 'state', eq: 'published' } } }),
    } as never)
    .send();
  const items = (page.Items ?? []) as BulletinRecord[];
  const cursor = d.db.cursors.seal(page.LastEvaluatedKey, binding);
  return { bulletins: items.map(summaryOf), ...(cursor ? { cursor } : {}), canGenerate: keeper };
}

/** The bulletin the caller may read, or 404 (a draft is not shown to readers, nor is its existence). */
export async function readableBulletin(d: Deps, actor: Actor, id: string): Promise<BulletinRecord> {
  const key = parseBulletinId(id);
  const b = key && readsBulletins(actor, key.area) ? await readBulletin(d.db, key.area, key.month) : undefined;
  if (!b || (b.state === 'draft' && !keepsBulletins(actor, b.area))) throw new DomainError('NOT_FOUND', '月通报不存在或尚未发布');
  return b;
}

export async function getBulletin(d: Deps, actor: Actor, id: string) {
  const b = await readableBulletin(d, actor, id);
  return { bulletin: bulletinOf(b), canPublish: b.state === 'draft' && keepsBulletins(actor, b.area) };
}

/** `POST /bulletins/{id}/publish`: once; a retry (or a racing second tap) answers the published record. */
export async function publishBulletin(d: Deps, actor: Actor, id: string) {
  const b = await readableBulletin(d, actor, id);
  if (!keepsBulletins(actor, b.area)) throw new DomainError('FORBIDDEN', '只有本辖区的监管人员可以发布月通报');
  if (b.state === 'published') return { bulletin: bulletinOf(b), canPublish: false };
  const at = d.clock.now().toISOString();
  const byName = (await new NameCache(d.db).user(actor.userId)) ?? actor.userId;
  try {
    await d.db.bulletins
      .build(UpdateItemCommand)
      .item({ area: b.area, month: b.month, state: 'published', publishedAt: at, publishedBy: actor.userId, publishedByName: byName })
      .options({ condition: { and: [{ attr: 'state', eq: 'draft' }, { attr: 'version', eq: b.version }] } })
      .send();
  } catch (error) {
    if (!conditionFailed(error)) throw error;
    const after = await readBulletin(d.db, b.area, b.month);
    if (after?.state === 'published') return { bulletin: bulletinOf(after), canPublish: false };
    throw new DomainError('CONFLICT', '该月通报刚被重新生成，请刷新后核对再发布');
  }
  return { bulletin: bulletinOf({ ...b, state: 'published', publishedAt: at, publishedBy: actor.userId, publishedByName: byName }), canPublish: false };
}
