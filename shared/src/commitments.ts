/**
 * Commitment letters (告知承诺, Tianqu's five colours): templates by industry, what an enterprise
 * owes in a year, and the canonical form of a signed letter that its hash is taken over.
 */
import * as z from 'zod';
import { INDUSTRIES, type Industry } from './enums';
import { AreaPath, ChineseName, Ulid } from './schemas';

export const COMMITMENT_COLOURS = ['绿', '蓝', '黄', '白', '橙'] as const;
export type CommitmentColour = (typeof COMMITMENT_COLOURS)[number];

/** Rich text as blocks, so the app, the PDF and the hash all read the same structure. */
export const RichBlock = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('heading'), text: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字').describe('标题') }),
  z.strictObject({ kind: z.literal('paragraph'), text: z.string().trim().min(1, '不能为空').max(2000, '不能超过2000个字').describe('段落') }),
  z.strictObject({
    kind: z.literal('list'),
    items: z.array(z.string().trim().min(1, '不能为空').max(500, '每项不能超过500个字').describe('列表项')).min(1, '至少一项').max(50, '最多50项').describe('列表'),
  }),
]);
export type RichBlock = z.infer<typeof RichBlock>;

export const SelfCheckItem = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,20}$/, '编号只能包含小写字母、数字和-'),
  text: z.string().trim().min(1, '不能为空').max(300, '不能超过300个字').describe('自查内容'),
  basis: z.string().trim().max(200, '不能超过200个字').optional().describe('依据'),
});
export type SelfCheckItem = z.infer<typeof SelfCheckItem>;

export const TemplateFields = z.strictObject({
  district: AreaPath.describe('区'),
  colour: z.enum(COMMITMENT_COLOURS).describe('颜色'),
  title: z.string().trim().min(1, '不能为空').max(60, '不能超过60个字').describe('标题'),
  industries: z.array(z.enum(INDUSTRIES)).min(1, '至少一个行业').describe('适用行业'),
  notice: z.array(RichBlock).min(1, '告知书不能为空').max(100, '最多100段').describe('告知书'),
  selfCheck: z
    .array(SelfCheckItem)
    .min(1, '至少一项自查内容')
    .max(60, '最多60项')
    .refine((items) => new Set(items.map((i) => i.id)).size === items.length, '自查项编号重复')
    .describe('自查表'),
  commitment: z.array(RichBlock).min(1, '承诺书不能为空').max(50, '最多50段').describe('承诺书'),
});
export const PublishTemplateBody = TemplateFields.extend({
  /** Absent for a new template; present (with the version it started from) to publish a new version. */
  id: Ulid.describe('编号'),
  baseVersion: z.number().int().min(0).describe('版本'),
});
export type CommitmentTemplate = z.infer<typeof TemplateFields> & { id: string; version: number; publishedAt: string };

export const ANSWERS = ['yes', 'no', 'na'] as const;
export const ANSWER_LABELS = { yes: '符合', no: '不符合', na: '不适用' } as const;
export const SelfCheckAnswer = z.strictObject({
  itemId: z.string().max(20),
  answer: z.enum(ANSWERS).describe('自查结果'),
  note: z.string().trim().max(300).optional().describe('说明'),
});
export type SelfCheckAnswer = z.infer<typeof SelfCheckAnswer>;

export const SignCommitmentBody = z.strictObject({
  templateId: z.string().min(1).max(40).describe('承诺书'),
  templateVersion: z.number().int().min(1).describe('版本'),
  answers: z.array(SelfCheckAnswer).max(60).describe('自查表'),
  signatureKey: z.string().regex(/^signatures\/[\w-]+\/[0-9A-Z]{26}\.png$/, '签名未上传').describe('签名'),
  signerName: ChineseName.describe('签署人'),
});

/** The year a moment falls in, in Asia/Shanghai. */
export function commitmentYear(at: Date | string): number {
  return new Date(new Date(at).getTime() + 8 * 3_600_000).getUTCFullYear();
}

/** The template an enterprise of this industry signs (the district keeps one per industry). */
export function templateFor<T extends Pick<CommitmentTemplate, 'industries'>>(templates: T[], industry: Industry): T | undefined {
  return templates.find((t) => t.industries.includes(industry));
}

/** The key of what an enterprise owes: a year and a template version. Signed once per key. */
export const obligationKey = (year: number, templateId: string, version: number) => `${year}-${templateId}-v${version}`;

/** Every answer given once, to exactly the template's items. */
export function answersProblem(template: Pick<CommitmentTemplate, 'selfCheck'>, answers: SelfCheckAnswer[]): string | undefined {
  const ids = template.selfCheck.map((i) => i.id);
  const given = answers.map((a) => a.itemId);
  if (given.length !== new Set(given).size) return '自查项重复作答';
  const missing = ids.filter((id) => !given.includes(id));
  if (missing.length) return `还有 ${missing.length} 项自查未作答`;
  if (given.some((id) => !ids.includes(id))) return '含有不属于该承诺书的自查项';
  return undefined;
}

/**
 * Canonical JSON (RFC 8785 style for our value types: objects with keys sorted by code point,
 * no whitespace, strings as JSON.stringify writes them, integers only). The hash of a signed
 * letter is SHA-256 over this, so the same content always gives the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('canonical JSON holds integers only');
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new Error(`canonical JSON cannot hold ${typeof value}`);
}

/** Exactly what is signed: the rendered letter, the answers, the signature image and who signed when. */
export interface SignedContent {
  enterpriseId: string;
  enterpriseName: string;
  year: number;
  templateId: string;
  templateVersion: number;
  colour: CommitmentColour;
  title: string;
  notice: RichBlock[];
  selfCheck: SelfCheckItem[];
  commitment: RichBlock[];
  answers: SelfCheckAnswer[];
  /** The handwritten signature, PNG, base64. */
  signaturePng: string;
  signerId: string;
  signerName: string;
  signedAt: string;
}

