import { createHash } from 'node:crypto';
import { DeleteTransaction } from 'dynamodb-toolbox/entity/actions/transactDelete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import {
  DomainError,
  ENTERPRISE_FIELD_LABELS,
  FULL_PHONE_ROLES,
  LEDGER_READERS,
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  areasOf,
  canReachArea,
  canSee,
  dueCutoff,
  enterpriseCounterDeltas,
  editableFields,
  isUpdateDue,
  maskPhone,
  photoPrefix,
  type Actor,
  type Contact,
  type Enterprise,
  type EnterpriseField,
  type EnterpriseFields,
  type EnterpriseSummary,
  type EnterpriseView,
  type HistoryEntry,
  type Role,
  USCC_REQUIRED_MESSAGE,
} from '@safegrid/shared';
import type * as z from 'zod';
import type { CreateEnterpriseBody, CreatePhotoUploadBody, ExportEnterprisesBody, ListEnterprisesQuery, UpdateEnterpriseBody } from '@safegrid/shared';
import { spend } from './rate-limits';
import { extensionOf, photoFields, presignedUpload, requireUploadedPhotos } from './uploads';
import type { Deps } from '../deps';
import { personCounterWrite } from '../repos/person-counters';
import { enterpriseIdByKey, enterpriseKeyOf, getEnterprise as findEnterprise, listHistory, queryLedger } from '../repos/enterprises';
import { counterWrites } from '../repos/hazards';
import { carryOpenHazards } from './hazards';
import { type Write, cancellationReasons, transact } from '../repos/transact';
import { getUser } from '../repos/users';
import { NameCache } from './views';

type Kind = HistoryEntry['kind'];
const FIELDS = Object.keys(ENTERPRISE_FIELD_LABELS) as EnterpriseField[];
/** Roles whose change to a file counts as its monthly update (an owner's correction does not). */
const VERIFIERS: Role[] = ['gridworker', 'supervisor', 'admin'];

/** The roles through which the actor reaches this file. */
function rolesOver(actor: Actor, e: Pick<Enterprise, 'id' | 'area'>): Role[] {
  return [...new Set(actor.grants.filter((g) => canSee({ userId: actor.userId, grants: [g] }, { area: e.area, enterpriseId: e.id })).map((g) => g.role))];
}

/** Ledger readers in whose area the file is, and the enterprise's own owner. */
export function readableBy(actor: Actor, e: Pick<Enterprise, 'id' | 'area'>): boolean {
  return rolesOver(actor, e).some((r) => LEDGER_READERS.includes(r) || r === 'enterprise_owner');
}

/** The fields the actor may change on this file: the union over the roles that reach it. */
function editableBy(actor: Actor, e: Pick<Enterprise, 'id' | 'area'>): EnterpriseField[] {
  const fields = new Set<EnterpriseField>();
  for (const role of rolesOver(actor, e)) for (const f of editableFields(role) ?? FIELDS) fields.add(f);
  return FIELDS.filter((f) => fields.has(f));
}

function summary(e: Enterprise, now: Date): EnterpriseSummary {
  return {
    id: e.id,
    ...(e.uscc ? { uscc: e.uscc } : {}),
    name: e.name,
    kind: e.kind,
    address: e.address,
    area: e.area,
    industry: e.industry,
    riskClass: e.riskClass,
    tags: e.tags,
    status: e.status,
    verifiedAt: e.verifiedAt,
    updateDue: isUpdateDue(e.verifiedAt, now),
  };
}

const PHONE = /1[3-9]\d{9}/g;

async function view(d: Deps, actor: Actor, e: Enterprise, names: NameCache): Promise<EnterpriseView> {
  const fullPhones = rolesOver(actor, e).some((r) => FULL_PHONE_ROLES.includes(r));
  const contact = (c: Contact): Contact => (fullPhones ? c : { ...c, phone: maskPhone(c.phone) });
  const leaderName = e.guaranteeLeaderId ? await names.user(e.guaranteeLeaderId) : undefined;
  return {
    ...summary(e, d.clock.now()),
    lng: e.lng,
    lat: e.lat,
    ...((await names.area(e.area)) ? { areaName: await names.area(e.area) } : {}),
    legalRepresentative: e.legalRepresentative,
    ...(e.safetyManager ? { safetyManager: contact(e.safetyManager) } : {}),
    contacts: e.contacts.map(contact),
    employees: e.employees,
    ...(e.guaranteeLeaderId ? { guaranteeLeaderId: e.guaranteeLeaderId } : {}),
    ...(leaderName ? { guaranteeLeaderName: leaderName } : {}),
    photos: await Promise.all((e.photos ?? []).map(async (p) => ({ ...p, url: await d.storage.downloadUrl(p.key) }))),
    version: e.version,
    editable: editableBy(actor, e),
  };
}

