/**
 * Request and response bodies of the hazard loop, shared by the handlers and the mini-program.
 */
import * as z from 'zod';
import {
  ENFORCEMENT_OUTCOMES,
  ESCALATION_KINDS,
  HAZARD_CATEGORIES,
  HAZARD_LEVELS,
  HAZARD_SOURCES,
  HAZARD_STATES,
  MOVE_NAMES,
} from './hazards';
import { IMAGE_CONTENT_TYPES, MAX_PHOTO_BYTES } from './ledger';
import { AreaPath, ChineseName, Ulid } from './schemas';

export const MAX_HAZARD_PHOTOS = 9;
/**
 * Hazard photos (reports, moves, site checks) are named each on its own, `hazards/<ULID><tag>.<ext>`:
 * the tag binds the photo to its uploader for the server alone (functions/src/usecases/uploads.ts),
 * so nobody can attach another user's file, and the keys and URLs an enterprise reads never show
 * that two anonymous reports came from one person (a folder per uploader did).
 */
export const HAZARD_PHOTO_PREFIX = 'hazards/';
const PhotoKey = z.string().regex(/^hazards\/[0-9A-Z]{26}[0-9a-f]{20}\.(jpg|png|webp)$/, '照片编号不正确');
const Photos = (min: number, label: string) =>
  z
    .array(PhotoKey)
    .min(min, min === 1 ? '请至少拍摄或选择1张照片' : `至少${min}张照片`)
    .max(MAX_HAZARD_PHOTOS, `最多${MAX_HAZARD_PHOTOS}张照片`)
    .refine((keys) => new Set(keys).size === keys.length, '照片重复')
    .describe(label);

