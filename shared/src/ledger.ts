/**
 * The enterprise ledger (一企一档): the file's schema, who may change which field, and the rule
 * that a file not verified for a month is due for its monthly update (月度更新).
 */
import * as z from 'zod';
import { ENTERPRISE_KINDS, ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS } from './enums';
import { AreaPath, ChineseName, Phone, Ulid, Uscc } from './schemas';
import { USCC_REQUIRED_MESSAGE } from './uscc';
import { BOUNDARY_FILE_TYPE, MAX_BOUNDARY_FILE_BYTES } from './boundaries';
import type { Role } from './roles';
import { type CounterDelta, areaDeltas, mergeDeltas } from './hazards';

export const ContactSchema = z.strictObject({
  name: ChineseName.describe('联系人姓名'),
  phone: Phone.describe('联系电话'),
  title: z.string().trim().max(20, '不能超过20个字符').optional().describe('职务'),
});

/** The fields of a file, each with its Chinese label (messages and history use them). */
export const ENTERPRISE_FIELD_LABELS = {
  uscc: '统一社会信用代码',
  name: '名称',
  kind: '类型',
  address: '地址',
  lng: '经度',
  lat: '纬度',
  area: '所属网格',
  industry: '行业',
  riskClass: '风险等级',
  tags: '特殊标签',
  status: '经营状态',
  legalRepresentative: '法定代表人',
  safetyManager: '安全管理员',
  contacts: '联系人',
  employees: '从业人数',
  guaranteeLeaderId: '包保责任人',
  photos: '照片',
} as const;
export type EnterpriseField = keyof typeof ENTERPRISE_FIELD_LABELS;

/** Photos of the premises and licences, uploaded straight to storage under the file's own prefix. */
export const PHOTO_KINDS = ['门头照片', '营业执照', '其他'] as const;
export const IMAGE_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const MAX_PHOTOS = 12;
export const photoPrefix = (enterpriseId: string) => `photos/${enterpriseId}/`;
export const PhotoSchema = z.strictObject({
  key: z.string().regex(/^photos\/[\w-]+\/[\w-]+\.(jpg|png|webp)$/, '照片编号不正确').describe('照片'),
  kind: z.enum(PHOTO_KINDS).describe('照片类型'),
});

const L = ENTERPRISE_FIELD_LABELS;
export const EnterpriseFieldsSchema = z.strictObject({
  uscc: Uscc.optional().describe(L.uscc),
  name: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字符').describe(L.name),
  kind: z.enum(ENTERPRISE_KINDS).describe(L.kind),
  address: z.string().trim().min(1, '不能为空').max(200, '不能超过200个字符').describe(L.address),
  // Mainland China's bounding box: a swapped or zero coordinate is caught here.
  lng: z.number().min(73, '应在73到136之间').max(136, '应在73到136之间').describe(L.lng),
  lat: z.number().min(3, '应在3到54之间').max(54, '应在3到54之间').describe(L.lat),
  area: AreaPath.describe(L.area),
  industry: z.enum(INDUSTRIES).describe(L.industry),
  riskClass: z.enum(RISK_CLASSES).describe(L.riskClass),
  tags: z
    .array(z.enum(SPECIAL_TAGS))
    .max(SPECIAL_TAGS.length)
    .refine((t) => new Set(t).size === t.length, '标签不能重复')
    .describe(L.tags),
  status: z.enum(ENTERPRISE_STATUSES).describe(L.status),
  legalRepresentative: ChineseName.describe(L.legalRepresentative),
  safetyManager: ContactSchema.optional().describe(L.safetyManager),
  contacts: z.array(ContactSchema).max(10, '最多10位联系人').describe(L.contacts),
  employees: z.number().int('应为整数').min(0, '不能为负数').max(1_000_000, '过大').describe(L.employees),
  guaranteeLeaderId: z.string().min(1).max(40).optional().describe(L.guaranteeLeaderId),
  photos: z.array(PhotoSchema).max(MAX_PHOTOS, `最多${MAX_PHOTOS}张照片`).optional().describe(L.photos),
});
export type EnterpriseFields = z.infer<typeof EnterpriseFieldsSchema>;

