/**
 * Site checks (带着清单下企业): the district's versioned checklists, a check submitted from the
 * phone (once, whatever the retries), its failed items as hazards in the same transaction, the
 * enterprise's standing (when it was last checked), who owes which visits, and coverage.
 */
import { createHash } from 'node:crypto';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import type * as z from 'zod';
import {
  CHECK_KIND_LABELS,
  DEFAULT_ESCALATION,
  DomainError,
  ENTERPRISE_STATUSES,
  type Actor,
  type CheckAnswer,
  type CheckRules,
  type CheckTemplate,
  type CheckTemplateBody,
  type Enterprise,
  type HazardCategory,
  type HazardCore,
  type MoveData,
  type SubmitCheckBody,
  answerProblems,
  applyMove,
  areaDeltas,
  canReachArea,
  canSee,
  categoryOf,
  counterDeltas,
  distanceM,
  districtOf,
  failed,
  HAZARD_PHOTO_PREFIX,
  isWithin,
  mergeDeltas,
  outermostAreasOf,
  owesCheck,
  periodLabel,
  periodOf,
  periodStart,
  relationsOf,
  shanghaiDate,
  templateItems,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { listChildren } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import { type HazardEventRecord, type HazardRecord, counterWrites } from '../repos/hazards';
import { queryAll } from '../repos/query-all';
import { subtreePrefix } from '../repos/table';
import { type Write, cancellationReasons, transact } from '../repos/transact';
import { checkRules } from './check-rules';
import { newHazard } from './hazards';
import { readableBy, verificationWrites } from './ledger';
import { requireDistrictKeeper } from './scope-checks';
import { hazardPhotoOf, missingUploads, photoFields, refuseMissing, refuseNonImages } from './uploads';
import { NameCache } from './views';

const KEEPERS = ['supervisor', 'admin'] as const;
/** Who checks on site, and over what: their areas (the gridworker their grids). */
const INSPECTORS = ['gridworker', 'supervisor', 'department', 'enforcement'] as const;
const hashOf = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');
const slotOf = (version: number) => `V${String(version).padStart(6, '0')}`;
const NOT_FOUND = '检查记录不存在或您无权查看';

// ---- templates

async function districtsOf(d: Deps, actor: Actor): Promise<Set<string>> {
  const out = new Set(actor.grants.filter((g) => g.area).map((g) => districtOf(g.area!)));
  for (const g of actor.grants.filter((g) => g.enterpriseId)) {
    const e = await getEnterprise(d.db, g.enterpriseId!);
    if (e) out.add(districtOf(e.area));
  }
  return out;
}

export async function listCheckTemplates(d: Deps, actor: Actor, district: string) {
  if (!(await districtsOf(d, actor)).has(district)) throw new DomainError('FORBIDDEN', '该区不在您的管辖范围内');
  const [items, rules] = await Promise.all([queryAll(d.db.table, d.db.checkTemplates, { partition: `CKTPLS#${district}` }), checkRules(d, district)]);
  return {
    templates: items.map((i) => i.template as CheckTemplate).sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')),
    checkInReasonOverM: rules.checkInReasonOverM,
  };
}

async function templateAt(d: Deps, district: string, id: string, version: number): Promise<CheckTemplate | undefined> {
  const { Item } = await d.db.checkTemplates.build(GetItemCommand).key({ district, id, slot: slotOf(version) }).send();
  return Item?.template as CheckTemplate | undefined;
}

/** A new template, or the next version of one: the old versions stay, and a check keeps the one it used. */
export async function publishCheckTemplate(d: Deps, actor: Actor, body: z.infer<typeof CheckTemplateBody>) {
  await requireDistrictKeeper(d, actor, body.district, KEEPERS, '只有本区的监管人员或管理员可以发布检查模板');
  const { baseVersion, ...rest } = body;
  const template: CheckTemplate = { ...rest, version: baseVersion + 1, publishedAt: d.clock.now().toISOString() };
  try {
    await transact([
      d.db.checkTemplates
        .build(PutTransaction)
        .item({ district: body.district, id: body.id, slot: 'CURRENT', version: template.version, template, publishedBy: actor.userId })
        .options({ condition: baseVersion === 0 ? { attr: 'id', exists: false } : { attr: 'version', eq: baseVersion } }) as never,
      d.db.checkTemplates.build(PutTransaction).item({ district: body.district, id: body.id, slot: slotOf(template.version), version: template.version, template, publishedBy: actor.userId }) as never,
    ]);
  } catch (error) {
    if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error;
    throw new DomainError('CONFLICT', baseVersion === 0 ? '该模板编号已存在，请换一个编号或在原模板上修改' : '模板已被他人修改，请刷新后重新编辑', { baseVersion: '模板已更新' });
  }
  return { template };
}

// ---- a check

/** May the actor make a check of this kind on this enterprise? */
function mayCheck(actor: Actor, e: Enterprise, kind: z.infer<typeof SubmitCheckBody>['kind']): boolean {
  if (kind === 'self') return actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === e.id);
  if (kind === 'guarantee') return e.guaranteeLeaderId === actor.userId || canSee(actor, e, 'supervisor');
  return canSee(actor, e, ...INSPECTORS);
}

