/**
 * Commitment letters (告知承诺): templates a district publishes by industry, the letter each
 * enterprise owes in a year, signing it once with a handwritten signature, and checking later
 * that nothing signed has changed (SHA-256 over the canonical form of exactly what was signed).
 */
import { createHash } from 'node:crypto';
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { PutItemCommand } from 'dynamodb-toolbox/entity/actions/put';
import { DeleteItemCommand } from 'dynamodb-toolbox/entity/actions/delete';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import type * as z from 'zod';
import {
  ANSWER_LABELS,
  DomainError,
  ENTERPRISE_STATUSES,
  LEDGER_READERS,
  MAX_SIGNATURE_BYTES,
  type Actor,
  type Area,
  type CommitmentTemplate,
  type Enterprise,
  type PublishTemplateBody,
  type SignCommitmentBody,
  type SignedContent,
  type SignedView,
  answersProblem,
  areaDeltas,
  areasOf,
  canReachArea,
  canSee,
  canonicalJson,
  commitmentYear,
  districtOf,
  isWithin,
  letterNumber,
  mergeDeltas,
  obligationKey,
  outermostAreasOf,
  periodOf,
  shanghaiDate,
  signaturePrefix,
  sniffType,
  templateFor,
  thing,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { type PdfBlock, type PdfDocument, renderPdf } from '../lib/pdf';
import { getArea, listChildren } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import { counterWrites } from '../repos/hazards';
import { queryAll } from '../repos/query-all';
import { heldFor, subscriptionsOf, takeWrite } from '../repos/subscriptions';
import { subtreePrefix } from '../repos/table';
import { getUser } from '../repos/users';
import { type Write, cancellationReasons, transact } from '../repos/transact';
import { newHazard } from './hazards';
import { readableBy } from './ledger';
import { type Outcome, ownersOf, send, useIdOf } from './notify';
import { limitReached, refund, spend, spendWrite } from './rate-limits';
import { requireDistrictKeeper } from './scope-checks';
import { presignedUpload, uploaderTag } from './uploads';
import { NameCache } from './views';

const KEEPERS = ['supervisor', 'admin'] as const;
const hashOf = (v: unknown) => createHash('sha256').update(typeof v === 'string' ? v : JSON.stringify(v)).digest('hex');
/** The hash a signed letter carries: SHA-256 of its canonical JSON. */
export const contentHash = (content: SignedContent) => createHash('sha256').update(canonicalJson(content)).digest('hex');

type TemplateItem = CommitmentTemplate & { publishedBy: string };

async function currentTemplates(d: Deps, district: string): Promise<TemplateItem[]> {
  const items = await queryAll(d.db.table, d.db.currentTemplates, { partition: `CTPLS#${district}` });
  return items.map(({ districtKey: _k, ...t }) => t as unknown as TemplateItem);
}

const templateView = ({ publishedBy: _by, ...t }: TemplateItem) => t;

export async function listCommitmentTemplates(d: Deps, actor: Actor, district: string) {
  if (!areasOf(actor, ...LEDGER_READERS).some((a) => districtOf(a) === district)) throw new DomainError('FORBIDDEN', '该区不在您的管辖范围内');
  return { templates: (await currentTemplates(d, district)).map(templateView) };
}

/** A new template, or a new version of one: a letter already signed keeps the version it was signed on. */
export async function publishCommitmentTemplate(d: Deps, actor: Actor, body: z.infer<typeof PublishTemplateBody>) {
  await requireDistrictKeeper(d, actor, body.district, KEEPERS, '只有本区的监管人员或管理员可以发布承诺书模板');
  const { id, baseVersion, ...fields } = body;
  const others = (await currentTemplates(d, body.district)).filter((t) => t.id !== id);
  for (const [i, industry] of fields.industries.entries()) {
    const taken = others.find((t) => t.industries.includes(industry));
    if (taken) throw new DomainError('VALIDATION_FAILED', `行业“${industry}”已由“${taken.title}”覆盖，每个行业只能适用一种承诺书`, { [`industries.${i}`]: `已由“${taken.title}”覆盖` });
  }
  const template: TemplateItem = { id, ...fields, version: baseVersion + 1, publishedAt: d.clock.now().toISOString(), publishedBy: actor.userId };
  try {
    await transact([
      d.db.templateVersions.build(PutTransaction).item(template).options({ condition: { attr: 'id', exists: false } }) as never,
      d.db.currentTemplates
        .build(PutTransaction)
        .item({ ...template, districtKey: body.district })
        .options({ condition: baseVersion === 0 ? { attr: 'id', exists: false } : { attr: 'version', eq: baseVersion } }) as never,
    ]);
  } catch (error) {
    if (!cancellationReasons(error)?.includes('ConditionalCheckFailed')) throw error;
    throw new DomainError('CONFLICT', '该模板已被他人修改或已发布，请刷新后重新编辑', { baseVersion: '模板已更新' });
  }
  return { template: templateView(template) };
}

async function readableEnterprise(d: Deps, actor: Actor, id: string): Promise<Enterprise> {
  const e = await getEnterprise(d.db, id);
  if (!e || !readableBy(actor, e)) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
  return e;
}

const isOwner = (actor: Actor, enterpriseId: string) => actor.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === enterpriseId);

