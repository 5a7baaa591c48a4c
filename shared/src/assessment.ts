/**
 * Gridworker assessment (网格员考核): per gridworker and period, what they did (visits,
 * coverage of their enterprises, hazards found, rechecks on time, overdue hazards in their grids,
 * updates of enterprise files), a score out of 100 with the weights a district sets, and the level
 * (一二三级网格员动态管理, Taian) the score suggests. Level 1 is the best: 一级网格员 is the top grade
 * (the demo district has 20 of them, 24 of level 3, the rest level 2). Pure.
 */
import * as z from 'zod';
import { monthsBetween, YearMonth } from './dashboard';
import { GRIDWORKER_LEVELS, type GridworkerLevel } from './enums';
import { AreaPath } from './schemas';

/** The parts of the score, in the order the screen shows them; `overdue` is the one that costs points. */
export const ASSESSMENT_PARTS = ['visits', 'hazards', 'rechecks', 'overdue', 'updates'] as const;
export type AssessmentPart = (typeof ASSESSMENT_PARTS)[number];
export const ASSESSMENT_PART_LABELS: Record<AssessmentPart, string> = {
  visits: '走访与覆盖',
  hazards: '发现隐患',
  rechecks: '复查及时',
  overdue: '逾期隐患（扣分）',
  updates: '档案更新',
};

/** Days after the evidence a recheck still counts as on time: 1 to this many. Rechecks are counted by day up to it. */
export const RECHECK_DAYS_MAX = 10;

const points = (label: string) =>
  z
    .number()
    .int('应为整数分')
    .min(0, '不能小于0分')
    .max(100, '不能超过100分')
    .describe(`${label}权重`);
const count = (label: string, min: number, max: number, unit: string) =>
  z
    .number()
    .int(`应为整数${unit}`)
    .min(min, `不能小于${min}${unit}`)
    .max(max, `不能超过${max}${unit}`)
    .describe(label);

export const AssessmentWeightsSchema = z
  .strictObject({
    /** Points of each part; they add up to 100. */
    points: z.strictObject(Object.fromEntries(ASSESSMENT_PARTS.map((p) => [p, points(ASSESSMENT_PART_LABELS[p])])) as Record<AssessmentPart, z.ZodNumber>).describe('各项权重'),
    /** Visits a month that earn the visits' half of 走访与覆盖 (the other half is the coverage rate). */
    visitsPerMonth: count('每月走访目标', 1, 200, '次'),
    /** Hazards found a month that earn all of 发现隐患's points. */
    hazardsPerMonth: count('每月发现隐患目标', 1, 100, '条'),
    /** A recheck within this many days of the evidence is on time. */
    recheckWithinDays: count('复查时限', 1, RECHECK_DAYS_MAX, '天'),
    /** Overdue hazards standing in the grids that cost all of the overdue part's points. */
    overdueLimit: count('逾期扣完分的条数', 1, 50, '条'),
    /** Scores from which a level is suggested: ≥ level1From → 1级, ≥ level2From → 2级, else 3级. */
    level1From: count('一级分数线', 0, 100, '分'),
    level2From: count('二级分数线', 0, 100, '分'),
  })
  .refine((w) => ASSESSMENT_PARTS.reduce((n, p) => n + w.points[p], 0) === 100, {
    message: '五项权重合计应为100分，请调整后保存',
    path: ['points'],
  })
  .refine((w) => w.level1From > w.level2From, { message: '应高于二级分数线', path: ['level1From'] });
export type AssessmentWeights = z.infer<typeof AssessmentWeightsSchema>;

/** What a district uses until it sets its own. */
export const DEFAULT_ASSESSMENT_WEIGHTS: AssessmentWeights = {
  points: { visits: 30, hazards: 20, rechecks: 20, overdue: 15, updates: 15 },
  visitsPerMonth: 8,
  hazardsPerMonth: 2,
  recheckWithinDays: 3,
  overdueLimit: 5,
  level1From: 85,
  level2From: 60,
};

export const AssessmentWeightsQuery = z.strictObject({ district: AreaPath.describe('区') });
export const SetAssessmentWeightsBody = z.strictObject({ district: AreaPath.describe('区'), weights: AssessmentWeightsSchema, version: z.number().int().min(0).describe('版本') });
export const AssessmentWeightsResponse = z.object({ district: z.string(), weights: AssessmentWeightsSchema, version: z.number().int() });

// ---- the metrics and the score

/** The longest period one assessment covers: a year of months. */
export const ASSESSMENT_MAX_MONTHS = 12;