/**
 * A failed item as a hazard of the loop, linked to the check and the item's legal basis. Found by
 * the grid's own officials it starts confirmed (or closed, fixed on the spot); from anyone else,
 * and from a self-check, it waits for the gridworker's triage like any report.
 */
function hazardOf(
  actor: Actor,
  e: Enterprise,
  check: { id: string; kind: string; at: string },
  item: ReturnType<typeof templateItems>[number],
  category: HazardCategory,
  a: CheckAnswer,
  index: number,
) {
  const at = check.at;
  const base = newHazard({
    id: `${check.id.slice(0, 24)}${String(index).padStart(2, '0')}`,
    area: e.area,
    source: check.kind === 'self' ? 'self_check' : 'site_check',
    reporterId: actor.userId,
    anonymous: false,
    category,
    description: `${check.kind === 'self' ? '企业自查' : '现场检查'}不符合：${item.text}${item.basis ? `（依据：${item.basis}）` : ''}。${a.note ?? ''}`,
    photos: a.photos,
    lng: e.lng,
    lat: e.lat,
    address: e.address,
    enterpriseId: e.id,
    at,
    requestHash: hashOf({ check: check.id, item: item.id }),
  });
  const hazard: HazardRecord = { ...base.hazard, checkId: check.id };
  const events: HazardEventRecord[] = [base.event];
  let deltas = base.deltas;
  const relations = relationsOf(actor, hazard);
  const move: MoveData | undefined =
    check.kind === 'self'
      ? undefined
      : a.fixedOnSpot
        ? { action: 'fixOnSpot', photos: a.fixPhotos ?? [], note: a.note ?? '当场整改', category }
        : { action: 'confirm', level: item.failLevel, category, deadline: shanghaiDate(new Date(Date.parse(at) + (item.failLevel === '重大' ? 30 : 10) * 86_400_000)) };
  let after: HazardRecord = hazard;
  if (move && (relations.has('gridworker') || relations.has('supervisor'))) {
    const core: HazardCore = { state: hazard.state, area: hazard.area, source: hazard.source, reporterId: hazard.reporterId, escalation: 0, ...(hazard.enterpriseId ? { enterpriseId: hazard.enterpriseId } : {}) } as HazardCore;
    const result = applyMove(core, relations, move, shanghaiDate(at), DEFAULT_ESCALATION);
    if (result.ok) {
      after = { ...hazard, ...result.after, version: 2 } as HazardRecord;
      const { photos = [], ...data } = move as MoveData & { photos?: string[] };
      events.push({ hazardId: hazard.id, seq: 2, at, kind: move.action, byId: actor.userId, area: hazard.area, state: after.state, data, photos, requestHash: hazard.requestHash });
      deltas = mergeDeltas([...deltas, ...counterDeltas(core, result.after, { kind: move.action, at, data: move })]);
    }
  }
  return { hazard: after, events, deltas };
}