type SignedRecord = { enterpriseId: string; key: string; area: string; industry: Enterprise['industry']; year: number; content: SignedContent; hash: string; hazardIds: string[] };

const summaryOf = (r: SignedRecord) => ({
  key: r.key,
  year: r.year,
  templateId: r.content.templateId,
  templateVersion: r.content.templateVersion,
  colour: r.content.colour,
  title: r.content.title,
  signerName: r.content.signerName,
  signedAt: r.content.signedAt,
  hash: r.hash,
});

const viewOf = (r: SignedRecord): SignedView => {
  const c = r.content;
  return {
    ...summaryOf(r),
    enterpriseId: c.enterpriseId,
    enterpriseName: c.enterpriseName,
    notice: c.notice,
    selfCheck: c.selfCheck,
    commitment: c.commitment,
    answers: c.answers,
    signaturePng: c.signaturePng,
    hazardIds: r.hazardIds,
  };
};

/** An enterprise's signed letters, newest first (a few a year). */
export async function signedOf(d: Deps, enterpriseId: string): Promise<SignedRecord[]> {
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.signedCommitments)
    .query({ partition: `COMMIT#${enterpriseId}`, range: { beginsWith: 'SIGNED#' } })
    .options({ reverse: true })
    .send();
  return (page.Items ?? []) as unknown as SignedRecord[];
}

/** What an enterprise owes this year, and what it has signed. */
export async function enterpriseCommitments(d: Deps, actor: Actor, id: string) {
  const e = await readableEnterprise(d, actor, id);
  const year = commitmentYear(d.clock.now());
  const [templates, signed] = await Promise.all([currentTemplates(d, districtOf(e.area)), signedOf(d, e.id)]);
  const template = templateFor(templates, e.industry);
  const done = new Set(signed.map((r) => r.key));
  const owed = template && !done.has(obligationKey(year, template.id, template.version)) ? templateView(template) : undefined;
  return {
    enterprise: { id: e.id, name: e.name, industry: e.industry },
    year,
    ...(owed ? { owed } : {}),
    signed: signed.map(summaryOf),
    canSign: isOwner(actor, e.id),
  };
}

export async function createSignatureUpload(d: Deps, actor: Actor) {
  await spend(d, actor.userId, 'upload');
  return presignedUpload(d, `${signaturePrefix(uploaderTag(d, actor.userId))}${d.ids.next()}.png`, 'image/png', MAX_SIGNATURE_BYTES);
}