async function historyFor(d: Deps, actor: Actor, e: Enterprise): Promise<HistoryEntry[]> {
  const fullPhones = rolesOver(actor, e).some((r) => FULL_PHONE_ROLES.includes(r));
  const history = await listHistory(d.db, e.id);
  if (fullPhones) return history;
  const mask = (s: string) => s.replace(PHONE, maskPhone);
  return history.map((h) => ({ ...h, changes: h.changes.map((c) => ({ ...c, from: mask(c.from), to: mask(c.to) })) }));
}

/** A file the actor may read, or 404 whether it is missing or out of scope (existence does not leak). */
async function readable(d: Deps, actor: Actor, id: string): Promise<Enterprise> {
  const e = await findEnterprise(d.db, id);
  if (!e || !readableBy(actor, e)) throw new DomainError('NOT_FOUND', '企业档案不存在或不在您的管辖范围内');
  return e;
}

export async function getEnterprise(d: Deps, actor: Actor, id: string) {
  const e = await readable(d, actor, id);
  return { enterprise: await view(d, actor, e, new NameCache(d.db)), history: await historyFor(d, actor, e) };
}

/** The area a ledger question is about: the one asked for (in scope), or the actor's first. */
export function ledgerArea(actor: Actor, area: string | undefined): string {
  const held = areasOf(actor, ...LEDGER_READERS);
  const chosen = area ?? held[0];
  if (!chosen) throw new DomainError('FORBIDDEN', '您的角色不能查看企业台账');
  if (!canReachArea(actor, chosen, ...LEDGER_READERS)) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  return chosen;
}

function filterOf(d: Deps, actor: Actor, q: z.infer<typeof ExportEnterprisesBody>) {
  return {
    area: ledgerArea(actor, q.area),
    ...(q.q ? { q: q.q } : {}),
    ...(q.industry ? { industry: q.industry } : {}),
    ...(q.riskClass ? { riskClass: q.riskClass } : {}),
    ...(q.tag ? { tag: q.tag } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.guaranteeLeaderId ? { guaranteeLeaderId: q.guaranteeLeaderId } : {}),
    ...(q.due === 'true' ? { verifiedBefore: dueCutoff(d.clock.now()) } : {}),
  };
}