export async function submitCheck(d: Deps, actor: Actor, body: z.infer<typeof SubmitCheckBody>) {
  const requestHash = hashOf({ by: actor.userId, body });
  // The caller's own uploads are listed from the start (the slowest read); the result is used only once the caller may check.
  const keys = [...body.answers.flatMap((a) => [...a.photos, ...(a.fixPhotos ?? [])]), body.signatureKey];
  const uploads = missingUploads(d, keys, HAZARD_PHOTO_PREFIX, hazardPhotoOf(d, actor.userId));
  uploads.catch(() => undefined);
  // What the check needs, read at once: a retry's record, the enterprise, and its standing.
  const [{ Item: existing }, e, { Item: standing }] = await Promise.all([
    d.db.checks.build(GetItemCommand).key({ id: body.id }).options({ consistent: true }).send(),
    getEnterprise(d.db, body.enterpriseId),
    d.db.checkStandings.build(GetItemCommand).key({ enterpriseId: body.enterpriseId }).options({ consistent: true }).send(),
  ]);
  if (existing) {
    if (existing.requestHash !== requestHash) throw new DomainError('CONFLICT', '该检查编号已用于另一条检查记录，请重新开始检查');
    return getCheck(d, actor, body.id);
  }
  if (!e || !mayCheck(actor, e, body.kind)) throw new DomainError('NOT_FOUND', '企业不存在或不在您的检查范围内');
  // A missing upload is named once the template says where it sits.
  const [template, missing, rules] = await Promise.all([templateAt(d, districtOf(e.area), body.templateId, body.templateVersion), uploads, checkRules(d, e.area)]);
  if (!template) throw new DomainError('VALIDATION_FAILED', '检查模板不存在，请刷新模板后重新选择', { templateId: '模板不存在' });
  const problems = answerProblems(template, body.answers);
  if (Object.keys(problems).length) throw new DomainError('VALIDATION_FAILED', `请检查填写内容：${[...new Set(Object.values(problems))].join('；')}`, problems);
  const distance = Math.round(distanceM(body.checkIn, e));
  if (body.kind !== 'self' && distance > rules.checkInReasonOverM && !body.checkIn.reason) {
    throw new DomainError('VALIDATION_FAILED', `签到位置距企业 ${distance} 米，超过 ${rules.checkInReasonOverM} 米，请说明原因`, { 'checkIn.reason': '距离较远，请说明原因' });
  }
  const items = templateItems(template);
  const files = [
    ...body.answers.flatMap((a) => {
      const i = items.findIndex((x) => x.id === a.itemId);
      return [...photoFields(a.photos, `answers.${i}.photos`), ...photoFields(a.fixPhotos ?? [], `answers.${i}.fixPhotos`)];
    }),
    { key: body.signatureKey, field: 'signatureKey', notImage: '签名不是图片文件，请重新签名' },
  ];
  refuseMissing(files, missing);
  await refuseNonImages(d, files);

  const at = d.clock.now().toISOString();
  const answers = new Map(body.answers.map((a) => [a.itemId, a]));
  const hazards = items.flatMap((item, i) => (failed(item, answers.get(item.id)) ? [hazardOf(actor, e, { id: body.id, kind: body.kind, at }, item, categoryOf(template, item.id), answers.get(item.id)!, i)] : []));
  const month = periodOf(at);
  const guarantee = body.kind === 'guarantee' ? (standing?.guaranteeMonth === month ? (standing.guaranteeChecks ?? 0) : 0) + 1 : undefined;
  const record = {
    id: body.id,
    enterpriseId: e.id,
    area: e.area,
    kind: body.kind,
    template,
    inspectorId: actor.userId,
    checkIn: { lng: body.checkIn.lng, lat: body.checkIn.lat, at: body.checkIn.at, distanceM: distance, ...(body.checkIn.reason ? { reason: body.checkIn.reason } : {}) },
    answers: body.answers,
    ...(body.summary ? { summary: body.summary } : {}),
    signatureKey: body.signatureKey,
    signerName: body.signerName,
    hazardIds: hazards.map((h) => h.hazard.id),
    failedCount: hazards.length,
    submittedAt: at,
    requestHash,
  };
  const writes: Write[] = [
    d.db.checks.build(PutTransaction).item(record).options({ condition: { attr: 'id', exists: false } }) as never,
    // The enterprise's standing, under the version read: two checks at once both count.
    d.db.checkStandings
      .build(PutTransaction)
      .item({
        enterpriseId: e.id,
        area: e.area,
        lastCheckedAt: at,
        lastCheckId: body.id,
        ...(guarantee !== undefined ? { guaranteeMonth: month, guaranteeChecks: guarantee } : standing?.guaranteeMonth ? { guaranteeMonth: standing.guaranteeMonth, guaranteeChecks: standing.guaranteeChecks ?? 0 } : {}),
        version: (standing?.version ?? 0) + 1,
      })
      .options({ condition: standing ? { attr: 'version', eq: standing.version } : { attr: 'enterpriseId', exists: false } }) as never,
    ...hazards.flatMap((h) => [
      d.db.hazards.build(PutTransaction).item(h.hazard).options({ condition: { attr: 'id', exists: false } }) as never,
      ...h.events.map((ev) => d.db.hazardEvents.build(PutTransaction).item(ev).options({ condition: { attr: 'hazardId', exists: false } }) as never),
    ]),
    ...counterWrites(d.db, mergeDeltas([...areaDeltas(e.area, month, { checks: 1, check_failed_items: hazards.length }), ...hazards.flatMap((h) => h.deltas)])),
    // The check counts as the file's monthly update (核实无变化), for those who may verify it; a concurrent edit of the file cancels it, and it is made again below.
    ...(await verificationWrites(d, actor, e, at)),
  ];
  // DynamoDB takes at most 100 writes in one transaction: about 30 failed items with their counters.
  if (writes.length > 100) {
    throw new DomainError('VALIDATION_FAILED', `本次检查有 ${hazards.length} 项不符合，超过一次可提交的数量，请按分节分两次检查提交`, { answers: '不符合项过多，请分次提交' });
  }
  // The answer (names, signed photo URLs) is made while the transaction runs, and given only if it lands.
  const view = checkView(d, record, e.name);
  view.catch(() => undefined);
  try {
    await transact(writes);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons?.includes('ConditionalCheckFailed')) throw error;
    // The same check landed meanwhile (a double tap): answer it; another check of the enterprise: try again.
    const { Item: landed } = await d.db.checks.build(GetItemCommand).key({ id: body.id }).options({ consistent: true }).send();
    if (landed?.requestHash === requestHash) return getCheck(d, actor, body.id);
    if (landed) throw new DomainError('CONFLICT', '该检查编号已用于另一条检查记录，请重新开始检查');
    return submitCheck(d, actor, body);
  }
  return { check: await view };
}