/** The signer's own uploaded PNG, as bytes; anything else is refused naming the field. */
async function signatureBytes(d: Deps, actor: Actor, key: string): Promise<Buffer> {
  const source = key.startsWith(signaturePrefix(uploaderTag(d, actor.userId))) ? await d.storage.source(key) : undefined;
  const bytes = source && source.size <= MAX_SIGNATURE_BYTES ? Buffer.from(await source.read(0, source.size)) : undefined;
  if (!bytes || sniffType(bytes) !== 'image/png') {
    throw new DomainError('VALIDATION_FAILED', '签名未上传成功，请重新签名', { signatureKey: '签名未上传成功，请重新签名' });
  }
  return bytes;
}

/**
 * Signs the letter the enterprise owes: only its owner roles may; the template must be the one it
 * owes now; every self-check item answered (a 不符合 item needs a note and becomes a hazard to
 * rectify, source self-check). The record, the hazards and the counters are one transaction
 * conditioned on the letter not being signed yet: one signature per year and version, whatever the retries.
 */
export async function signCommitment(d: Deps, actor: Actor, id: string, body: z.infer<typeof SignCommitmentBody>) {
  const e = await readableEnterprise(d, actor, id);
  if (!isOwner(actor, e.id)) throw new DomainError('FORBIDDEN', '只有本企业的负责人可以签署承诺书');
  const now = d.clock.now();
  const year = commitmentYear(now);
  const key = obligationKey(year, body.templateId, body.templateVersion);
  const requestHash = hashOf({ by: actor.userId, body });
  const existing = await getSigned(d, e.id, key);
  if (existing) return sameOrConflict(existing, requestHash);

  const template = templateFor(await currentTemplates(d, districtOf(e.area)), e.industry);
  if (!template || template.id !== body.templateId || template.version !== body.templateVersion) {
    throw new DomainError('CONFLICT', '承诺书已更新或不适用于本企业，请刷新后重新阅读签署', { templateVersion: '承诺书已更新' });
  }
  const problem = answersProblem(template, body.answers);
  if (problem) throw new DomainError('VALIDATION_FAILED', problem, { answers: problem });
  for (const [i, a] of body.answers.entries()) {
    if (a.answer === 'no' && !a.note) throw new DomainError('VALIDATION_FAILED', '“不符合”的自查项请写明情况', { [`answers.${i}.note`]: '请写明不符合的情况' });
  }
  const signature = await signatureBytes(d, actor, body.signatureKey);

  const at = now.toISOString();
  const content: SignedContent = {
    enterpriseId: e.id,
    enterpriseName: e.name,
    year,
    templateId: template.id,
    templateVersion: template.version,
    colour: template.colour,
    title: template.title,
    notice: template.notice,
    selfCheck: template.selfCheck,
    commitment: template.commitment,
    answers: body.answers,
    signaturePng: signature.toString('base64'),
    signerId: actor.userId,
    signerName: body.signerName,
    signedAt: at,
  };
  const failed = body.answers.filter((a) => a.answer === 'no');
  const hazards = failed.map((a) => {
    const item = template.selfCheck.find((i) => i.id === a.itemId)!;
    return newHazard({
      id: d.ids.next(),
      area: e.area,
      source: 'self_check',
      reporterId: actor.userId,
      anonymous: false,
      category: '其他',
      description: `企业自查不符合：${item.text}。${a.note}`,
      photos: [],
      lng: e.lng,
      lat: e.lat,
      address: e.address,
      enterpriseId: e.id,
      at,
      requestHash: hashOf({ signed: key, item: a.itemId }),
    });
  });
  const record: SignedRecord & { requestHash: string } = {
    enterpriseId: e.id,
    key,
    area: e.area,
    industry: e.industry,
    year,
    content,
    hash: contentHash(content),
    hazardIds: hazards.map((h) => h.hazard.id),
    requestHash,
  };
  const writes: Write[] = [
    d.db.signedCommitments.build(PutTransaction).item(record).options({ condition: { attr: 'enterpriseId', exists: false } }) as never,
    ...hazards.flatMap(({ hazard, event }) => [
      d.db.hazards.build(PutTransaction).item(hazard).options({ condition: { attr: 'id', exists: false } }) as never,
      d.db.hazardEvents.build(PutTransaction).item(event) as never,
    ]),
    ...counterWrites(d.db, mergeDeltas([...areaDeltas(e.area, periodOf(at), { commitments_signed: 1 }), ...hazards.flatMap((h) => h.deltas)])),
  ];
  try {
    await transact(writes);
  } catch (error) {
    if (cancellationReasons(error)?.[0] !== 'ConditionalCheckFailed') throw error;
    return sameOrConflict((await getSigned(d, e.id, key))!, requestHash);
  }
  return { record: viewOf(record) };
}

