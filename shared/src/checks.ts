/**
 * Site checks (带着清单下企业): versioned checklist templates, the answers of a check, which of them
 * fail, and coverage — how often each enterprise must be checked. Pure; time is passed in.
 */
import * as z from 'zod';
import { INDUSTRIES, RISK_CLASSES, type RiskClass } from './enums';
import { HAZARD_CATEGORIES, HAZARD_LEVELS, type HazardCategory, shanghaiDate } from './hazards';
import { AreaPath, Ulid } from './schemas';

export const CHECK_KINDS = ['daily', 'special', 'guarantee', 'expert', 'joint', 'self'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];
export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  daily: '日常巡查',
  special: '专项检查',
  guarantee: '包保检查',
  expert: '专家会诊',
  joint: '联合检查',
  self: '企业自查',
};

export const ITEM_KINDS = ['passfail', 'number', 'text', 'photo'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];
export const RESULTS = ['pass', 'fail', 'na'] as const;
export type ItemResult = (typeof RESULTS)[number];
export const RESULT_LABELS: Record<ItemResult, string> = { pass: '符合', fail: '不符合', na: '不适用' };

const text = (max: number, label: string) => z.string().trim().min(1, `请填写${label}`).max(max, `不能超过${max}个字`).describe(label);

export const TemplateItemSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9-]{1,20}$/, '编号只能由小写字母、数字和“-”组成').describe('检查项编号'),
    text: text(200, '检查内容'),
    kind: z.enum(ITEM_KINDS).describe('检查项类型'),
    basis: z.string().trim().max(200, '不能超过200个字').optional().describe('依据'),
    /** The hazard level a failure means. */
    failLevel: z.enum(HAZARD_LEVELS).describe('不符合时的隐患等级'),
    required: z.boolean().describe('是否必查'),
    min: z.number().optional().describe('最小值'),
    max: z.number().optional().describe('最大值'),
    unit: z.string().max(10).optional().describe('单位'),
  })
  .refine((i) => i.kind !== 'number' || (i.min !== undefined || i.max !== undefined), { message: '数值项须设置范围', path: ['min'] });
export type TemplateItem = z.infer<typeof TemplateItemSchema>;

export const TemplateSectionSchema = z.strictObject({
  title: text(40, '分节标题'),
  /** The hazard category its failed items are filed under (其他 when not set). */
  category: z.enum(HAZARD_CATEGORIES).optional().describe('隐患类别'),
  items: z.array(TemplateItemSchema).min(1, '每节至少一项').max(80),
});

export const CheckTemplateBody = z
  .strictObject({
    district: AreaPath.describe('区'),
    /** A new template (baseVersion 0) or the next version of an existing one. */
    id: z.string().regex(/^[a-z0-9-]{2,40}$/, '编号只能由小写字母、数字和“-”组成').describe('模板编号'),
    baseVersion: z.number().int().min(0).describe('版本'),
    name: text(40, '模板名称'),
    industries: z.array(z.enum(INDUSTRIES)).max(INDUSTRIES.length).describe('适用行业'),
    campaign: z.string().trim().max(40).optional().describe('专项'),
    sections: z.array(TemplateSectionSchema).min(1, '至少一节').max(20),
  })
  .refine((t) => new Set(t.sections.flatMap((s) => s.items.map((i) => i.id))).size === t.sections.flatMap((s) => s.items).length, {
    message: '检查项编号不能重复',
    path: ['sections'],
  });
export type CheckTemplate = Omit<z.infer<typeof CheckTemplateBody>, 'baseVersion'> & { version: number; publishedAt: string };

export const CheckAnswerSchema = z.strictObject({
  itemId: z.string().max(20),
  result: z.enum(RESULTS).optional().describe('检查结果'),
  value: z.number().finite().optional().describe('数值'),
  text: z.string().trim().max(500, '不能超过500个字').optional().describe('内容'),
  photos: z.array(z.string().max(200)).max(9, '最多9张照片').describe('照片'),
  note: z.string().trim().max(300, '不能超过300个字').optional().describe('情况说明'),
  fixedOnSpot: z.boolean().optional().describe('当场整改'),
  fixPhotos: z.array(z.string().max(200)).max(9, '最多9张照片').optional().describe('整改后照片'),
});
export type CheckAnswer = z.infer<typeof CheckAnswerSchema>;

/** Did this answer fail its item: 不符合, or a number outside its range. */
export function failed(item: TemplateItem, a: CheckAnswer | undefined): boolean {
  if (!a) return false;
  if (item.kind === 'passfail') return a.result === 'fail';
  if (item.kind === 'number' && a.value !== undefined) return (item.min !== undefined && a.value < item.min) || (item.max !== undefined && a.value > item.max);
  return false;
}

export function templateItems(t: Pick<CheckTemplate, 'sections'>): TemplateItem[] {
  return t.sections.flatMap((s) => s.items);
}

