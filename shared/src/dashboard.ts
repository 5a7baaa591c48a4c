/**
 * The dashboard (一张表): an area's figures for a range of months, its child areas side by side and
 * ranked. Read from the per-area counters every state change keeps in its own transaction (see
 * docs/decisions.md "Counters"), so its cost does not grow with the records. Pure; the sums and the ranking.
 */
import * as z from 'zod';
import { ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES } from './enums';
import { FLOW_COUNTERS, RECORD_FLOW_COUNTERS, STOCK_COUNTERS } from './hazards';
import { AreaPath } from './schemas';

// Years outside 2000–2099 have no records; the check ledger's months are held to the same years.
export const YearMonth = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '应为 2000—2099 年间的年月，如 2026-11');

/** The longest range one dashboard sums: three years of months. */
export const DASHBOARD_MAX_MONTHS = 36;

export const monthsBetween = (from: string, to: string) => {
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  return (ty - fy) * 12 + (tm - fm) + 1;
};

export const DashboardQuery = z
  .strictObject({
    /** Default: every separate area the caller follows, side by side. */
    area: AreaPath.optional().describe('区域'),
    from: YearMonth.describe('起始月份'),
    to: YearMonth.describe('截止月份'),
  })
  .refine((q) => q.from <= q.to, { message: '截止月份不能早于起始月份', path: ['to'] })
  .refine((q) => monthsBetween(q.from, q.to) <= DASHBOARD_MAX_MONTHS, { message: `一次最多统计${DASHBOARD_MAX_MONTHS}个月`, path: ['from'] });

export const DASHBOARD_FLOW = [...FLOW_COUNTERS, ...RECORD_FLOW_COUNTERS] as const;
export type DashboardFlowKey = (typeof DASHBOARD_FLOW)[number];
export type DashboardStockKey = (typeof STOCK_COUNTERS)[number];
export type Flow = Record<DashboardFlowKey, number>;
export type Stock = Record<DashboardStockKey, number>;

const counts = <K extends string>(keys: readonly K[]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number().int()])) as Record<K, z.ZodNumber>);

export const AreaFigures = z.object({
  area: z.string(),
  areaName: z.string(),
  /** What happened in the months, summed. */
  flow: counts(DASHBOARD_FLOW),
  /** Where the hazards stand now. */
  stock: counts(STOCK_COUNTERS),
  /** The businesses on the ledger now, by status, risk class and industry (the kinds present only). */
  enterprises: z.object({
    total: z.number().int(),
    byStatus: z.partialRecord(z.enum(ENTERPRISE_STATUSES), z.number().int()),
    byClass: z.partialRecord(z.enum(RISK_CLASSES), z.number().int()),
    byIndustry: z.partialRecord(z.enum(INDUSTRIES), z.number().int()),
  }),
  /** Closed of confirmed in the months, 0–1; absent when nothing was confirmed. */
  rectificationRate: z.number().min(0).max(1).optional(),
});
export type AreaFigures = z.infer<typeof AreaFigures>;

/** The flow figures charted month by month. */
export const TREND_KEYS = ['reported', 'confirmed', 'closed', 'checks'] as const;
export const TrendMonth = z.object({ month: z.string(), ...(Object.fromEntries(TREND_KEYS.map((k) => [k, z.number().int()])) as Record<(typeof TREND_KEYS)[number], z.ZodNumber>) });
export type TrendMonth = z.infer<typeof TrendMonth>;

export const DashboardResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** The area asked for (or each the caller follows), with its months one by one. */
  areas: z.array(
    AreaFigures.extend({ rank: z.number().int().optional(), trend: z.array(TrendMonth), children: z.array(AreaFigures.extend({ rank: z.number().int() })) }),
  ),
});

/** Every month from `from` to `to`, both included. */
export function monthsOf(from: string, to: string): string[] {
  const [y, m] = from.split('-').map(Number) as [number, number];
  return Array.from({ length: Math.max(0, monthsBetween(from, to)) }, (_, i) => {
    const n = y * 12 + (m - 1) + i;
    return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
  });
}

/** An area's months from its counter items (keyed by `period`), the months without any as zeros. */
export function trendOf(items: Partial<Record<string, unknown>>[], from: string, to: string): TrendMonth[] {
  const byMonth = new Map(items.map((i) => [i.period, i]));
  return monthsOf(from, to).map((month) => {
    const flow = flowOf(byMonth.has(month) ? [byMonth.get(month)!] : []);
    return { month, ...(Object.fromEntries(TREND_KEYS.map((k) => [k, flow[k]])) as Record<(typeof TREND_KEYS)[number], number>) };
  });
}

/** A counter item's numbers, the missing ones as 0. */
export function flowOf(items: Partial<Record<string, unknown>>[]): Flow {
  const flow = Object.fromEntries(DASHBOARD_FLOW.map((k) => [k, 0])) as Flow;
  for (const item of items) for (const k of DASHBOARD_FLOW) if (typeof item[k] === 'number') flow[k] += item[k] as number;
  return flow;
}

export function stockOf(item: Partial<Record<string, unknown>> | undefined): Stock {
  return Object.fromEntries(STOCK_COUNTERS.map((k) => [k, typeof item?.[k] === 'number' ? (item[k] as number) : 0])) as Stock;
}

/** The businesses of a STOCK item, each breakdown without its zeros. */
export function enterprisesOf(item: Partial<Record<string, unknown>> | undefined): AreaFigures['enterprises'] {
  const count = (k: string) => (typeof item?.[k] === 'number' ? (item[k] as number) : 0);
  const by = <K extends string>(keys: readonly K[], prefix: string) =>
    Object.fromEntries(keys.map((k) => [k, count(`${prefix}${k}`)]).filter(([, n]) => n)) as Partial<Record<K, number>>;
  return { total: count('enterprises'), byStatus: by(ENTERPRISE_STATUSES, 'ent_status_'), byClass: by(RISK_CLASSES, 'ent_class_'), byIndustry: by(INDUSTRIES, 'ent_industry_') };
}

/** Closed of confirmed in the period (a hazard confirmed and fixed on the spot counts in both). */
export function rectificationRate(flow: Pick<Flow, 'closed' | 'confirmed'>): number | undefined {
  return flow.confirmed ? Math.min(1, flow.closed / flow.confirmed) : undefined;
}

/**
 * The grid ranking: by rectification rate (none confirmed ranks last), then fewer overdue, then
 * more checks; equal areas share a rank (1, 2, 2, 4).
 */
export function rankAreas<T extends Pick<AreaFigures, 'area' | 'flow' | 'stock' | 'rectificationRate'>>(rows: T[]): (T & { rank: number })[] {
  const key = (r: T) => [r.rectificationRate ?? -1, -r.stock.overdue, r.flow.checks] as const;
  const sorted = [...rows].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || a.area.localeCompare(b.area);
  });
  return sorted.map((r, i) => {
    const first = sorted.findIndex((s) => key(s).every((v, j) => v === key(r)[j]));
    return { ...r, rank: (first === -1 ? i : first) + 1 };
  });
}