/** Only 个体工商户 may go without a credit code: checked on a new file, by the API and the census import alike. */
function usccRequired(v: { kind: string; uscc?: string }, ctx: z.RefinementCtx) {
  if (v.kind === '企业' && !v.uscc) ctx.addIssue({ code: 'custom', path: ['uscc'], message: USCC_REQUIRED_MESSAGE });
}
export const NewEnterpriseFields = EnterpriseFieldsSchema.superRefine(usccRequired);
export const CreateEnterpriseBody = EnterpriseFieldsSchema.extend({ id: Ulid.describe('编号') }).superRefine(usccRequired);
/** Optional fields an edit may clear, by sending null (a leader reassigned, a manager who left). */
export const CLEARABLE_FIELDS = ['uscc', 'safetyManager', 'guaranteeLeaderId'] as const;
export const UpdateEnterpriseBody = z.strictObject({
  /** The version the editor started from; a file changed since then answers 409. */
  version: z.number().int().min(1).describe('版本'),
  changes: EnterpriseFieldsSchema.partial()
    .extend({
      uscc: Uscc.nullable().optional().describe(L.uscc),
      safetyManager: ContactSchema.nullable().optional().describe(L.safetyManager),
      guaranteeLeaderId: z.string().min(1).max(40).nullable().optional().describe(L.guaranteeLeaderId),
    })
    .describe('修改内容'),
  /** Nothing changed, but the gridworker checked the file on site: counts as the monthly update. */
  verified: z.boolean().optional().describe('核实'),
});

/** Fields an enterprise owner or safety manager may correct themselves; the rest go through their gridworker. */
export const OWNER_EDITABLE: readonly EnterpriseField[] = ['safetyManager', 'contacts', 'employees', 'photos'];
/** Only supervisors and admins name guarantee leaders. */
export const SUPERVISOR_ONLY: readonly EnterpriseField[] = ['guaranteeLeaderId'];

/** The fields a role may change on a file it can see; undefined means all. */
export function editableFields(role: Role): readonly EnterpriseField[] | undefined {
  if (role === 'supervisor' || role === 'admin') return undefined;
  if (role === 'gridworker') return (Object.keys(L) as EnterpriseField[]).filter((f) => !SUPERVISOR_ONLY.includes(f));
  if (role === 'enterprise_owner') return OWNER_EDITABLE;
  return [];
}

/** Roles that read the ledger of their area (enterprise owners read their own file). */
export const LEDGER_READERS: Role[] = ['gridworker', 'guarantee_leader', 'supervisor', 'department', 'enforcement', 'admin'];
/** Roles that see contact phones in full; the rest see them masked. */
export const FULL_PHONE_ROLES: Role[] = ['gridworker', 'guarantee_leader', 'supervisor', 'enforcement', 'enterprise_owner'];

export const MONTHLY_UPDATE_DAYS = 30;
/** Due for its monthly update: not verified in the last 30 days (time is passed in, never read). */
export function isUpdateDue(verifiedAt: string, now: Date): boolean {
  return now.getTime() - new Date(verifiedAt).getTime() > MONTHLY_UPDATE_DAYS * 24 * 3600 * 1000;
}
export function dueCutoff(now: Date): string {
  return new Date(now.getTime() - MONTHLY_UPDATE_DAYS * 24 * 3600 * 1000).toISOString();
}