async function getSigned(d: Deps, enterpriseId: string, key: string) {
  const { Item } = await d.db.signedCommitments.build(GetItemCommand).key({ enterpriseId, key }).send();
  return Item as unknown as (SignedRecord & { requestHash: string }) | undefined;
}

function sameOrConflict(existing: SignedRecord & { requestHash: string }, requestHash: string) {
  if (existing.requestHash !== requestHash) throw new DomainError('CONFLICT', '本年度的承诺书已经签署，不能重复签署', { templateId: '已签署' });
  return { record: viewOf(existing) };
}

async function readableSigned(d: Deps, actor: Actor, enterpriseId: string, key: string) {
  await readableEnterprise(d, actor, enterpriseId);
  const record = await getSigned(d, enterpriseId, key);
  if (!record) throw new DomainError('NOT_FOUND', '承诺书不存在');
  return record;
}

export async function getCommitment(d: Deps, actor: Actor, enterpriseId: string, key: string) {
  return { record: viewOf(await readableSigned(d, actor, enterpriseId, key)) };
}

/**
 * Recomputes the hash from the stored record: any byte changed since signing shows. Anyone may check
 * a letter (the QR code on its PDF, or its number typed): the answer says only whether it is intact,
 * whose, which year and which day, never who signed nor the signature. `hash` is the one the QR code
 * carries: a record that no longer has it is not the letter that was printed.
 */
export async function verifyCommitment(d: Deps, enterpriseId: string, key: string, hash?: string) {
  const record = await getSigned(d, enterpriseId, key);
  if (!record) throw new DomainError('NOT_FOUND', '未找到该承诺书，请核对编号或重新扫码');
  let computed: string;
  try {
    computed = contentHash(record.content);
  } catch {
    computed = '';
  }
  const c = record.content;
  return {
    valid: computed === record.hash && (!hash || hash === record.hash),
    hash: record.hash,
    computed,
    enterpriseName: String(c?.enterpriseName ?? ''),
    year: record.year,
    signedOn: typeof c?.signedAt === 'string' ? shanghaiDate(c.signedAt) : '',
  };
}

/**
 * The signed letter as a PDF, rendered on first open and kept. The file is named by the record's
 * hash and reused only while the record still verifies, so a record changed behind our back gets a
 * fresh PDF that says so instead of the old one that vouched for it.
 */
export async function commitmentPdf(d: Deps, actor: Actor, enterpriseId: string, key: string) {
  const record = await readableSigned(d, actor, enterpriseId, key);
  const c = record.content;
  const valid = contentHash(c) === record.hash;
  const file = `commitments/${c.enterpriseId}/${record.key}-${valid ? record.hash.slice(0, 16) : 'invalid'}.pdf`;
  const fileName = `${c.enterpriseName}${c.year}年度${c.title}.pdf`;
  if (valid && (await d.storage.size(file)) !== undefined) return { url: await d.storage.downloadUrl(file, fileName) };
  const pdf = await renderPdf(commitmentDocument(record, valid));
  await d.storage.putBuffer(file, Buffer.from(pdf), 'application/pdf');
  return { url: await d.storage.downloadUrl(file, fileName) };
}