export async function listEnterprises(d: Deps, actor: Actor, q: z.infer<typeof ListEnterprisesQuery>) {
  const page = await queryLedger(d.db, filterOf(d, actor, q), q.limit ?? 20, q.cursor);
  const now = d.clock.now();
  return { enterprises: page.items.map((e) => summary(e, now)), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** Paging over a filtered ledger for the Excel export. */
export async function queryEnterprises(d: Deps, actor: Actor, filters: z.infer<typeof ExportEnterprisesBody>, page: { limit: number; cursor?: string }) {
  return queryLedger(d.db, filterOf(d, actor, filters), page.limit, page.cursor);
}

// ---- writes

function show(value: unknown): string {
  if (value === undefined || value === null || value === '') return '（空）';
  if (Array.isArray(value)) return value.length ? value.map(show).join('、') : '（空）';
  if (typeof value === 'object' && 'kind' in value) return String((value as { kind: string }).kind);
  if (typeof value === 'object') {
    const c = value as Contact;
    return [c.name, c.title, c.phone].filter(Boolean).join(' ');
  }
  return String(value);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function diff(before: Partial<Enterprise>, after: Partial<Enterprise>, fields: EnterpriseField[]) {
  return fields
    .filter((f) => !same(before[f], after[f]))
    .map((f) => ({ field: f, label: ENTERPRISE_FIELD_LABELS[f], from: show(before[f]), to: show(after[f]) }));
}

/** The area a file is placed in: a grid or micro-grid the actor may write in. */
async function placeable(actor: Actor, area: string, roles: Role[], names: NameCache) {
  if (!canReachArea(actor, area, ...roles)) {
    throw new DomainError('FORBIDDEN', '所属网格不在您的管辖范围内', { area: '所属网格不在您的管辖范围内' });
  }
  const a = await names.areaRecord(area);
  if (!a) throw new DomainError('VALIDATION_FAILED', '所属网格不存在', { area: '所属网格不存在' });
  if (a.level !== 'grid' && a.level !== 'microgrid') {
    throw new DomainError('VALIDATION_FAILED', '企业只能归属到网格或微网格', { area: '请选择网格或微网格' });
  }
  if (a.deactivatedAt) throw new DomainError('VALIDATION_FAILED', `所属网格“${a.name}”已停用，请选择其他网格`, { area: '所属网格已停用' });
}

async function checkGuaranteeLeader(d: Deps, id: string | undefined) {
  if (!id) return;
  const leader = await getUser(d.db, id);
  if (!leader?.grants.some((g) => g.role === 'guarantee_leader')) {
    throw new DomainError('VALIDATION_FAILED', '包保责任人不存在或不是包保责任人', { guaranteeLeaderId: '请选择包保责任人' });
  }
}

function historyItem(enterpriseId: string, actorId: string, actorName: string, kind: Kind, changes: HistoryEntry['changes'], at: string, seq: string) {
  return { enterpriseId, seq: `${at}#${seq}`, at, byId: actorId, byName: actorName, kind, changes };
}

/**
 * Writes a file, its history entry, its natural-key items and the business counters of its areas
 * in one transaction, conditioned on the version read (or on the file being new): a concurrent
 * edit makes it fail whole. A collision on a shared counter item is retried (`transact`).
 */
async function write(d: Deps, actor: Actor, before: Enterprise | undefined, after: Enterprise, kind: Kind, changes: HistoryEntry['changes'], at: string, names: NameCache) {
  const keyBefore = before && enterpriseKeyOf(before);
  const keyAfter = enterpriseKeyOf(after);
  const writes = [
    d.db.enterprises
      .build(PutTransaction)
      .item(after)
      .options({ condition: before ? { attr: 'version', eq: before.version } : { attr: 'id', exists: false } }),
    d.db.enterpriseHistory.build(PutTransaction).item(historyItem(after.id, actor.userId, (await names.user(actor.userId)) ?? actor.userId, kind, changes, at, d.ids.next())),
  ];
  // A monthly update (an official's edit or 核实无变化) counts for its maker in the assessment; after the key items, whose places the conflict check reads.
  const counted = (kind === 'update' || kind === 'verify') && after.verifiedAt === at;
  if (keyBefore !== keyAfter) {
    writes.push(d.db.enterpriseKeys.build(PutTransaction).item({ key: keyAfter, enterpriseId: after.id }).options({ condition: { attr: 'key', exists: false } }) as never);
    if (keyBefore) writes.push(d.db.enterpriseKeys.build(DeleteTransaction).key({ key: keyBefore }) as never);
  }
  if (counted) writes.push(personCounterWrite(d.db, actor.userId, at, { file_updates: 1 }) as never);
  // The counters go last: a cancellation's reasons are read by position.
  writes.push(...(counterWrites(d.db, enterpriseCounterDeltas(before, after)) as never[]));
  try {
    await transact(writes as Write[]);
  } catch (error) {
    const reasons = cancellationReasons(error);
    if (!reasons) throw error;
    if (reasons[2] === 'ConditionalCheckFailed') {
      // The name only to one who may read that file: a code registered in another street must not name its business.
      const other = await enterpriseIdByKey(d.db, keyAfter);
      const existing = other ? await findEnterprise(d.db, other) : undefined;
      const field = after.uscc ? 'uscc' : 'name';
      const named = existing && readableBy(actor, existing) ? `（${existing.name}）` : '';
      throw new DomainError('CONFLICT', `该企业已在台账中${named}，请勿重复登记`, { [field]: '已登记' });
    }
    throw new DomainError('CONFLICT', '该企业档案刚被他人修改，请刷新后重试');
  }
  if (before && before.area !== after.area) await carryOpenHazards(d, actor.userId, after, at);
}

/** The file with an edit applied: a null clears the field. */
function applyChanges(before: Enterprise, changes: Record<string, unknown>): Enterprise {
  const after: Record<string, unknown> = { ...before };
  for (const [field, value] of Object.entries(changes)) {
    if (value === null) delete after[field];
    else after[field] = value;
  }
  return after as unknown as Enterprise;
}

/** A photo added to a file must have been uploaded under the file's own prefix, within the size limit. */
async function checkNewPhotos(d: Deps, before: Enterprise, photos: NonNullable<Enterprise['photos']>) {
  const known = new Set((before.photos ?? []).map((p) => p.key));
  const fields = photoFields(photos.map((p) => p.key));
  await requireUploadedPhotos(d, fields.filter((p) => !known.has(p.key)), photoPrefix(before.id));
}

/** A presigned upload for one photo of a file the actor may add photos to. */
export async function createPhotoUpload(d: Deps, actor: Actor, id: string, body: z.infer<typeof CreatePhotoUploadBody>) {
  const e = await readable(d, actor, id);
  if (!editableBy(actor, e).includes('photos')) throw new DomainError('FORBIDDEN', '您不能为该企业上传照片');
  if ((e.photos ?? []).length >= MAX_PHOTOS) throw new DomainError('VALIDATION_FAILED', `每个企业最多${MAX_PHOTOS}张照片，请先删除不需要的照片`, { photos: '照片已满' });
  await spend(d, actor.userId, 'upload');
  return presignedUpload(d, `${photoPrefix(id)}${d.ids.next()}.${extensionOf(body.contentType)}`, body.contentType, MAX_PHOTO_BYTES);
}

const requestHash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

export async function createEnterprise(d: Deps, actor: Actor, body: z.infer<typeof CreateEnterpriseBody>) {
  const { id, ...fields } = body;
  const names = new NameCache(d.db);
  await placeable(actor, fields.area, VERIFIERS, names);
  if (fields.guaranteeLeaderId && !canReachArea(actor, fields.area, 'supervisor', 'admin')) {
    throw new DomainError('FORBIDDEN', '包保责任人由监管人员指定', { guaranteeLeaderId: '包保责任人由监管人员指定' });
  }
  await checkGuaranteeLeader(d, fields.guaranteeLeaderId);
  const existing = await findEnterprise(d.db, id);
  if (existing) {
    // A retried create: the same file comes back; another file under this id is a conflict.
    const { version: _v, verifiedAt: _at, id: _id, ...stored } = existing;
    if (requestHash(stored) !== requestHash({ ...stored, ...fields }) || !readableBy(actor, existing)) {
      throw new DomainError('CONFLICT', '该编号已被另一个企业档案使用，请刷新后重新填写', { id: '编号已被使用' });
    }
    return getEnterprise(d, actor, id);
  }
  const at = d.clock.now().toISOString();
  const enterprise: Enterprise = { id, ...fields, version: 1, verifiedAt: at };
  await write(d, actor, undefined, enterprise, 'create', diff({}, enterprise, FIELDS), at, names);
  return getEnterprise(d, actor, id);
}

export async function updateEnterprise(d: Deps, actor: Actor, id: string, body: z.infer<typeof UpdateEnterpriseBody>) {
  const before = await readable(d, actor, id);
  const allowed = editableBy(actor, before);
  const asked = Object.keys(body.changes) as EnterpriseField[];
  const refused = asked.filter((f) => !allowed.includes(f));
  if (refused.length) {
    const fields = Object.fromEntries(refused.map((f) => [f, allowed.length ? '请联系网格员修改此项' : '您不能修改企业档案']));
    throw new DomainError('FORBIDDEN', `您不能修改：${refused.map((f) => ENTERPRISE_FIELD_LABELS[f]).join('、')}`, fields);
  }
  if (body.version !== before.version) {
    throw new DomainError('CONFLICT', '该企业档案已被他人修改，请刷新后重新编辑', { version: '档案已更新' });
  }
  const verifies = rolesOver(actor, before).some((r) => VERIFIERS.includes(r));
  if (body.verified && !verifies) throw new DomainError('FORBIDDEN', '只有网格员或监管人员可以核实档案', { verified: '无权核实' });
  const changed = applyChanges(before, body.changes);
  // Only a 个体工商户 may go without a credit code: an edit may not clear it from a 企业, nor make one of a coded-less shop.
  if (changed.kind === '企业' && !changed.uscc) {
    throw new DomainError('VALIDATION_FAILED', `统一社会信用代码：${USCC_REQUIRED_MESSAGE}`, { uscc: USCC_REQUIRED_MESSAGE });
  }
  const changes = diff(before, changed, asked);
  if (changes.length === 0 && !body.verified) return getEnterprise(d, actor, id);
  const names = new NameCache(d.db);
  if (body.changes.area && body.changes.area !== before.area) await placeable(actor, body.changes.area, VERIFIERS, names);
  if ('guaranteeLeaderId' in body.changes) await checkGuaranteeLeader(d, body.changes.guaranteeLeaderId ?? undefined);
  if (body.changes.photos) await checkNewPhotos(d, before, body.changes.photos);
  const at = d.clock.now().toISOString();
  const after: Enterprise = { ...changed, version: before.version + 1, verifiedAt: verifies ? at : before.verifiedAt };
  await write(d, actor, before, after, changes.length ? 'update' : 'verify', changes, at, names);
  return getEnterprise(d, actor, id);
}

/**
 * A site check by one who may verify the file (gridworker, supervisor, admin over it) counts as
 * its monthly update, as 核实无变化 does: the writes of that verification, for the check's own
 * transaction (the file conditioned on the version read, so a concurrent edit cancels the check,
 * which is then made again on the file as it is). Nothing counted changes: no counter but the maker's.
 */
export async function verificationWrites(d: Deps, actor: Actor, before: Enterprise, at: string): Promise<Write[]> {
  // Never back in time (a check entered with an earlier clock, as the demo's are).
  if (before.verifiedAt >= at || !rolesOver(actor, before).some((r) => VERIFIERS.includes(r))) return [];
  const names = new NameCache(d.db);
  return [
    d.db.enterprises
      .build(PutTransaction)
      .item({ ...before, version: before.version + 1, verifiedAt: at })
      .options({ condition: { attr: 'version', eq: before.version } }) as never,
    d.db.enterpriseHistory.build(PutTransaction).item(historyItem(before.id, actor.userId, (await names.user(actor.userId)) ?? actor.userId, 'verify', [], at, d.ids.next())) as never,
    personCounterWrite(d.db, actor.userId, at, { file_updates: 1 }) as never,
  ];
}

/**
 * One row of a census import: creates the file, writes only what changed, or does nothing when
 * the row says what the ledger already says. The file is found by its natural key.
 */
export async function importEnterpriseRow(
  d: Deps,
  actor: Actor,
  fields: EnterpriseFields,
  at: string,
  names = new NameCache(d.db),
): Promise<'created' | 'updated' | 'unchanged'> {
  await placeable(actor, fields.area, ['supervisor', 'admin'], names);
  await checkGuaranteeLeader(d, fields.guaranteeLeaderId);
  const existingId = await enterpriseIdByKey(d.db, enterpriseKeyOf(fields));
  const before = existingId ? await findEnterprise(d.db, existingId) : undefined;
  if (!before) {
    const enterprise: Enterprise = { id: d.ids.next(), ...fields, version: 1, verifiedAt: at };
    await write(d, actor, undefined, enterprise, 'import', diff({}, enterprise, FIELDS), at, names);
    return 'created';
  }
  if (!canReachArea(actor, before.area, 'supervisor', 'admin')) {
    throw new DomainError('FORBIDDEN', '该企业已登记在您管辖范围以外的网格', { area: '企业不在您的管辖范围内' });
  }
  const changes = diff(before, { ...before, ...fields }, FIELDS);
  if (changes.length === 0) return 'unchanged';
  await write(d, actor, before, { ...before, ...fields, version: before.version + 1, verifiedAt: at }, 'import', changes, at, names);
  return 'updated';
}