const ContactView = z.object({ name: z.string(), phone: z.string(), title: z.string().optional() });
export const EnterpriseSummary = z.object({
  id: z.string(),
  uscc: z.string().optional(),
  name: z.string(),
  kind: z.enum(ENTERPRISE_KINDS),
  address: z.string(),
  area: z.string(),
  industry: z.enum(INDUSTRIES),
  riskClass: z.enum(RISK_CLASSES),
  tags: z.array(z.enum(SPECIAL_TAGS)),
  status: z.enum(ENTERPRISE_STATUSES),
  verifiedAt: z.string(),
  updateDue: z.boolean(),
});
export type EnterpriseSummary = z.infer<typeof EnterpriseSummary>;
export const EnterpriseView = EnterpriseSummary.extend({
  lng: z.number(),
  lat: z.number(),
  areaName: z.string().optional(),
  legalRepresentative: z.string(),
  safetyManager: ContactView.optional(),
  contacts: z.array(ContactView),
  employees: z.number(),
  guaranteeLeaderId: z.string().optional(),
  guaranteeLeaderName: z.string().optional(),
  /** With short-lived download URLs. */
  photos: z.array(z.object({ key: z.string(), kind: z.enum(PHOTO_KINDS), url: z.string() })),
  version: z.number(),
  /** The fields the caller may change. */
  editable: z.array(z.string()),
});
export type EnterpriseView = z.infer<typeof EnterpriseView>;

export const HistoryEntry = z.object({
  at: z.string(),
  byId: z.string(),
  byName: z.string(),
  kind: z.enum(['create', 'update', 'verify', 'import']),
  changes: z.array(z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() })),
});
export type HistoryEntry = z.infer<typeof HistoryEntry>;