// ---- the API's bodies

export const MAX_SIGNATURE_BYTES = 200 * 1024;
export const signaturePrefix = (uploaderTag: string) => `signatures/${uploaderTag}/`;
export const CreateSignatureUploadBody = z.strictObject({
  contentType: z.literal('image/png', '签名应为 PNG 图片').describe('文件类型'),
  size: z.number().int().min(1, '签名为空').max(MAX_SIGNATURE_BYTES, '签名图片过大').describe('文件大小'),
});

export const TemplateView = TemplateFields.extend({ id: z.string(), version: z.number().int(), publishedAt: z.string() });
export const TemplatesResponse = z.object({ templates: z.array(TemplateView) });
export const TemplateResponse = z.object({ template: TemplateView });
export const TemplatesQuery = z.strictObject({ district: AreaPath.describe('区') });

export const SignedSummary = z.object({
  key: z.string(),
  year: z.number().int(),
  templateId: z.string(),
  templateVersion: z.number().int(),
  colour: z.enum(COMMITMENT_COLOURS),
  title: z.string(),
  signerName: z.string(),
  signedAt: z.string(),
  hash: z.string(),
});
export const SignedView = SignedSummary.extend({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  notice: z.array(RichBlock),
  selfCheck: z.array(SelfCheckItem),
  commitment: z.array(RichBlock),
  answers: z.array(SelfCheckAnswer),
  signaturePng: z.string(),
  /** Hazards raised by the self-check's failed items. */
  hazardIds: z.array(z.string()),
});
export type SignedView = z.infer<typeof SignedView>;

export const EnterpriseCommitmentsResponse = z.object({
  enterprise: z.object({ id: z.string(), name: z.string(), industry: z.enum(INDUSTRIES) }),
  year: z.number().int(),
  /** The letter this enterprise must sign now; absent when signed (or no template covers its industry). */
  owed: TemplateView.optional(),
  signed: z.array(SignedSummary),
  /** May the caller sign for it (its owner roles only). */
  canSign: z.boolean(),
});
export const CommitmentParams = z.strictObject({ id: z.string().min(1).max(40), key: z.string().regex(/^\d{4}-[0-9A-Z]{26}-v\d+$/, '承诺书编号不正确') });
export const SignedResponse = z.object({ record: SignedView });
/** The hash the letter's QR code carries: a record whose hash differs is not the letter that was printed. */
export const VerifyQuery = z.strictObject({ hash: z.string().regex(/^[0-9a-f]{64}$/, '校验码不正确').optional().describe('校验码') });
/**
 * What anyone (signed in or not) learns by checking a letter: whether it is intact, whose, which
 * year and on which day it was signed. Never the signer, their phone or the signature.
 */
export const VerifyResponse = z.object({
  valid: z.boolean(),
  hash: z.string(),
  computed: z.string(),
  enterpriseName: z.string(),
  year: z.number().int(),
  /** The day it was signed (YYYY-MM-DD, Asia/Shanghai). */
  signedOn: z.string(),
});

/** The number a signed letter is checked by, printed on its PDF beside the QR code: the enterprise's id and the letter's key. */
export const letterNumber = (enterpriseId: string, key: string) => `${enterpriseId}-${key}`;
const QR_TEXT = /^safegrid:commitment:([^:\s]{1,40}):(\d{4}-[0-9A-Z]{26}-v\d+):([0-9a-f]{64})$/;
const NUMBER = /^(\S{1,40})-(\d{4})-([0-9A-Za-z]{26})-[vV](\d+)$/;
/**
 * A letter's QR code text (`safegrid:commitment:<enterprise>:<key>:<hash>`) or its typed number
 * (letterNumber) as verifyCommitment takes it; undefined when it is neither.
 */
export function parseLetterCode(text: string): { id: string; key: string; hash?: string } | undefined {
  const t = text.trim();
  const qr = QR_TEXT.exec(t);
  if (qr) return { id: qr[1]!, key: qr[2]!, hash: qr[3]! };
  const n = NUMBER.exec(t.replace(/\s+/g, ''));
  return n ? { id: n[1]!, key: `${n[2]}-${n[3]!.toUpperCase()}-v${n[4]}` } : undefined;
}

export const UnsignedQuery = z.strictObject({ area: AreaPath.optional() });
export const UnsignedResponse = z.object({
  year: z.number().int(),
  enterprises: z.array(
    z.object({ id: z.string(), name: z.string(), address: z.string(), industry: z.enum(INDUSTRIES), area: z.string(), areaName: z.string().optional(), remindedAt: z.string().optional() }),
  ),
});
/**
 * A reminder is recorded (已提醒, the day's one reminder used) only when it reached an owner; otherwise
 * `message` says why not (no owner account, not in the mini-program, not subscribed) and what to do.
 */
export const RemindResponse = z.object({
  delivered: z.boolean(),
  /** Owners the message reached. */
  sent: z.number().int(),
  /** When the reminder was recorded: only when delivered. */
  remindedAt: z.string().optional(),
  message: z.string(),
});
export const RatesQuery = z.strictObject({ area: AreaPath.optional() });
const RateRow = z.object({ total: z.number().int(), signed: z.number().int() });
export const RatesResponse = z.object({
  year: z.number().int(),
  /** Absent when the caller named no area and follows several: `areas` then lists those. */
  area: z.string().optional(),
  areaName: z.string().optional(),
  areas: z.array(RateRow.extend({ area: z.string(), areaName: z.string() })),
  industries: z.array(RateRow.extend({ industry: z.enum(INDUSTRIES) })),
});