/**
 * A signed letter's pages: the notice, the self-check sheet, the commitment, then the signature page
 * (who signed, the signature, the hash and the QR code to check it) kept together, so the QR code never
 * stands alone on a last page.
 */
export function commitmentDocument(record: Pick<SignedRecord, 'content' | 'key' | 'hash'>, valid: boolean): PdfDocument {
  const c = record.content;
  const blocks = (rich: SignedContent['notice']): PdfBlock[] =>
    rich.flatMap((b): PdfBlock[] =>
      b.kind === 'heading' ? [{ kind: 'heading' as const, text: b.text }] : b.kind === 'paragraph' ? [{ kind: 'paragraph' as const, text: b.text, indent: true }] : b.items.map((t, i) => ({ kind: 'paragraph' as const, text: `${i + 1}. ${t}` })),
    );
  return {
    title: `${c.title}（${c.colour}色）`,
    number: `${c.year}年度 · 第 ${c.templateVersion} 版`,
    blocks: [
      { kind: 'heading', text: '一、告知书' },
      ...blocks(c.notice),
      { kind: 'heading', text: '二、自查表' },
      {
        kind: 'table',
        columns: ['序号', '自查内容', '结果', '说明'],
        widths: [1, 6, 1.4, 3],
        rows: c.selfCheck.map((item, i) => {
          const a = c.answers.find((x) => x.itemId === item.id);
          return [String(i + 1), item.text, a ? ANSWER_LABELS[a.answer] : '', a?.note ?? ''];
        }),
      },
      { kind: 'heading', text: '三、承诺书' },
      ...blocks(c.commitment),
      {
        kind: 'together',
        blocks: [
          { kind: 'fields', rows: [['承诺单位', c.enterpriseName], ['签署人', c.signerName], ['签署时间', `${shanghaiDate(c.signedAt)} ${new Date(Date.parse(c.signedAt) + 8 * 3_600_000).toISOString().slice(11, 16)}`]] },
          { kind: 'image', png: Buffer.from(c.signaturePng, 'base64'), width: 160, caption: '签名' },
          { kind: 'fields', rows: [['SHA-256', record.hash], ['校验编号', letterNumber(c.enterpriseId, record.key)], ['校验结果', valid ? '记录完整，未被改动' : '校验失败：记录已被改动']] },
          { kind: 'qr', text: `safegrid:commitment:${c.enterpriseId}:${record.key}:${record.hash}`, caption: '在“安全网格”小程序中扫码或输入编号校验' },
        ],
      },
    ],
    footer: `${c.enterpriseName} · ${c.title} · ${record.key}`,
  };
}

// ---- who has not signed, reminders, rates

const FOLLOWERS = ['gridworker', 'supervisor', 'department', 'admin'] as const;

/** The operating enterprises under the areas, each with whether it has signed what it owes this year. */
async function standing(d: Deps, areas: string[]) {
  const year = commitmentYear(d.clock.now());
  const rows = await Promise.all(
    areas.map(async (area) => {
      const district = districtOf(area);
      const [enterprises, templates, signed] = await Promise.all([
        queryAll(d.db.table, d.db.enterprises, { index: 'gsi1', partition: `ENTS#${district}`, range: { beginsWith: subtreePrefix(area) } }),
        currentTemplates(d, district),
        queryAll(d.db.table, d.db.signedCommitments, { index: 'gsi1', partition: `COMMITS#${district}#${year}`, range: { beginsWith: subtreePrefix(area) } }),
      ]);
      const done = new Set(signed.map((r) => `${r.enterpriseId}|${r.key}`));
      return enterprises
        .filter((e) => e.status === ENTERPRISE_STATUSES[0])
        .flatMap((e) => {
          const t = templateFor(templates, e.industry);
          return t ? [{ enterprise: e, signed: done.has(`${e.id}|${obligationKey(year, t.id, t.version)}`) }] : [];
        });
    }),
  );
  return { year, rows: rows.flat() };
}