export const AssessmentsQuery = z
  .strictObject({
    area: AreaPath.describe('区域'),
    from: YearMonth.describe('起始月份'),
    to: YearMonth.describe('截止月份'),
  })
  .refine((q) => q.from <= q.to, { message: '截止月份不能早于起始月份', path: ['to'] })
  .refine((q) => monthsBetween(q.from, q.to) <= ASSESSMENT_MAX_MONTHS, { message: `一次最多考核${ASSESSMENT_MAX_MONTHS}个月`, path: ['from'] });

const n = z.number().int().min(0);
export const AssessmentMetricsSchema = z.object({
  /** Months in the period. */
  months: z.number().int().min(1),
  /** Site checks they submitted in the period. */
  visits: n,
  /** Operating enterprises in their micro-grids, and those whose current coverage period is covered. */
  enterprises: n,
  covered: n,
  /** Hazards they reported (巡查) or raised from a site check (现场检查) in the period. */
  hazardsFound: n,
  /** Their rechecks in the period, and those within the district's days of the evidence. */
  rechecks: n,
  rechecksOnTime: n,
  /** Overdue hazards standing now in their grids. */
  overdue: n,
  /** Files they updated or verified (月度更新) in the period. */
  fileUpdates: n,
});
export type AssessmentMetrics = z.infer<typeof AssessmentMetricsSchema>;

const ratio = (a: number, b: number) => (b > 0 ? Math.min(1, a / b) : 1);

/** Each part earned, 0–1. */
export function partsOf(m: AssessmentMetrics, w: AssessmentWeights): Record<AssessmentPart, number> {
  return {
    visits: (ratio(m.visits, w.visitsPerMonth * m.months) + ratio(m.covered, m.enterprises)) / 2,
    hazards: ratio(m.hazardsFound, w.hazardsPerMonth * m.months),
    rechecks: ratio(m.rechecksOnTime, m.rechecks),
    overdue: 1 - Math.min(1, m.overdue / w.overdueLimit),
    updates: ratio(m.fileUpdates, m.enterprises * m.months),
  };
}

/** The score out of 100, one decimal: each part's points times what of it was earned. */
export function scoreOf(m: AssessmentMetrics, w: AssessmentWeights): number {
  const parts = partsOf(m, w);
  const total = ASSESSMENT_PARTS.reduce((s, p) => s + w.points[p] * parts[p], 0);
  return Math.round(Math.min(100, Math.max(0, total)) * 10) / 10;
}

/** The level a score suggests (1 is the best). */
export function suggestedLevel(score: number, w: Pick<AssessmentWeights, 'level1From' | 'level2From'>): GridworkerLevel {
  return score >= w.level1From ? GRIDWORKER_LEVELS[0] : score >= w.level2From ? GRIDWORKER_LEVELS[1] : GRIDWORKER_LEVELS[2];
}

/** Rechecks on time from the per-day counts (`recheck_in_<d>`, d whole days after the evidence; the last bucket is "this many or more"). */
export function rechecksOnTimeOf(byDay: number[], withinDays: number): number {
  return byDay.slice(0, withinDays).reduce((a, b) => a + b, 0);
}
/** Whole days between the evidence and the recheck, capped at the last bucket. */
export function recheckDayBucket(evidenceAt: string, recheckAt: string): number {
  const days = Math.floor((Date.parse(recheckAt) - Date.parse(evidenceAt)) / 86_400_000);
  return Math.min(RECHECK_DAYS_MAX, Math.max(0, days));
}

const GridworkerLevelOut = z.union(GRIDWORKER_LEVELS.map((l) => z.literal(l)));
export const AssessmentRow = z.object({
  userId: z.string(),
  name: z.string(),
  microgrids: z.array(z.object({ path: z.string(), name: z.string() })),
  level: GridworkerLevelOut.optional(),
  metrics: AssessmentMetricsSchema,
  /** Covered of enterprises, 0–1 (1 when they have none). */
  coverageRate: z.number().min(0).max(1),
  score: z.number().min(0).max(100),
  suggestedLevel: GridworkerLevelOut,
});
export type AssessmentRow = z.infer<typeof AssessmentRow>;

/** Xintai's rule: a guarantee leader checks each of their enterprises as many times a month as the district sets. */
export const GuaranteeRow = z.object({
  userId: z.string(),
  name: z.string(),
  enterprises: n,
  checksDone: n,
  checksOwed: n,
  /** Checks missing, counted per enterprise and month (an extra check of one does not make up for another). */
  shortfall: n,
});
export type GuaranteeRow = z.infer<typeof GuaranteeRow>;

export const AssessmentsResponse = z.object({
  area: z.string(),
  areaName: z.string(),
  from: z.string(),
  to: z.string(),
  weights: AssessmentWeightsSchema,
  /** Sorted by score, best first. */
  gridworkers: z.array(AssessmentRow),
  guaranteeLeaders: z.array(GuaranteeRow),
});
export type AssessmentsResponse = z.infer<typeof AssessmentsResponse>;