/** The hazard category a failed item is filed under: its section's. */
export function categoryOf(t: Pick<CheckTemplate, 'sections'>, itemId: string): HazardCategory {
  return t.sections.find((s) => s.items.some((i) => i.id === itemId))?.category ?? '其他';
}

/**
 * What is missing or wrong in a check's answers, keyed as the API reports fields
 * (`answers.<index>.<field>`, the index in the template's order).
 */
export function answerProblems(t: Pick<CheckTemplate, 'sections'>, answers: CheckAnswer[]): Record<string, string> {
  const out: Record<string, string> = {};
  const items = templateItems(t);
  const byId = new Map(answers.map((a) => [a.itemId, a]));
  for (const a of answers) if (!items.some((i) => i.id === a.itemId)) out.answers = `检查项 ${a.itemId} 不在模板中，请刷新模板后重填`;
  items.forEach((item, i) => {
    const a = byId.get(item.id);
    const at = `answers.${i}`;
    const answered = a && (item.kind === 'passfail' ? a.result !== undefined : item.kind === 'number' ? a.value !== undefined || a.result === 'na' : item.kind === 'text' ? Boolean(a.text) || a.result === 'na' : a.photos.length > 0 || a.result === 'na');
    if (item.required && !answered) out[`${at}.result`] = '此项为必查项，请填写';
    if (failed(item, a)) {
      if (!a!.photos.length) out[`${at}.photos`] = '不符合项请拍照留存';
      if (!a!.note) out[`${at}.note`] = '不符合项请写明情况';
      if (a!.fixedOnSpot && !a!.fixPhotos?.length) out[`${at}.fixPhotos`] = '当场整改请拍摄整改后照片';
    }
  });
  return out;
}

// ---- a check as submitted

export const SubmitCheckBody = z.strictObject({
  id: Ulid.describe('检查编号'),
  enterpriseId: z.string().min(1).max(40).describe('企业'),
  kind: z.enum(CHECK_KINDS).describe('检查类型'),
  templateId: z.string().max(40).describe('检查模板'),
  templateVersion: z.number().int().min(1).describe('模板版本'),
  checkIn: z.strictObject({
    lng: z.number().min(73, '应在73到136之间').max(136, '应在73到136之间').describe('经度'),
    lat: z.number().min(3, '应在3到54之间').max(54, '应在3到54之间').describe('纬度'),
    at: z.string().datetime({ offset: true, message: '应为带时区的时间' }).describe('签到时间'),
    reason: z.string().trim().max(200).optional().describe('距离较远的原因'),
  }),
  answers: z.array(CheckAnswerSchema).max(200),
  summary: z.string().trim().max(500, '不能超过500个字').optional().describe('检查意见'),
  /** The enterprise representative's handwritten signature (a PNG uploaded first); a self-check is signed by its owner. */
  signatureKey: z.string().max(200).describe('企业签字'),
  signerName: text(20, '签字人'),
});

// ---- coverage

/** Coverage periods a district may choose: a month, two months, a quarter (Tianqu's full coverage), half a year. */
export const COVERAGE_MONTHS = [1, 2, 3, 6] as const;
export type CoverageMonths = (typeof COVERAGE_MONTHS)[number];
/** How many months make one coverage period, by risk class. */
export type CoverageRules = Record<RiskClass, CoverageMonths>;

const Months = z.literal(COVERAGE_MONTHS, { error: '应为1、2、3或6个月' });

/** What a district sets for its checks: how often each class is checked, and how far from the enterprise a check-in needs a reason. */
export const CheckRulesSchema = z.strictObject({
  coverage: z.strictObject(Object.fromEntries(RISK_CLASSES.map((c) => [c, Months.describe(`${c}类检查周期`)])) as Record<RiskClass, typeof Months>),
  checkInReasonOverM: z.number().int('应为整数米').min(50, '不能小于50米').max(5000, '不能超过5000米').describe('签到距离'),
  /** Xintai: a guarantee leader checks each of their enterprises at least twice a month. */
  guaranteeChecksPerMonth: z.number().int('应为整数').min(1, '每月至少1次').max(8, '每月最多8次').describe('包保每月检查次数'),
});
export type CheckRules = z.infer<typeof CheckRulesSchema>;
/** What a district uses until it sets its own. */
export const DEFAULT_CHECK_RULES: CheckRules = {
  coverage: { A: 1, B: 2, C: 3, D: 3, 红: 1, 橙: 1, 黄: 2, 蓝: 3, 绿: 3 },
  checkInReasonOverM: 500,
  guaranteeChecksPerMonth: 2,
};
export const CheckRulesQuery = z.strictObject({ district: AreaPath.describe('区') });
export const SetCheckRulesBody = z.strictObject({ district: AreaPath.describe('区'), rules: CheckRulesSchema, version: z.number().int().min(0).describe('版本') });
export const CheckRulesResponse = z.object({ district: z.string(), rules: CheckRulesSchema, version: z.number().int() });