// ---- reading

export async function readableCheck(d: Deps, actor: Actor, id: string) {
  const { Item } = await d.db.checks.build(GetItemCommand).key({ id }).send();
  if (!Item || !(Item.inspectorId === actor.userId || readableBy(actor, { id: Item.enterpriseId, area: Item.area }))) throw new DomainError('NOT_FOUND', NOT_FOUND);
  return Item;
}

export async function getCheck(d: Deps, actor: Actor, id: string) {
  return { check: await checkView(d, await readableCheck(d, actor, id)) };
}

type CheckRecord = Awaited<ReturnType<typeof readableCheck>>;

async function checkView(d: Deps, c: Omit<CheckRecord, 'requestHash'> & { requestHash?: string }, enterpriseName?: string) {
  const names = new NameCache(d.db);
  const url = (key: string) => d.storage.downloadUrl(key);
  const answers = c.answers as CheckAnswer[];
  return {
    id: c.id,
    enterpriseId: c.enterpriseId,
    enterpriseName: enterpriseName ?? (await names.enterprise(c.enterpriseId)) ?? c.enterpriseId,
    area: c.area,
    kind: c.kind,
    kindLabel: CHECK_KIND_LABELS[c.kind],
    template: c.template as CheckTemplate,
    inspectorName: (await names.user(c.inspectorId)) ?? c.inspectorId,
    checkIn: c.checkIn,
    answers: await Promise.all(answers.map(async (a) => ({ ...a, photoUrls: await Promise.all(a.photos.map(url)), fixPhotoUrls: await Promise.all((a.fixPhotos ?? []).map(url)) }))),
    ...(c.summary ? { summary: c.summary } : {}),
    signerName: c.signerName,
    signatureUrl: await url(c.signatureKey),
    hazardIds: c.hazardIds,
    failedCount: c.failedCount,
    submittedAt: c.submittedAt,
  };
}