/** The area asked for, or every separate area the caller follows when none is named. */
function followedAreas(actor: Actor, area: string | undefined) {
  const chosen = area ? [area] : outermostAreasOf(actor, ...FOLLOWERS);
  if (chosen.length === 0 || !chosen.every((a) => canReachArea(actor, a, ...FOLLOWERS))) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  return chosen;
}

/** When each enterprise was last reminded, read in batches of DynamoDB's 100 keys. */
async function lastReminders(d: Deps, enterpriseIds: string[]) {
  const at = new Map<string, string>();
  for (let i = 0; i < enterpriseIds.length; i += 100) {
    const requests = enterpriseIds.slice(i, i + 100).map((enterpriseId) => d.db.reminders.build(BatchGetRequest).key({ enterpriseId }));
    const { Responses } = await executeBatchGet(d.db.table.build(BatchGetCommand).requests(...(requests as [BatchGetRequest<typeof d.db.reminders>])));
    for (const r of Responses?.[0] ?? []) if (r) at.set(r.enterpriseId, r.at);
  }
  return at;
}

export async function unsignedCommitments(d: Deps, actor: Actor, area: string | undefined) {
  const { year, rows } = await standing(d, followedAreas(actor, area));
  const unsigned = rows.filter((r) => !r.signed).map((r) => r.enterprise);
  const names = new NameCache(d.db);
  const reminded = await lastReminders(d, unsigned.map((e) => e.id));
  return {
    year,
    enterprises: await Promise.all(
      unsigned.map(async (e) => {
        const areaName = await names.area(e.area);
        const remindedAt = reminded.get(e.id);
        return { id: e.id, name: e.name, address: e.address, industry: e.industry, area: e.area, ...(areaName ? { areaName } : {}), ...(remindedAt ? { remindedAt } : {}) };
      }),
    ),
  };
}

/** Today's reminder recorded by this sender whose messages never went out (the first try failed after the write): when it was recorded. */
async function unsentBy(d: Deps, enterpriseId: string, date: string, userId: string): Promise<string | undefined> {
  const { Item } = await d.db.reminders.build(GetItemCommand).key({ enterpriseId }).options({ consistent: true }).send();
  return Item?.date === date && Item.byId === userId && !Item.sentAt ? Item.at : undefined;
}

/** Why an owner cannot be reached now (before anything is recorded), or undefined when they can. */
async function unreachable(d: Deps, userId: string): Promise<Outcome | undefined> {
  if (!d.config.wechat.templates.commitmentDue) return 'no-template';
  const user = await getUser(d.db, userId);
  if (!user || user.deactivatedAt || user.mergedInto) return 'no-account';
  if (!user.openid) return 'no-openid';
  return ((await subscriptionsOf(d.db, userId)).get('commitmentDue') ?? 0) >= 1 ? undefined : 'no-subscription';
}

/** What the sender is told when the reminder reached no owner: why, and what to do instead. */
function notReachedMessage(owners: number, outcomes: Outcome[]): string {
  if (owners === 0) return '未能送达：该企业还没有负责人账号。请电话联系企业提醒签署，并邀请负责人加入小程序。';
  if (outcomes.includes('no-template')) return '未能送达：提醒消息尚未配置，请联系管理员；现在请电话联系企业负责人提醒签署。';
  if (outcomes.includes('failed') || outcomes.includes('invalid')) return '未能送达：微信暂时无法发送。请稍后再试，或电话联系企业负责人提醒签署。';
  if (outcomes.includes('no-subscription')) {
    return '未能送达：企业负责人尚未订阅提醒（或提醒次数已用完）。请电话联系提醒签署，并请其在小程序“隐患整改”中允许接收通知。';
  }
  if (outcomes.every((o) => o === 'no-openid' || o === 'no-account')) return '未能送达：企业负责人尚未加入小程序（未用微信登录）。请电话联系提醒签署，并请其用微信打开小程序。';
  return '未能送达：微信暂时无法发送。请稍后再试，或电话联系企业负责人提醒签署。';
}

