/**
 * The ledgers (台账) beyond the enterprise ledger: hazards, site checks, signed
 * commitments and rewards — their list filters and their Excel exports. An export takes the
 * same filters as its list, without the paging.
 */
import * as z from 'zod';
import { CHECK_KINDS, CheckSummary } from './checks';
import { COMMITMENT_COLOURS } from './commitments';
import { INDUSTRIES } from './enums';
import { ListHazardsQuery } from './hazard-api';
import { ListRewardsQuery } from './reward-api';
import { AreaPath } from './schemas';

const Paging = { cursor: z.string().max(1000).optional(), limit: z.coerce.number().int().min(1).max(100).optional() };

// ---- hazards and rewards: the list's own filters

export const ExportHazardsBody = ListHazardsQuery.omit({ cursor: true, limit: true });
export const ExportRewardsBody = ListRewardsQuery.omit({ cursor: true, limit: true });

// ---- site checks (检查台账)

/** A month (`2026-11`) or a day (`2026-11-05`), in Asia/Shanghai. */
const MonthOrDay = z
  .string()
  // Years outside 2000–2099 have no records, and the ledger's month arithmetic writes years as four digits.
  .regex(/^20\d{2}-(0[1-9]|1[0-2])(-\d{2})?$/, '应为 2000—2099 年间的年月或日期，如 2026-11 或 2026-11-05')
  // zod runs the refinement even after the pattern failed, and toISOString throws on an invalid date.
  .refine((s) => s.length === 7 || (!Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), '不是有效日期');

export const CHECK_RESULTS = ['failed', 'passed'] as const;
export const CHECK_RESULT_LABELS: Record<(typeof CHECK_RESULTS)[number], string> = { failed: '有不符合项', passed: '全部符合' };
/** The longest range one check ledger reads: two years of months. */
export const CHECK_LEDGER_MAX_MONTHS = 24;

const monthIndex = (s: string) => Number(s.slice(0, 4)) * 12 + Number(s.slice(5, 7));

const checkFilters = {
  /** Default: every separate area the caller follows. */
  area: AreaPath.optional().describe('区域'),
  /** Default: this month. */
  from: MonthOrDay.optional().describe('起始'),
  to: MonthOrDay.optional().describe('截止'),
  kind: z.enum(CHECK_KINDS).optional().describe('检查类型'),
  enterpriseId: z.string().min(1).max(40).optional().describe('企业'),
  result: z.enum(CHECK_RESULTS).optional().describe('检查结果'),
};
type CheckFilters = { from?: string | undefined; to?: string | undefined };
const rangeRules = <T extends z.ZodType<CheckFilters>>(schema: T) =>
  schema
    .refine((q) => !q.from || !q.to || q.from.slice(0, q.to.length) <= q.to, { message: '截止不能早于起始', path: ['to'] })
    .refine((q) => !q.from || !q.to || monthIndex(q.to) - monthIndex(q.from) < CHECK_LEDGER_MAX_MONTHS, {
      message: `一次最多查询${CHECK_LEDGER_MAX_MONTHS}个月`,
      path: ['from'],
    });

export const ListChecksQuery = rangeRules(z.strictObject({ ...checkFilters, ...Paging }));
export const ExportChecksBody = rangeRules(z.strictObject(checkFilters));
export type CheckLedgerFilters = z.infer<typeof ExportChecksBody>;

export const CheckLedgerRow = CheckSummary.extend({ area: z.string(), areaName: z.string().optional(), kindLabel: z.string() });
export type CheckLedgerRow = z.infer<typeof CheckLedgerRow>;
export const ChecksResponse = z.object({
  /** The months read, as `from` and `to` came or defaulted. */
  from: z.string(),
  to: z.string(),
  checks: z.array(CheckLedgerRow),
  cursor: z.string().optional(),
});

// ---- signed commitments (承诺书台账)

const commitmentFilters = {
  /** Default: every separate area the caller follows. */
  area: AreaPath.optional().describe('区域'),
  /** Default: this year. */
  year: z.coerce.number().int('应为年份').min(2000, '年份不正确').max(2100, '年份不正确').optional().describe('年度'),
  industry: z.enum(INDUSTRIES).optional().describe('行业'),
};
export const ListCommitmentsQuery = z.strictObject({ ...commitmentFilters, ...Paging });
export const ExportCommitmentsBody = z.strictObject(commitmentFilters);

export const CommitmentLedgerRow = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  industry: z.enum(INDUSTRIES),
  area: z.string(),
  areaName: z.string().optional(),
  key: z.string(),
  year: z.number().int(),
  title: z.string(),
  colour: z.enum(COMMITMENT_COLOURS),
  templateVersion: z.number().int(),
  signerName: z.string(),
  signedAt: z.string(),
  /** Hazards raised by the self-check's 不符合 items. */
  hazardCount: z.number().int(),
  hash: z.string(),
});
export type CommitmentLedgerRow = z.infer<typeof CommitmentLedgerRow>;
export const CommitmentsResponse = z.object({ year: z.number().int(), commitments: z.array(CommitmentLedgerRow), cursor: z.string().optional() });