/** The first day (YYYY-MM-DD, Asia/Shanghai) of the coverage period `at` falls in, for periods of `months`. */
export function periodStart(at: Date | string, months: number): string {
  const [y, m] = shanghaiDate(at).split('-').map(Number) as [number, number];
  const first = Math.floor((m - 1) / months) * months + 1;
  return `${y}-${String(first).padStart(2, '0')}-01`;
}

/** The coverage period's label: 2026年11月, 2026年11–12月, 2026年第四季度, 2026年下半年. */
export function periodLabel(start: string, months: number): string {
  const [y, m] = start.split('-').map(Number) as [number, number];
  if (months === 1) return `${y}年${m}月`;
  if (months === 3) return `${y}年第${'一二三四'[(m - 1) / 3]}季度`;
  if (months === 6) return `${y}年${m === 1 ? '上' : '下'}半年`;
  return `${y}年${m}–${m + months - 1}月`;
}

/** Does an enterprise of this class owe a check now, given when it was last checked? */
export function owesCheck(riskClass: RiskClass, lastCheckedAt: string | undefined, now: Date, coverage: CoverageRules): boolean {
  return !lastCheckedAt || shanghaiDate(lastCheckedAt) < periodStart(now, coverage[riskClass]);
}


// ---- API bodies

const TemplateView = z.object({
  id: z.string(),
  version: z.number().int(),
  name: z.string(),
  industries: z.array(z.enum(INDUSTRIES)),
  campaign: z.string().optional(),
  sections: z.array(z.object({ title: z.string(), category: z.enum(HAZARD_CATEGORIES).optional(), items: z.array(z.object({ id: z.string(), text: z.string(), kind: z.enum(ITEM_KINDS), basis: z.string().optional(), failLevel: z.enum(HAZARD_LEVELS), required: z.boolean(), min: z.number().optional(), max: z.number().optional(), unit: z.string().optional() })) })),
  publishedAt: z.string(),
});
export const CheckTemplatesQuery = z.strictObject({ district: AreaPath.describe('区') });
/** With the district's check-in distance, so a form filled offline knows when to ask for a reason. */
export const CheckTemplatesResponse = z.object({ templates: z.array(TemplateView), checkInReasonOverM: z.number().int() });
export const CheckTemplateResponse = z.object({ template: TemplateView });

export const CheckView = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  area: z.string(),
  kind: z.enum(CHECK_KINDS),
  kindLabel: z.string(),
  template: TemplateView,
  inspectorName: z.string(),
  checkIn: z.object({ lng: z.number(), lat: z.number(), at: z.string(), distanceM: z.number(), reason: z.string().optional() }),
  answers: z.array(CheckAnswerSchema.extend({ photoUrls: z.array(z.string()), fixPhotoUrls: z.array(z.string()) })),
  summary: z.string().optional(),
  signerName: z.string(),
  signatureUrl: z.string(),
  hazardIds: z.array(z.string()),
  failedCount: z.number().int(),
  submittedAt: z.string(),
});
export const CheckResponse = z.object({ check: CheckView });
export const CheckIdParams = z.strictObject({ id: z.string().min(1).max(40) });

export const CheckSummary = z.object({
  id: z.string(),
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  kind: z.enum(CHECK_KINDS),
  templateName: z.string(),
  inspectorName: z.string(),
  failedCount: z.number().int(),
  submittedAt: z.string(),
});
export const EnterpriseChecksResponse = z.object({ checks: z.array(CheckSummary) });

export const OwedVisitsQuery = z.strictObject({
  lng: z.coerce.number().min(73).max(136).optional().describe('经度'),
  lat: z.coerce.number().min(3).max(54).optional().describe('纬度'),
});
export const OwedVisitsResponse = z.object({
  enterprises: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      address: z.string(),
      area: z.string(),
      riskClass: z.enum(RISK_CLASSES),
      lastCheckedAt: z.string().optional(),
      period: z.string(),
      /** Metres from the caller, when they gave their position. */
      distanceM: z.number().optional(),
      /** For guarantee leaders: checks this month, of the `checksPerMonth` the district asks. */
      checksThisMonth: z.number().int().optional(),
      checksPerMonth: z.number().int().optional(),
    }),
  ),
});

export const CoverageQuery = z.strictObject({ area: AreaPath.optional() });
const CoverageRow = z.object({ total: z.number().int(), covered: z.number().int() });
export const CoverageResponse = z.object({
  area: z.string(),
  areas: z.array(CoverageRow.extend({ area: z.string(), areaName: z.string() })),
  gridworkers: z.array(CoverageRow.extend({ userId: z.string(), name: z.string() })),
  /** Enterprises not checked within their period, most overdue first (at most 200). */
  blindSpots: z.array(z.object({ id: z.string(), name: z.string(), area: z.string(), riskClass: z.string(), lastCheckedAt: z.string().optional(), period: z.string() })),
});
