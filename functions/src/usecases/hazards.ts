/**
 * The hazard loop's use cases: report, move (every step of the loop goes through `commitMove`),
 * read, and the lists each role works from.
 */
import { createHash } from 'node:crypto';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import type * as z from 'zod';
import {
  DomainError,
  HAZARD_READERS,
  MAX_PHOTO_BYTES,
  QUEUE_LABELS,
  type Actor,
  HAZARD_SOURCE_LABELS,
  HAZARD_STATE_LABELS,
  type CreateHazardPhotoUploadBody,
  type ExportHazardsBody,
  type EscalationStep,
  type HazardCore,
  type ListHazardsQuery,
  type MoveData,
  type MoveHazardBody,
  type PageQuery,
  type QUEUE_KINDS,
  type HazardQueueQuery,
  type Relation,
  type ReportHazardBody,
  applyMove,
  areasOf,
  canReachArea,
  canSee,
  counterDeltas,
  mergeDeltas,
  HAZARD_PHOTO_PREFIX,
  DEADLINE_STATES,
  dueAt,
  relationsOf,
  recheckDayBucket,
  shanghaiDate,
  sourceOf,
  sourceSeenBy,
  OPEN_STATES,
  areaDeltas,
  stockKeys,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { getEnterprise } from '../repos/enterprises';
import {
  type HazardEventRecord,
  type HazardRecord,
  getHazard,
  getHazardEvent,
  allHazardsOfEnterprise,
  getHazardWithTimeline,
  hazardsOfEnterprise,
  hazardsReportedBy,
  hazardsUnder,
  overdueHazardsUnder,
  writeMove,
} from '../repos/hazards';
import { personCounterWrite } from '../repos/person-counters';
import { type Write, cancellationReasons } from '../repos/transact';
import { getUser } from '../repos/users';
import { escalationSteps } from './escalation-rules';
import { allPages, exportWorkbook, shanghaiMinute, yuanCell } from './exports';
import { hazardSummary, hazardView, timelineView } from './hazard-views';
import { OUTSIDE_SERVICE_AREA, locate } from './locate';
import { notifyAfterMove, notifyNewReport } from './notify';
import { limitReached, requireQuota, spend, spendWrite } from './rate-limits';
import { rewardProposal } from './rewards';
import { extensionOf, hazardPhotoKey, hazardPhotoOf, photoFields, presignedUpload, requireUploadedPhotos } from './uploads';
import { NameCache } from './views';

const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const isReader = (relations: Set<Relation>) => HAZARD_READERS.some((r) => relations.has(r));
/** Roles that list hazards by area (admins and guarantee leaders read them, moving nothing). */
const AREA_READERS = ['gridworker', 'supervisor', 'department', 'enforcement', 'guarantee_leader', 'admin'] as const;
const DEFAULT_PAGE = 20;
/** How many pages a keyword search reads before answering with what it found so far. */
const SEARCH_READS = 5;

export function coreOf(h: HazardRecord): HazardCore {
  return {
    id: h.id,
    state: h.state,
    area: h.area,
    source: h.source,
    reporterId: h.reporterId,
    escalation: h.escalation,
    ...(h.enterpriseId ? { enterpriseId: h.enterpriseId } : {}),
    ...(h.level ? { level: h.level } : {}),
    ...(h.deadline ? { deadline: h.deadline } : {}),
    ...(h.overdue ? { overdue: true } : {}),
    // A hazard rejected before rejectedOn was recorded was last updated by its rejection.
    ...(h.state === 'rejected' ? { rejectedOn: h.rejectedOn ?? shanghaiDate(h.updatedAt) } : {}),
    ...(h.appealed ? { appealed: true } : {}),
  };
}

/** Reads a hazard with its timeline and presents it to the caller. */
async function detail(d: Deps, actor: Actor, id: string) {
  return present(d, actor, await getHazardWithTimeline(d.db, id));
}

/** A hazard and its timeline as the actor may see them. */
async function present(d: Deps, actor: Actor, found: Awaited<ReturnType<typeof getHazardWithTimeline>>) {
  const relations = found && relationsOf(actor, found.hazard);
  if (!found || !relations || !isReader(relations)) throw new DomainError('NOT_FOUND', '隐患不存在或您无权查看');
  const names = new NameCache(d.db);
  const [hazard, timeline] = await Promise.all([
    hazardView(d, found.hazard, relations, names, found.blocked),
    timelineView(d, found.hazard, found.events, relations, names, found.blocked),
  ]);
  return { hazard, timeline };
}

export const getHazardDetail = detail;

export async function createHazardPhotoUpload(d: Deps, actor: Actor, body: z.infer<typeof CreateHazardPhotoUploadBody>) {
  await spend(d, actor.userId, 'upload');
  return presignedUpload(d, hazardPhotoKey(d, actor.userId, extensionOf(body.contentType)), body.contentType, MAX_PHOTO_BYTES);
}

/** A hazard as first reported, its first timeline event and what it adds to the counters. */
export function newHazard(input: {
  id: string;
  area: string;
  source: HazardCore['source'];
  reporterId: string;
  anonymous: boolean;
  category: HazardRecord['category'];
  description: string;
  photos: string[];
  lng: number;
  lat: number;
  address?: string;
  enterpriseId?: string;
  at: string;
  requestHash: string;
}) {
  const { at, address, enterpriseId, ...rest } = input;
  const hazard: HazardRecord = {
    ...rest,
    state: 'reported',
    ...(address ? { address } : {}),
    ...(enterpriseId ? { enterpriseId } : {}),
    escalation: 0,
    letters: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
  const event: HazardEventRecord = {
    hazardId: hazard.id,
    seq: 1,
    at,
    kind: 'report',
    byId: hazard.reporterId,
    area: hazard.area,
    state: 'reported',
    data: { category: hazard.category, description: hazard.description },
    photos: hazard.photos,
    requestHash: hazard.requestHash,
  };
  return { hazard, event, deltas: counterDeltas(undefined, coreOf(hazard), { kind: 'report', at }) };
}

export async function reportHazard(d: Deps, actor: Actor, body: z.infer<typeof ReportHazardBody>) {
  const requestHash = hashOf({ by: actor.userId, body });
  // Reads that need nothing of each other go out together: under load every round trip waits its turn again, and
  // a report's were the slowest requests of the local soak (bench/load). Refusals still come in the order below.
  const [existing, quota, user, enterprise] = await Promise.all([
    getHazard(d.db, body.id),
    // Refused before WeChat's content check, which has a quota of its own; the count itself is taken with the write below.
    failureOf(requireQuota(d, actor.userId, 'report')),
    getUser(d.db, actor.userId),
    body.enterpriseId ? getEnterprise(d.db, body.enterpriseId) : undefined,
  ]);
  if (existing) return sameOrConflict(d, actor, existing, requestHash);
  if (quota) throw quota;

  const text = [body.description, body.address].filter(Boolean).join('\n');
  const [safe, photos, located] = await Promise.all([
    d.wechat.textIsSafe(user?.openid ?? '', text),
    failureOf(requireUploadedPhotos(d, photoFields(body.photos), HAZARD_PHOTO_PREFIX, hazardPhotoOf(d, actor.userId))),
    enterprise ? undefined : locate(d, body.lng, body.lat),
  ]);
  if (!safe) throw new DomainError('VALIDATION_FAILED', '描述中含有不宜发布的内容，请修改后重新提交', { description: '含有不宜发布的内容，请修改' });
  if (photos) throw photos;
  if (body.enterpriseId && !enterprise) throw new DomainError('VALIDATION_FAILED', '所选企业不存在，请重新选择', { enterpriseId: '企业不存在' });
  const area = enterprise?.area ?? located?.area;
  if (!area) throw new DomainError('VALIDATION_FAILED', OUTSIDE_SERVICE_AREA, { lng: '不在服务区域：该位置不在任何网格范围内' });

  const { hazard, event, deltas } = newHazard({
    ...body,
    area,
    source: sourceOf(actor, enterprise?.id, area),
    reporterId: actor.userId,
    enterpriseId: enterprise?.id,
    at: d.clock.now().toISOString(),
    requestHash,
  });
  const checks = await photoChecks(d, user?.openid ?? '', hazard);
  try {
    // The quota's conditional add is the transaction's last item: a report is counted exactly when it is stored.
    await writeMove(d.db, { after: hazard, event, deltas, extra: [...checks, spendWrite(d, actor.userId, 'report')] });
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (reasons?.[0] === 'ConditionalCheckFailed') return sameOrConflict(d, actor, (await getHazard(d.db, body.id))!, requestHash);
    if (reasons?.at(-1) === 'ConditionalCheckFailed') throw limitReached(d, 'report');
    throw error;
  }
  d.metrics.count('HazardReported', 1, { source: hazard.source });
  // What was just written is what a read would return: a new report has one event and no photo blocked yet.
  const [, reported] = await Promise.all([notifyNewReport(d, hazard), present(d, actor, { hazard, events: [event], blocked: new Set() })]);
  return reported;
}

/** What a check throws, or undefined: awaited beside reads, and thrown only after the refusals that come before it. */
const failureOf = (check: Promise<void>): Promise<unknown> => check.then(() => undefined, (error: unknown) => error);

/**
 * An enterprise moved to another grid takes its open hazards with it: each goes to the new area (so
 * the new gridworker triages, rechecks and is chased for it, and the old one no longer sees it),
 * the stock counters move from the old area's ancestors to the new one's, and the timeline says
 * so. What happened stays where it happened: flow counters, and closed, rejected and merged
 * hazards, which the old grid handled. Each hazard is its own transaction (an enterprise may have
 * more open hazards than one transaction holds); one moved concurrently is read again and retried.
 */
export async function carryOpenHazards(d: Deps, byId: string, enterprise: { id: string; area: string }, at: string): Promise<number> {
  let moved = 0;
  for (const state of OPEN_STATES) {
    let cursor: string | undefined;
    do {
      const page = await hazardsOfEnterprise(d.db, enterprise.id, state, { limit: 100, ...(cursor ? { cursor } : {}) });
      for (const found of page.hazards) {
        for (let h: HazardRecord | undefined = found, attempt = 0; h && h.area !== enterprise.area && OPEN_STATES.includes(h.state) && attempt < 3; attempt++) {
          try {
            await relocate(d, byId, h, enterprise.area, at);
            moved++;
            break;
          } catch (error) {
            if (!cancellationReasons(error)) throw error;
            h = await getHazard(d.db, h.id);
          }
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return moved;
}

async function relocate(d: Deps, byId: string, before: HazardRecord, area: string, at: string) {
  const after: HazardRecord = { ...before, area, updatedAt: at, version: before.version + 1 };
  const event: HazardEventRecord = {
    hazardId: before.id,
    seq: before.version + 1,
    at,
    kind: 'relocate',
    byId,
    area,
    state: before.state,
    data: { from: before.area, to: area },
    photos: [],
    requestHash: '',
  };
  const stock = (h: HazardRecord, sign: number) => stockKeys(coreOf(h)).flatMap((key) => areaDeltas(h.area, 'STOCK', { [key]: sign }));
  await writeMove(d.db, { before, after, event, deltas: mergeDeltas([...stock(before, -1), ...stock(after, 1)]) });
}

/** A retried report: the same body gives the same record, another body under the same id is refused. */
async function sameOrConflict(d: Deps, actor: Actor, existing: HazardRecord, requestHash: string) {
  if (existing.requestHash !== requestHash) {
    throw new DomainError('CONFLICT', '该编号已用于另一条隐患报告，请刷新页面后重新提交', { id: '编号已被使用' });
  }
  return detail(d, actor, existing.id);
}

/**
 * Sends each photo to WeChat's asynchronous image check (a flagged one is hidden when the result
 * arrives) and returns the records that let each result find its photo, for the report's own
 * transaction: a stored report always has its checks on record, and a report that fails to store
 * leaves none (its results find nothing and are ignored; the retry sends the photos again).
 * WeChat being down is logged and the report goes ahead unchecked, as before.
 */
async function photoChecks(d: Deps, openid: string, h: HazardRecord): Promise<Write[]> {
  const writes = await Promise.all(
    h.photos.map(async (key): Promise<Write[]> => {
      try {
        const { traceId } = await d.wechat.checkImageAsync(openid, await d.storage.downloadUrl(key));
        return [d.db.mediaChecks.build(PutTransaction).item({ traceId, hazardId: h.id, key }) as never];
      } catch (error) {
        logLine({ level: 'error', event: 'media-check-failed', hazardId: h.id, error: (error as Error).message });
        return [];
      }
    }),
  );
  return writes.flat();
}

/**
 * Checks a move's references (the enterprise it names, the duplicate, the photos) and returns the
 * record fields the move sets beyond the core.
 */
async function moveFields(d: Deps, actor: Actor, h: HazardRecord, data: MoveData): Promise<Partial<HazardRecord>> {
  const photos = 'photos' in data && data.photos ? data.photos : [];
  await requireUploadedPhotos(d, photoFields(photos, 'move.photos'), HAZARD_PHOTO_PREFIX, hazardPhotoOf(d, actor.userId));
  switch (data.action) {
    case 'confirm':
    case 'fixOnSpot': {
      if (!data.enterpriseId) return {};
      const e = await getEnterprise(d.db, data.enterpriseId);
      if (!e || !canSee(actor, e, 'gridworker', 'supervisor')) {
        throw new DomainError('VALIDATION_FAILED', '责任企业不存在或不在您的管辖范围内', { 'move.enterpriseId': '企业不存在或不在您的管辖范围内' });
      }
      return { area: e.area };
    }
    case 'merge': {
      const original = await getHazard(d.db, data.duplicateOf);
      const relations = original && relationsOf(actor, original);
      if (!original || !relations || !(relations.has('gridworker') || relations.has('supervisor'))) {
        throw new DomainError('VALIDATION_FAILED', '要合并到的隐患不存在或不在您的管辖范围内', { 'move.duplicateOf': '隐患不存在' });
      }
      if (original.state === 'merged' || original.state === 'rejected' || original.id === h.id) {
        throw new DomainError('VALIDATION_FAILED', '只能合并到一条有效的隐患', { 'move.duplicateOf': '该隐患已合并或已驳回' });
      }
      return { duplicateOf: original.id };
    }
    case 'submitPlan':
      return { plan: data.plan };
    default:
      return {};
  }
}

/**
 * One step of the loop, by a person or by the overdue sweep ('system'): the state machine decides,
 * and the hazard, its event, the counters and `extra` (a letter) are written in one transaction
 * conditioned on the version the caller saw. A retry of a move that already landed answers as the
 * first call did.
 */
export async function commitMove(
  d: Deps,
  actor: Actor | 'system',
  h: HazardRecord,
  version: number,
  data: MoveData,
  options: {
    steps?: EscalationStep[];
    /** Record fields a system move sets beyond the state machine's (a letter's reference). */
    fields?: Partial<HazardRecord>;
    /** More writes for the same transaction (the letter and its number). */
    extra?: Write[];
    eventData?: Record<string, unknown>;
  } = {},
): Promise<HazardRecord | 'already-done'> {
  const byId = actor === 'system' ? 'system' : actor.userId;
  const requestHash = hashOf({ by: byId, id: h.id, version, data });
  const relations = relationsOf(actor, h);
  if (actor !== 'system' && !isReader(relations)) throw new DomainError('NOT_FOUND', '隐患不存在或您无权查看');
  if (h.version !== version) {
    const landed = await getHazardEvent(d.db, h.id, version + 1);
    if (landed?.requestHash === requestHash) {
      // A retry after a lost reply: whoever was not told yet is told now (each message goes once per version).
      if (h.version === version + 1) await notifyAfterMove(d, data.action, h);
      return 'already-done';
    }
    throw new DomainError('CONFLICT', '该隐患刚被他人处理，请刷新后查看最新状态');
  }
  const now = d.clock.now();
  const steps = options.steps ?? (await escalationSteps(d, h.area));
  const result = applyMove(coreOf(h), relations, data, shanghaiDate(now), steps);
  if (!result.ok) {
    const r = result.refusal;
    throw new DomainError(r.code, r.message, r.code === 'VALIDATION_FAILED' ? { [`move.${r.field}`]: r.message } : undefined);
  }
  const fields = actor === 'system' ? (options.fields ?? {}) : await moveFields(d, actor, h, data);
  const at = now.toISOString();
  const { requestHash: _keep, overdue: _overdue, runsOutAt: _runsOut, ...rest } = h;
  const core = { ...result.after, ...(fields.area ? { area: fields.area } : {}) };
  const runsOutAt = core.deadline && DEADLINE_STATES.includes(core.state) ? dueAt(core.deadline) : undefined;
  const after: HazardRecord = {
    ...rest,
    ...core,
    ...fields,
    version: h.version + 1,
    updatedAt: at,
    requestHash: h.requestHash,
    ...(runsOutAt ? { runsOutAt } : {}),
  };
  if (!core.overdue) delete after.overdue;
  const { photos = [], ...eventData } = data as MoveData & { photos?: string[] };
  const event: HazardEventRecord = {
    hazardId: h.id,
    seq: after.version,
    at,
    kind: data.action,
    byId,
    area: after.area,
    state: after.state,
    data: { ...eventData, ...options.eventData },
    photos,
    requestHash,
  };
  // A recheck counts for its maker by whole days after the evidence (the assessment's timeliness); only the evidence leads to 待复查, so the hazard was last updated by it.
  const recheckCount = actor !== 'system' && (data.action === 'recheckPass' || data.action === 'recheckFail') ? [personCounterWrite(d.db, byId, at, { [`recheck_in_${recheckDayBucket(h.updatedAt, at)}`]: 1 })] : [];
  // A confirmed report from the public or a worker earns its reward proposal in the same transaction.
  const reward = data.action === 'confirm' || data.action === 'fixOnSpot' ? await rewardProposal(d, after, at) : undefined;
  try {
    await writeMove(d.db, {
      before: h,
      after,
      event,
      deltas: mergeDeltas([...counterDeltas(coreOf(h), coreOf(after), { kind: data.action, at, data }), ...(reward?.deltas ?? [])]),
      extra: [...(options.extra ?? []), ...(reward?.writes ?? []), ...recheckCount],
    });
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons?.slice(0, 2).includes('ConditionalCheckFailed')) throw error;
    const landed = await getHazardEvent(d.db, h.id, version + 1);
    if (landed?.requestHash === requestHash) return 'already-done';
    throw new DomainError('CONFLICT', '该隐患刚被他人处理，请刷新后查看最新状态');
  }
  await notifyAfterMove(d, data.action, after);
  return after;
}

export async function moveHazard(d: Deps, actor: Actor, id: string, body: z.infer<typeof MoveHazardBody>) {
  const h = await getHazard(d.db, id);
  if (!h) throw new DomainError('NOT_FOUND', '隐患不存在或您无权查看');
  await commitMove(d, actor, h, body.version, body.move as MoveData);
  return detail(d, actor, id);
}

// ---- lists

async function summaries(d: Deps, actor: Actor, hazards: HazardRecord[]) {
  const names = new NameCache(d.db);
  return Promise.all(hazards.map((h) => hazardSummary(d, h, relationsOf(actor, h), names)));
}

export async function listMyHazards(d: Deps, actor: Actor, q: z.infer<typeof PageQuery>) {
  const page = await hazardsReportedBy(d.db, actor.userId, { limit: q.limit ?? DEFAULT_PAGE, cursor: q.cursor });
  return { hazards: await summaries(d, actor, page.hazards), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Does a hazard match a keyword: part of its description or of its enterprise's name? */
async function matches(h: HazardRecord, keyword: string | undefined, names: NameCache) {
  if (!keyword || h.description.includes(keyword)) return true;
  return !!h.enterpriseId && ((await names.enterprise(h.enterpriseId)) ?? '').includes(keyword);
}

/**
 * One page of the hazards listHazards answers, newest first: an enterprise's (its owner, or
 * officials over it) or an area's, optionally only those matching a keyword (`q`).
 */
async function hazardPage(d: Deps, actor: Actor, q: z.infer<typeof ListHazardsQuery>): Promise<{ hazards: HazardRecord[]; cursor?: string }> {
  const limit = q.limit ?? DEFAULT_PAGE;
  const keyword = q.q || undefined;
  const names = new NameCache(d.db);
  if (q.enterpriseId) {
    const e = await getEnterprise(d.db, q.enterpriseId);
    const owner = actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === q.enterpriseId);
    if (!e || !(owner || canSee(actor, e, ...AREA_READERS))) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
    // An enterprise has few hazards: all are read, sorted newest first, and paged by position.
    // They include closed ones left in a grid it moved away from: only those the caller may open.
    const binding = ['enterprise-hazards', e.id, q.state ?? '', keyword ?? ''];
    const offset = Number(d.db.cursors.open(q.cursor, binding)?.offset ?? 0);
    const all: HazardRecord[] = [];
    for (const h of await allHazardsOfEnterprise(d.db, e.id, q.state)) if (isReader(relationsOf(actor, h)) && (await matches(h, keyword, names))) all.push(h);
    all.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    const cursor = offset + limit < all.length ? d.db.cursors.seal({ offset: offset + limit }, binding) : undefined;
    return { hazards: all.slice(offset, offset + limit), ...(cursor ? { cursor } : {}) };
  }
  const area = q.area ?? areasOf(actor, ...AREA_READERS)[0];
  if (!area || !canReachArea(actor, area, ...AREA_READERS)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  if (!keyword) return hazardsUnder(d.db, area, q.state, { limit, cursor: q.cursor }, true);
  // A keyword search reads a few pages and answers what matched, with where it stopped.
  const found: HazardRecord[] = [];
  let cursor = q.cursor;
  let reads = 0;
  do {
    const page = await hazardsUnder(d.db, area, q.state, { limit, cursor }, true);
    for (const h of page.hazards) if (await matches(h, keyword, names)) found.push(h);
    cursor = page.cursor;
    reads++;
  } while (cursor && found.length < limit && reads < SEARCH_READS);
  return { hazards: found, ...(cursor ? { cursor } : {}) };
}

export async function listHazards(d: Deps, actor: Actor, q: z.infer<typeof ListHazardsQuery>) {
  const page = await hazardPage(d, actor, q);
  return { hazards: await summaries(d, actor, page.hazards), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

const EXPORT_PAGE = 100;
const yesNo = (b: boolean | undefined) => (b ? '是' : '否');

/**
 * The hazards listHazards gives (same filters, readers and scope), every page, as .xlsx: what a
 * supervisor's ledger needs of each, never who reported it (the list shows no reporter either).
 */
export async function exportHazards(d: Deps, actor: Actor, q: z.infer<typeof ExportHazardsBody>) {
  const names = new NameCache(d.db);
  const hazards = allPages((cursor) => hazardPage(d, actor, { ...q, limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) }).then((p) => ({ items: p.hazards, cursor: p.cursor })));
  async function* rows() {
    for await (const h of hazards) {
      const [areaName, enterpriseName] = await Promise.all([names.area(h.area), h.enterpriseId ? names.enterprise(h.enterpriseId) : undefined]);
      yield [
        h.id,
        shanghaiMinute(h.createdAt),
        HAZARD_SOURCE_LABELS[sourceSeenBy(h, relationsOf(actor, h))],
        h.category,
        h.level,
        HAZARD_STATE_LABELS[h.state],
        yesNo(h.overdue),
        h.deadline,
        enterpriseName,
        areaName ?? h.area,
        h.description,
        h.address,
        h.plan?.personInCharge,
        h.plan ? yuanCell(h.plan.costFen) : undefined,
        h.letters.map((l) => l.number).join('；') || undefined,
        h.state === 'closed' ? shanghaiMinute(h.updatedAt) : undefined,
      ];
    }
  }
  return exportWorkbook(d, actor, '隐患台账', [
    {
      name: '隐患台账',
      headers: ['编号', '上报时间', '来源', '类别', '等级', '状态', '是否逾期', '整改期限', '企业', '区域', '描述', '位置', '整改责任人', '整改资金（元）', '督办文书', '销号时间'],
      widths: [30, 18, 12, 12, 6, 12, 8, 12, 24, 18, 50, 24, 10, 12, 36, 18],
      moneyColumns: [13],
      rows: rows(),
    },
  ]);
}

type QueueKind = (typeof QUEUE_KINDS)[number];
const QUEUE_LIMIT = 50;

type QueuePage = { limit: number; cursor?: string };
type QueueSource = (p: QueuePage) => Promise<{ hazards: HazardRecord[]; cursor?: string }>;

/** The Queries behind each group of the caller's queue, in a fixed order (a group's pages walk them one after another). */
function queueSources(d: Deps, actor: Actor): Map<QueueKind, QueueSource[]> {
  const sources = new Map<QueueKind, QueueSource[]>();
  const add = (kind: QueueKind, source: QueueSource) => sources.set(kind, [...(sources.get(kind) ?? []), source]);
  for (const area of areasOf(actor, 'gridworker', 'supervisor')) {
    add('triage', (p) => hazardsUnder(d.db, area, 'reported', p));
    add('recheck', (p) => hazardsUnder(d.db, area, 'rechecking', p));
    add('overdue', (p) => overdueHazardsUnder(d.db, area, p));
  }
  for (const g of actor.grants.filter((g) => g.role === 'enterprise_owner' && g.enterpriseId)) {
    add('plan', (p) => hazardsOfEnterprise(d.db, g.enterpriseId!, 'planning', p));
    add('rectify', (p) => hazardsOfEnterprise(d.db, g.enterpriseId!, 'rectifying', p));
  }
  for (const area of areasOf(actor, 'enforcement')) add('enforce', (p) => hazardsUnder(d.db, area, 'enforcing', p));
  // Departments and guarantee leaders move nothing in the loop; they follow what is overdue in their area.
  for (const area of areasOf(actor, 'department', 'guarantee_leader')) add('overdue', (p) => overdueHazardsUnder(d.db, area, p));
  return sources;
}

/**
 * Up to `limit` hazards of one group from where its cursor stopped: the sources one after another
 * (which one, and where in it, sealed in the cursor, bound to the caller and the group).
 */
async function queueGroupPage(d: Deps, actor: Actor, kind: QueueKind, sources: QueueSource[], limit: number, cursor?: string) {
  const binding = ['hazardQueue', actor.userId, kind];
  const at = d.db.cursors.open(cursor, binding) as { i?: number; c?: string } | undefined;
  let i = typeof at?.i === 'number' ? at.i : 0;
  let inner = typeof at?.c === 'string' ? at.c : undefined;
  const hazards: HazardRecord[] = [];
  while (i < sources.length && hazards.length < limit) {
    const page = await sources[i]!({ limit: limit - hazards.length, ...(inner ? { cursor: inner } : {}) });
    hazards.push(...page.hazards);
    if (page.cursor) inner = page.cursor;
    else {
      i++;
      inner = undefined;
    }
  }
  // A page that stops exactly at a source's end may leave a cursor to an empty page: harmless, the next answers none.
  return { hazards, cursor: i < sources.length ? d.db.cursors.seal({ i, ...(inner ? { c: inner } : {}) }, binding) : undefined };
}

/**
 * What is on the caller's desk today (日交办): for the loop's officials the reports to triage, the
 * rectifications to recheck and the overdue hazards of their areas; for an enterprise what it must
 * plan and rectify; for enforcement the clues; for departments and guarantee leaders what is
 * overdue. One Query per (area or enterprise, state) and page. Each group gives its first
 * QUEUE_LIMIT and a `cursor` when it has more; `kind` and that cursor give the group's next page.
 */
export async function hazardQueue(d: Deps, actor: Actor, q: z.infer<typeof HazardQueueQuery> = {}) {
  const sources = queueSources(d, actor);
  const order: QueueKind[] = ['triage', 'recheck', 'overdue', 'plan', 'rectify', 'enforce'];
  const kinds = order.filter((k) => sources.has(k) && (!q.kind || q.kind === k));
  if (q.cursor && !q.kind) throw new DomainError('VALIDATION_FAILED', '翻页时请指明分组', { kind: '请指明分组' });
  const names = new NameCache(d.db);
  return {
    groups: await Promise.all(
      kinds.map(async (kind) => {
        const page = await queueGroupPage(d, actor, kind, sources.get(kind)!, q.limit ?? QUEUE_LIMIT, q.cursor);
        const unique = [...new Map(page.hazards.map((h) => [h.id, h])).values()].sort((a, b) => (a.deadline ?? a.createdAt).localeCompare(b.deadline ?? b.createdAt));
        return {
          kind,
          label: QUEUE_LABELS[kind],
          hazards: await Promise.all(unique.map((h) => hazardSummary(d, h, relationsOf(actor, h), names))),
          ...(page.cursor ? { cursor: page.cursor } : {}),
        };
      }),
    ),
  };
}