/**
 * A reminder to the enterprise's owners to sign: one a day per enterprise, and a daily cap per
 * sender (each reminder is a WeChat message to every owner). Both are conditions of one transaction,
 * so a reminder refused for either reason is not counted against the other; the same transaction
 * takes one message of each reachable owner's subscription. A reminder that cannot reach any owner
 * (no owner account, none in the mini-program, none subscribed) records nothing and says so; one
 * WeChat then fails to deliver to anyone is taken back (the messages too), so 已提醒 and the day's
 * one reminder always mean a delivered message.
 */
export async function remindCommitment(d: Deps, actor: Actor, id: string) {
  const e = await getEnterprise(d.db, id);
  if (!e || !canSee(actor, e, 'gridworker', 'supervisor')) throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
  const now = d.clock.now();
  const date = shanghaiDate(now);
  const { Item: previous } = await d.db.reminders.build(GetItemCommand).key({ enterpriseId: e.id }).options({ consistent: true }).send();
  if (previous?.date === date && previous.sentAt) throw new DomainError('RATE_LIMITED', '今天已经提醒过该企业，请明天再试');
  const owners = await ownersOf(d, e.id);
  const kind = 'commitmentDue' as const;
  const longTerm = d.config.wechat.longTerm.includes(kind);
  const event = (at: string) => `${e.id}#${at}`;
  /** The owners whose message this recording took (this sender's earlier try, which failed before sending). */
  const heldBy = async (at: string) => {
    const held = await Promise.all(owners.map((userId) => heldFor(d.db, userId, kind, useIdOf(kind, event(at)), longTerm)));
    return owners.filter((_, i) => held[i]);
  };

  let recordedAt = now.toISOString();
  let targets: string[];
  let unreached: Outcome[] = [];
  if (previous?.date === date && previous.byId === actor.userId && !previous.sentAt) {
    recordedAt = previous.at;
    targets = await heldBy(previous.at);
  } else {
    const checked = await Promise.all(owners.map(async (userId) => ({ userId, why: await unreachable(d, userId) })));
    unreached = checked.flatMap((c) => (c.why ? [c.why] : []));
    targets = checked.filter((c) => !c.why).map((c) => c.userId);
    if (targets.length === 0) return { delivered: false, sent: 0, message: notReachedMessage(owners.length, unreached) };
    // The reminder, the sender's daily count and one message of each owner's subscription, in one
    // transaction: a reminder is recorded exactly when its messages are taken. They are this recording's.
    for (let attempt = 1; ; attempt++) {
      const takes = longTerm ? [] : targets.map((userId) => takeWrite(d.db, userId, kind, useIdOf(kind, event(recordedAt)), recordedAt));
      try {
        await transact([
          d.db.reminders
            .build(PutTransaction)
            .item({ enterpriseId: e.id, date, at: recordedAt, byId: actor.userId })
            .options({ condition: { or: [{ attr: 'enterpriseId', exists: false }, { attr: 'date', ne: date }] } }) as never,
          spendWrite(d, actor.userId, 'reminder'),
          ...takes,
        ]);
        break;
      } catch (error) {
        const reasons = cancellationReasons(error);
        if (!reasons) throw error;
        if (reasons[0] === 'ConditionalCheckFailed') {
          // Recorded meanwhile: by someone else (refused), or by this sender's own concurrent try (its messages are sent here).
          const earlier = await unsentBy(d, e.id, date, actor.userId);
          if (!earlier) throw new DomainError('RATE_LIMITED', '今天已经提醒过该企业，请明天再试');
          recordedAt = earlier;
          targets = await heldBy(earlier);
          break;
        }
        if (reasons[1] === 'ConditionalCheckFailed') throw limitReached(d, 'reminder');
        // An owner's last message was taken meanwhile (by another event): the reminder goes without them.
        const lost = targets.filter((_, i) => reasons[2 + i] === 'ConditionalCheckFailed');
        if (lost.length === 0 || attempt >= 3) throw error;
        targets = targets.filter((userId) => !lost.includes(userId));
        unreached = [...unreached, ...lost.map((): Outcome => 'no-subscription')];
        if (targets.length === 0) return { delivered: false, sent: 0, message: notReachedMessage(owners.length, unreached) };
      }
    }
  }
  const deliveries = await send(
    d,
    kind,
    targets,
    `packageCommitment/pages/list/index?enterpriseId=${e.id}`,
    { thing1: thing(e.name), thing2: '请签署本年度安全生产告知承诺书', date3: date },
    event(recordedAt),
    { taken: true },
  );
  const sent = deliveries.filter((x) => x.outcome === 'sent').length;
  if (sent === 0) {
    await takeBackReminder(d, e.id, date, actor.userId, previous?.date === date ? undefined : previous);
    return { delivered: false, sent: 0, message: notReachedMessage(owners.length, [...unreached, ...deliveries.map((x) => x.outcome)]) };
  }
  await d.db.reminders.build(UpdateItemCommand).item({ enterpriseId: e.id, sentAt: d.clock.now().toISOString() }).send();
  const missed = owners.length - sent;
  return {
    delivered: true,
    sent,
    remindedAt: recordedAt,
    message: missed > 0 ? `已提醒：${sent} 位企业负责人已收到微信提醒，另有 ${missed} 位未能送达，请电话联系` : `已提醒：企业负责人已收到微信提醒`,
  };
}