export async function enterpriseChecks(d: Deps, actor: Actor, enterpriseId: string) {
  const e = await getEnterprise(d.db, enterpriseId);
  if (!e || !readableBy(actor, e)) throw new DomainError('NOT_FOUND', '企业档案不存在或不在您的管辖范围内');
  const items = await queryAll(d.db.table, d.db.checks, { index: 'gsi1', partition: `CHECKENT#${enterpriseId}` });
  const names = new NameCache(d.db);
  return {
    checks: await Promise.all(
      items.reverse().map(async (c) => ({
        id: c.id,
        enterpriseId: c.enterpriseId,
        enterpriseName: e.name,
        kind: c.kind,
        templateName: (c.template as CheckTemplate).name,
        inspectorName: (await names.user(c.inspectorId)) ?? c.inspectorId,
        failedCount: c.failedCount,
        submittedAt: c.submittedAt,
      })),
    ),
  };
}

// ---- who owes which visits, and coverage

export async function standingsUnder(d: Deps, area: string) {
  const items = await queryAll(d.db.table, d.db.checkStandings, { index: 'gsi1', partition: `CHECKED#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } });
  return new Map(items.map((s) => [s.enterpriseId, s]));
}

export async function operatingUnder(d: Deps, area: string): Promise<Enterprise[]> {
  const items = await queryAll(d.db.table, d.db.enterprises, { index: 'gsi1', partition: `ENTS#${districtOf(area)}`, range: { beginsWith: subtreePrefix(area) } });
  return (items as Enterprise[]).filter((e) => e.status === ENTERPRISE_STATUSES[0]);
}

const periodOfClass = (e: Pick<Enterprise, 'riskClass'>, now: Date, rules: CheckRules) => periodLabel(periodStart(now, rules.coverage[e.riskClass]), rules.coverage[e.riskClass]);

/**
 * The visits the caller owes this period, most overdue first (never checked, then the longest
 * ago): a gridworker's enterprises in their grids by risk class; a guarantee leader's named
 * enterprises, as many times a month as the district sets (twice by default).
 */
export async function owedVisits(d: Deps, actor: Actor, q: { lng?: number; lat?: number }) {
  const now = d.clock.now();
  const month = periodOf(now);
  const rulesByDistrict = new Map<string, Promise<CheckRules>>();
  const rulesFor = (area: string) => {
    const district = districtOf(area);
    if (!rulesByDistrict.has(district)) rulesByDistrict.set(district, checkRules(d, district));
    return rulesByDistrict.get(district)!;
  };
  const rows: { e: Enterprise; rules: CheckRules; last?: string; checksThisMonth?: number }[] = [];
  for (const area of outermostAreasOf(actor, 'gridworker')) {
    const [enterprises, standings, rules] = await Promise.all([operatingUnder(d, area), standingsUnder(d, area), rulesFor(area)]);
    for (const e of enterprises) {
      const last = standings.get(e.id)?.lastCheckedAt;
      if (owesCheck(e.riskClass, last, now, rules.coverage)) rows.push({ e, rules, ...(last ? { last } : {}) });
    }
  }
  if (actor.grants.some((g) => g.role === 'guarantee_leader')) {
    const held = (await queryAll(d.db.table, d.db.enterprises, { index: 'gsi4', partition: `ENTGL#${actor.userId}` })) as Enterprise[];
    await Promise.all(
      held.map(async (e) => {
        const [{ Item: s }, rules] = await Promise.all([d.db.checkStandings.build(GetItemCommand).key({ enterpriseId: e.id }).send(), rulesFor(e.area)]);
        const done = s?.guaranteeMonth === month ? (s.guaranteeChecks ?? 0) : 0;
        if (done < rules.guaranteeChecksPerMonth && !rows.some((r) => r.e.id === e.id)) rows.push({ e, rules, ...(s?.lastCheckedAt ? { last: s.lastCheckedAt } : {}), checksThisMonth: done });
      }),
    );
  }
  rows.sort((a, b) => (a.last ?? '').localeCompare(b.last ?? '') || a.e.id.localeCompare(b.e.id));
  const here = q.lng !== undefined && q.lat !== undefined ? { lng: q.lng, lat: q.lat } : undefined;
  return {
    enterprises: rows.map(({ e, rules, last, checksThisMonth }) => ({
      id: e.id,
      name: e.name,
      address: e.address,
      area: e.area,
      riskClass: e.riskClass,
      ...(last ? { lastCheckedAt: last } : {}),
      period: checksThisMonth !== undefined ? `${month.replace('-', '年')}月（每月${rules.guaranteeChecksPerMonth}次）` : periodOfClass(e, now, rules),
      ...(here ? { distanceM: Math.round(distanceM(here, e)) } : {}),
      ...(checksThisMonth !== undefined ? { checksThisMonth, checksPerMonth: rules.guaranteeChecksPerMonth } : {}),
    })),
  };
}

const COVERAGE_READERS = ['supervisor', 'department', 'admin'] as const;
const BLIND_SPOTS_SHOWN = 200;

/**
 * Coverage under an area for the period each enterprise's class sets: by child area and by
 * gridworker, and the blind spots. Reads the area's enterprises and their standings (two Queries
 * on designed indexes), never the checks.
 */
export async function checkCoverage(d: Deps, actor: Actor, area: string | undefined) {
  const chosen = area ?? outermostAreasOf(actor, ...COVERAGE_READERS)[0];
  if (!chosen || !canReachArea(actor, chosen, ...COVERAGE_READERS)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const now = d.clock.now();
  const [enterprises, standings, children, rules] = await Promise.all([operatingUnder(d, chosen), standingsUnder(d, chosen), listChildren(d.db, chosen), checkRules(d, chosen)]);
  const allAreas = await queryAll(d.db.table, d.db.areas, { index: 'gsi2', partition: `AREAS#${districtOf(chosen)}`, range: { beginsWith: chosen } });
  const gridworkerOf = (path: string) => allAreas.filter((a) => a.gridworkerId && isWithin(path, a.path)).sort((a, b) => b.path.length - a.path.length)[0]?.gridworkerId;
  const byArea = new Map<string, { total: number; covered: number }>();
  const byGridworker = new Map<string, { total: number; covered: number }>();
  const blind: { e: Enterprise; last?: string }[] = [];
  for (const e of enterprises) {
    const last = standings.get(e.id)?.lastCheckedAt;
    const covered = !owesCheck(e.riskClass, last, now, rules.coverage);
    const child = children.find((c) => isWithin(e.area, c.path))?.path;
    const gw = gridworkerOf(e.area);
    for (const [map, key] of [[byArea, child], [byGridworker, gw]] as const) {
      if (!key) continue;
      const row = map.get(key) ?? { total: 0, covered: 0 };
      row.total++;
      if (covered) row.covered++;
      map.set(key, row);
    }
    if (!covered) blind.push({ e, ...(last ? { last } : {}) });
  }
  blind.sort((a, b) => (a.last ?? '').localeCompare(b.last ?? '') || a.e.id.localeCompare(b.e.id));
  const names = new NameCache(d.db);
  return {
    area: chosen,
    areas: children.map((c) => ({ area: c.path, areaName: c.name, ...(byArea.get(c.path) ?? { total: 0, covered: 0 }) })),
    gridworkers: await Promise.all([...byGridworker].map(async ([userId, row]) => ({ userId, name: (await names.user(userId)) ?? userId, ...row }))),
    blindSpots: blind.slice(0, BLIND_SPOTS_SHOWN).map(({ e, last }) => ({ id: e.id, name: e.name, area: e.area, riskClass: e.riskClass, ...(last ? { lastCheckedAt: last } : {}), period: periodOfClass(e, now, rules) })),
  };
}