export const ListEnterprisesQuery = z.strictObject({
  area: AreaPath.optional(),
  /** Part of the name, or the start of a credit code. */
  q: z.string().trim().max(50, '不能超过50个字符').optional().describe('关键词'),
  industry: z.enum(INDUSTRIES).optional().describe(L.industry),
  riskClass: z.enum(RISK_CLASSES).optional().describe(L.riskClass),
  tag: z.enum(SPECIAL_TAGS).optional().describe(L.tags),
  status: z.enum(ENTERPRISE_STATUSES).optional().describe(L.status),
  guaranteeLeaderId: z.string().max(40).optional().describe(L.guaranteeLeaderId),
  due: z.enum(['true', 'false']).optional().describe('待月度更新'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const EnterprisesResponse = z.object({ enterprises: z.array(EnterpriseSummary), cursor: z.string().optional() });
export const EnterpriseResponse = z.object({ enterprise: EnterpriseView, history: z.array(HistoryEntry) });
export const EnterpriseIdParams = z.strictObject({ id: z.string().min(1).max(40) });

export const CreatePhotoUploadBody = z.strictObject({
  contentType: z.enum(IMAGE_CONTENT_TYPES, '只能上传 JPG、PNG 或 WebP 图片').describe('文件类型'),
  size: z.number().int().min(1, '文件为空').max(MAX_PHOTO_BYTES, `图片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`).describe('文件大小'),
});

// ---- census import and export (.xlsx)
export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export const CreateUploadBody = z.discriminatedUnion('purpose', [
  z.strictObject({
    purpose: z.literal('census-import').describe('用途'),
    fileName: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字符').describe('文件名'),
    contentType: z.literal(XLSX_CONTENT_TYPE, '只能上传 .xlsx 格式的 Excel 文件').describe('文件类型'),
    size: z.number().int().min(1, '文件为空').max(MAX_IMPORT_BYTES, `文件不能超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB`).describe('文件大小'),
  }),
  // A street's boundaries as GeoJSON (importBoundaries): admins only.
  z.strictObject({
    purpose: z.literal('boundary-import').describe('用途'),
    fileName: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字符').describe('文件名'),
    contentType: z.literal(BOUNDARY_FILE_TYPE, '只能上传 GeoJSON（.geojson 或 .json）文件').describe('文件类型'),
    size: z.number().int().min(1, '文件为空').max(MAX_BOUNDARY_FILE_BYTES, `文件不能超过 ${MAX_BOUNDARY_FILE_BYTES / 1024 / 1024} MB`).describe('文件大小'),
  }),
]);
/** A presigned POST: send `fields`, then the file as the last part named `file`, as multipart/form-data to `url`. */
export const UploadResponse = z.object({ key: z.string(), url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() });

export const RejectedRow = z.object({ row: z.number().int(), reasons: z.record(z.string(), z.string()) });
export const ImportJob = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  fileName: z.string(),
  createdAt: z.string(),
  finishedAt: z.string().optional(),
  total: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(RejectedRow),
  /** What the import passed over without refusing the file (a title row above the header, a 备注 column). */
  notes: z.array(z.string()).optional(),
  /** Why the whole file was refused (not an xlsx, wrong headers, empty). */
  error: z.string().optional(),
});
export type ImportJob = z.infer<typeof ImportJob>;
export const StartImportBody = z.strictObject({
  id: Ulid.describe('编号'),
  key: z.string().min(1).max(300).describe('上传文件'),
  fileName: z.string().trim().min(1).max(100).describe('文件名'),
});
export const ImportJobResponse = z.object({ job: ImportJob });
export const FileUrlResponse = z.object({ url: z.string(), rows: z.number().int().optional() });
export const ExportEnterprisesBody = ListEnterprisesQuery.omit({ cursor: true, limit: true });

// ---- red lines (十条红线)
export const RedLineFields = z.strictObject({
  area: AreaPath.describe('区域'),
  title: z.string().trim().min(1, '不能为空').max(100, '不能超过100个字符').describe('重大风险'),
  factors: z.array(z.string().trim().min(1, '不能为空').max(200, '不能超过200个字符').describe('风险因素')).min(1, '至少一项风险因素').max(20, '最多20项').describe('风险因素'),
  enterpriseIds: z.array(z.string().min(1).max(40).describe('涉及企业')).max(200, '最多200家').describe('涉及企业'),
  ownerName: ChineseName.describe('管控责任人'),
  ownerPhone: Phone.optional().describe('责任人电话'),
  measures: z.array(z.string().trim().min(1, '不能为空').max(300, '不能超过300个字符').describe('管控措施')).min(1, '至少一项管控措施').max(20, '最多20项').describe('管控措施'),
});
export const CreateRedLineBody = RedLineFields.extend({ id: Ulid.describe('编号') });
export const UpdateRedLineBody = z.strictObject({ version: z.number().int().min(1), changes: RedLineFields.partial() });
export const RedLineView = z.object({
  id: z.string(),
  area: z.string(),
  areaName: z.string().optional(),
  title: z.string(),
  factors: z.array(z.string()),
  enterprises: z.array(z.object({ id: z.string(), name: z.string() })),
  ownerName: z.string(),
  ownerPhone: z.string().optional(),
  measures: z.array(z.string()),
  version: z.number(),
});
export type RedLineView = z.infer<typeof RedLineView>;
export const ListRedLinesQuery = z.strictObject({ area: AreaPath.optional(), enterpriseId: z.string().max(40).optional() });
export const RedLinesResponse = z.object({ redLines: z.array(RedLineView) });
export const RedLineResponse = z.object({ redLine: RedLineView });

// ---- counters: how many businesses an area holds now (its STOCK counter item; docs/decisions.md "Counters")

/** Every business counts once in `enterprises`, once by status, once by risk class and once by industry. */
export const ENTERPRISE_COUNTERS = [
  'enterprises',
  ...ENTERPRISE_STATUSES.map((s) => `ent_status_${s}` as const),
  ...RISK_CLASSES.map((c) => `ent_class_${c}` as const),
  ...INDUSTRIES.map((i) => `ent_industry_${i}` as const),
] as const;
export type EnterpriseCounter = (typeof ENTERPRISE_COUNTERS)[number];

type Counted = Pick<EnterpriseFields, 'area' | 'status' | 'riskClass' | 'industry'>;
export const enterpriseCounterKeys = (e: Counted): EnterpriseCounter[] => ['enterprises', `ent_status_${e.status}`, `ent_class_${e.riskClass}`, `ent_industry_${e.industry}`];

/** What a file written (created, edited, imported or moved to another grid) changes in the STOCK items of its areas and their ancestors. */
export function enterpriseCounterDeltas(before: Counted | undefined, after: Counted): CounterDelta[] {
  const deltas: CounterDelta[] = [];
  if (before) for (const k of enterpriseCounterKeys(before)) deltas.push(...areaDeltas(before.area, 'STOCK', { [k]: -1 }));
  for (const k of enterpriseCounterKeys(after)) deltas.push(...areaDeltas(after.area, 'STOCK', { [k]: 1 }));
  return mergeDeltas(deltas);
}