const DateString = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '应为日期，格式如 2026-12-31')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00+08:00`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), '不是有效日期');
const Text = (max: number, label: string) => z.string().trim().min(1, '不能为空').max(max, `不能超过${max}个字`).describe(label);
const OptionalText = (max: number, label: string) => z.string().trim().max(max, `不能超过${max}个字`).optional().describe(label);

export const CreateHazardPhotoUploadBody = z.strictObject({
  contentType: z.enum(IMAGE_CONTENT_TYPES, '只能上传 JPG、PNG 或 WebP 图片').describe('文件类型'),
  size: z.number().int().min(1, '文件为空').max(MAX_PHOTO_BYTES, `图片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`).describe('文件大小'),
});

export const ReportHazardBody = z.strictObject({
  /** Client-generated, so an offline phone's retry makes one record. */
  id: Ulid.describe('编号'),
  description: z.string().trim().min(5, '请至少写5个字，说明在哪里、有什么隐患').max(500, '不能超过500个字').describe('隐患描述'),
  category: z.enum(HAZARD_CATEGORIES).describe('隐患类别'),
  photos: Photos(1, '照片'),
  lng: z.number().min(73, '应在73到136之间').max(136, '应在73到136之间').describe('经度'),
  lat: z.number().min(3, '应在3到54之间').max(54, '应在3到54之间').describe('纬度'),
  address: OptionalText(200, '位置说明'),
  enterpriseId: z.string().min(1).max(40).optional().describe('涉及企业'),
  /** Only supervisors will see who reported. */
  anonymous: z.boolean().describe('匿名'),
});

export const RectificationPlanSchema = z.strictObject({
  measures: Text(1000, '整改措施'),
  costFen: z.number().int('应为整数（分）').min(0, '不能为负数').max(1_000_000_000, '金额过大').describe('整改资金'),
  personInCharge: ChineseName.describe('整改责任人'),
  deadline: DateString.describe('完成期限'),
  interimMeasures: Text(500, '整改期间安全措施'),
});

export const MoveBody = z.discriminatedUnion(
  'action',
  [
    z.strictObject({
      action: z.literal('confirm'),
      level: z.enum(HAZARD_LEVELS).describe('隐患等级'),
      category: z.enum(HAZARD_CATEGORIES).describe('隐患类别'),
      deadline: DateString.describe('整改期限'),
      enterpriseId: z.string().min(1).max(40).optional().describe('责任企业'),
      note: OptionalText(500, '核实意见'),
    }),
    z.strictObject({ action: z.literal('merge'), duplicateOf: z.string().min(1).max(40).describe('重复的隐患'), note: OptionalText(500, '说明') }),
    z.strictObject({ action: z.literal('reject'), reason: Text(500, '驳回理由') }),
    z.strictObject({
      action: z.literal('fixOnSpot'),
      photos: Photos(1, '整改后照片'),
      note: Text(500, '整改情况'),
      category: z.enum(HAZARD_CATEGORIES).describe('隐患类别'),
      enterpriseId: z.string().min(1).max(40).optional().describe('责任企业'),
    }),
    z.strictObject({ action: z.literal('submitPlan'), plan: RectificationPlanSchema.describe('整改方案') }),
    z.strictObject({ action: z.literal('submitEvidence'), photos: Photos(1, '整改后照片'), note: Text(1000, '整改情况说明') }),
    z.strictObject({ action: z.literal('recheckPass'), note: OptionalText(500, '复查意见'), photos: Photos(0, '复查照片').optional() }),
    z.strictObject({
      action: z.literal('recheckFail'),
      reason: Text(500, '不通过原因'),
      deadline: DateString.describe('新的整改期限'),
      photos: Photos(0, '复查照片').optional(),
    }),
    z.strictObject({
      action: z.literal('enforce'),
      outcome: z.enum(ENFORCEMENT_OUTCOMES).describe('处置结果'),
      documentNo: Text(60, '文书编号'),
      note: OptionalText(500, '处置说明'),
      then: z.enum(['close', 'rectify']).describe('后续'),
      deadline: DateString.optional().describe('新的整改期限'),
    }),
    z.strictObject({ action: z.literal('addNote'), note: Text(500, '补充说明'), photos: Photos(0, '补充照片').optional() }),
    z.strictObject({ action: z.literal('withdraw'), reason: OptionalText(500, '撤回原因') }),
    z.strictObject({ action: z.literal('appeal'), reason: Text(500, '申诉理由') }),
  ],
  { error: '操作类型不正确' },
);
export type MoveBody = z.infer<typeof MoveBody>;
export const MoveHazardBody = z.strictObject({
  /** The version the caller saw: a move made on a stale view is refused (409), never applied twice. */
  version: z.number().int().min(1).describe('版本'),
  move: MoveBody.describe('操作'),
});

const PhotoView = z.object({ key: z.string(), url: z.string() });
export const HazardSummary = z.object({
  id: z.string(),
  state: z.enum(HAZARD_STATES),
  stateLabel: z.string(),
  source: z.enum(HAZARD_SOURCES),
  sourceLabel: z.string(),
  category: z.enum(HAZARD_CATEGORIES),
  level: z.enum(HAZARD_LEVELS).optional(),
  description: z.string(),
  area: z.string(),
  areaName: z.string().optional(),
  enterpriseId: z.string().optional(),
  enterpriseName: z.string().optional(),
  deadline: z.string().optional(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  thumbnail: z.string().optional(),
});
export type HazardSummary = z.infer<typeof HazardSummary>;

export const LetterView = z.object({
  id: z.string(),
  kind: z.enum(ESCALATION_KINDS),
  label: z.string(),
  number: z.string(),
  issuedAt: z.string(),
});
export type LetterView = z.infer<typeof LetterView>;

export const HazardView = HazardSummary.extend({
  photos: z.array(PhotoView),
  lng: z.number(),
  lat: z.number(),
  address: z.string().optional(),
  anonymous: z.boolean(),
  /** Present only for those who may see who reported (never for an enterprise). */
  reporter: z.object({ name: z.string(), phone: z.string().optional() }).optional(),
  plan: RectificationPlanSchema.optional(),
  duplicateOf: z.string().optional(),
  escalation: z.number().int(),
  letters: z.array(LetterView),
  /** Where the report's reward stands (待审核, 已发放…), for the reporter and the loop's officials; never to whom or how much. */
  reward: z.string().optional(),
  version: z.number().int(),
  /** The moves the caller may make now. */
  moves: z.array(z.enum(MOVE_NAMES as [string, ...string[]])),
});
export type HazardView = z.infer<typeof HazardView>;

export const TimelineEvent = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string(),
  label: z.string(),
  /** Who acted; absent where the caller may not know (the reporter, to an enterprise). */
  by: z.string().optional(),
  note: z.string().optional(),
  photos: z.array(PhotoView),
  details: z.array(z.tuple([z.string(), z.string()])),
});
export type TimelineEvent = z.infer<typeof TimelineEvent>;

export const HazardResponse = z.object({ hazard: HazardView, timeline: z.array(TimelineEvent) });
export const HazardsResponse = z.object({ hazards: z.array(HazardSummary), cursor: z.string().optional() });
export const HazardIdParams = z.strictObject({ id: z.string().min(1).max(40) });

export const ListHazardsQuery = z.strictObject({
  area: AreaPath.optional(),
  state: z.enum(HAZARD_STATES).optional().describe('状态'),
  enterpriseId: z.string().min(1).max(40).optional().describe('企业'),
  /** Part of the description or of the enterprise's name. */
  q: z.string().trim().max(50, '不能超过50个字符').optional().describe('关键词'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const PageQuery = z.strictObject({ cursor: z.string().max(1000).optional(), limit: z.coerce.number().int().min(1).max(100).optional() });

export const QUEUE_KINDS = ['triage', 'recheck', 'overdue', 'plan', 'rectify', 'enforce'] as const;
export const QUEUE_LABELS: Record<(typeof QUEUE_KINDS)[number], string> = {
  triage: '待核实',
  recheck: '待复查',
  overdue: '已逾期',
  plan: '待报整改方案',
  rectify: '待整改',
  enforce: '执法线索',
};
/** No `kind`: the first page of every group; `kind` (with the group's `cursor`): that group's next page. */
export const HazardQueueQuery = z.strictObject({
  kind: z.enum(QUEUE_KINDS).optional().describe('分组'),
  cursor: z.string().max(1000).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});
export const HazardQueueResponse = z.object({
  /** `cursor`: the group has more; ask again with `kind` and it. */
  groups: z.array(z.object({ kind: z.enum(QUEUE_KINDS), label: z.string(), hazards: z.array(HazardSummary), cursor: z.string().optional() })),
});

export const EscalationStepSchema = z.strictObject({
  kind: z.enum(ESCALATION_KINDS).describe('升级方式'),
  daysOverdue: z.number().int('应为整数天').min(0, '不能为负数').max(365, '不能超过365天').describe('逾期天数'),
});
export const EscalationStepsSchema = z
  .array(EscalationStepSchema)
  .min(1, '至少一步')
  .max(3, '最多三步')
  .superRefine((steps, ctx) => {
    const order = steps.map((s) => ESCALATION_KINDS.indexOf(s.kind));
    if (order.some((o, i) => i > 0 && o <= order[i - 1]!)) ctx.addIssue({ code: 'custom', message: '应按 风险提醒函 → 工作督办函 → 执法线索 的顺序，每种最多一次' });
    // At the step whose days are wrong, so a form shows it at that field.
    for (const [i, s] of steps.entries()) {
      if (i > 0 && s.daysOverdue <= steps[i - 1]!.daysOverdue) ctx.addIssue({ code: 'custom', path: [i, 'daysOverdue'], message: '应大于上一步的逾期天数' });
    }
  })
  .describe('升级步骤');
export const EscalationRulesQuery = z.strictObject({ district: AreaPath.describe('区') });
export const SetEscalationRulesBody = z.strictObject({
  district: AreaPath.describe('区'),
  steps: EscalationStepsSchema,
  version: z.number().int().min(0).describe('版本'),
});
export const EscalationRulesResponse = z.object({ district: z.string(), steps: z.array(EscalationStepSchema), version: z.number().int() });

export const LocateQuery = z.strictObject({
  lng: z.coerce.number().min(73, '应在73到136之间').max(136, '应在73到136之间').describe('经度'),
  lat: z.coerce.number().min(3, '应在3到54之间').max(54, '应在3到54之间').describe('纬度'),
});
export const LocateResponse = z.object({ area: z.string(), areaName: z.string(), names: z.array(z.string()), distanceM: z.number() });

export const NearbyEnterprisesQuery = LocateQuery.extend({ q: z.string().trim().max(50, '不能超过50个字符').optional().describe('关键词') });
export const NearbyEnterprisesResponse = z.object({
  enterprises: z.array(z.object({ id: z.string(), name: z.string(), address: z.string(), distanceM: z.number() })),
});

export const LetterIdParams = z.strictObject({ id: z.string().min(1).max(40) });

/** WeChat's message push (mediaCheckAsync results), as its servers send it. */
export const WechatEventQuery = z.object({ signature: z.string().max(100), timestamp: z.string().max(20), nonce: z.string().max(100) });
export const WechatEventBody = z.object({
  Event: z.string().max(50),
  trace_id: z.string().max(100).optional(),
  result: z.object({ suggest: z.string().max(20) }).optional(),
});
export const WechatEventResponse = z.object({ ok: z.literal(true) });