/**
 * Undoes today's reservation by this sender that delivered nothing: the reminder before it is put
 * back (or none), and the sender's daily count is given back, each only while the reservation is
 * still this sender's unsent one.
 */
async function takeBackReminder(d: Deps, enterpriseId: string, date: string, byId: string, previous: { enterpriseId: string; date: string; at: string; byId: string; sentAt?: string } | undefined) {
  const ours = { and: [{ attr: 'date', eq: date }, { attr: 'byId', eq: byId }, { attr: 'sentAt', exists: false }] };
  try {
    if (previous) await d.db.reminders.build(PutItemCommand).item(previous).options({ condition: ours as never }).send();
    else await d.db.reminders.build(DeleteItemCommand).key({ enterpriseId }).options({ condition: ours as never }).send();
    await refund(d, byId, 'reminder');
  } catch (error) {
    if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
  }
}

/**
 * Signing rates by industry and by area: the child areas of the area asked for, or the caller's own
 * areas side by side when none is named and they hold more than one.
 */
export async function commitmentRates(d: Deps, actor: Actor, area: string | undefined) {
  const chosen = followedAreas(actor, area);
  const single = chosen.length === 1 ? chosen[0] : undefined;
  const [{ year, rows }, parts, self] = await Promise.all([
    standing(d, chosen),
    single ? listChildren(d.db, single) : Promise.all(chosen.map((p) => getArea(d.db, p))).then((as) => as.filter((a): a is Area => Boolean(a))),
    single ? getArea(d.db, single) : undefined,
  ]);
  const count = <K extends string>(keyOf: (e: Enterprise) => K | undefined) => {
    const out = new Map<K, { total: number; signed: number }>();
    for (const r of rows) {
      const k = keyOf(r.enterprise);
      if (k === undefined) continue;
      const c = out.get(k) ?? { total: 0, signed: 0 };
      c.total++;
      if (r.signed) c.signed++;
      out.set(k, c);
    }
    return out;
  };
  const byPart = count((e) => parts.find((c) => isWithin(e.area, c.path))?.path);
  const byIndustry = count((e) => e.industry);
  return {
    year,
    ...(single ? { area: single } : {}),
    ...(self ? { areaName: self.name } : {}),
    areas: parts.map((c) => ({ area: c.path, areaName: c.name, ...(byPart.get(c.path) ?? { total: 0, signed: 0 }) })),
    industries: [...byIndustry].map(([industry, c]) => ({ industry, ...c })),
  };
}
