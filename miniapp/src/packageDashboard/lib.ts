/** The dashboard (一张表): the periods it sums and how its figures read. */
import { DashboardQuery, validate, type TrendMonth } from '@safegrid/shared';
import { thisMonth } from '../lib/time';

export type Period = 'month' | 'quarter' | 'year' | 'custom';
export const PERIODS: readonly { value: Period; label: string }[] = [
  { value: 'month', label: '本月' },
  { value: 'quarter', label: '本季度' },
  { value: 'year', label: '本年' },
  { value: 'custom', label: '自定义' },
];

/** The months a preset sums, up to this month (Asia/Shanghai): 本季度 from its first month, 本年 from January. */
export function periodRange(period: Exclude<Period, 'custom'>, now: Date = new Date()): { from: string; to: string } {
  const to = thisMonth(now);
  const [year, month] = to.split('-').map(Number) as [number, number];
  if (period === 'year') return { from: `${year}-01`, to };
  if (period === 'quarter') return { from: `${year}-${String(Math.floor((month - 1) / 3) * 3 + 1).padStart(2, '0')}`, to };
  return { from: to, to };
}

/**
 * Why a custom range cannot be asked for, or '' when it can: the shared DashboardQuery's rules, its
 * message without the field's name (the pickers sit side by side). An end before the start is said
 * from the start's side, as the month pickers read (and as 发放台账 says it).
 */
export function rangeError(from: string, to: string): string {
  const checked = validate(DashboardQuery, { from, to });
  if (checked.ok) return '';
  if (checked.fields.to) return '起始月份不能晚于截止月份';
  const first = Object.values(checked.fields)[0] ?? '';
  return first.slice(first.indexOf('：') + 1);
}

/** A bar's width: the value as a percentage of the largest (0 when all are 0). */
export function barWidth(value: number, max: number): string {
  return `${max > 0 ? Math.round((Math.max(0, value) / max) * 1000) / 10 : 0}%`;
}

/** The series of the 月度趋势 chart: bars for a few months, lines for many; months named 11月 (with the year in January and at the start). */
export function trendChart(trend: TrendMonth[]) {
  const categories = trend.map((m, i) => (i === 0 || m.month.endsWith('-01') ? `${m.month.slice(2, 4)}年${Number(m.month.slice(5))}月` : `${Number(m.month.slice(5))}月`));
  const series = [
    { name: '上报', data: trend.map((m) => m.reported), color: '#1677ff' },
    { name: '确认', data: trend.map((m) => m.confirmed), color: '#ff7d00' },
    { name: '整改完成', data: trend.map((m) => m.closed), color: '#00b42a' },
    { name: '检查', data: trend.map((m) => m.checks), color: '#722ed1' },
  ];
  return { type: trend.length > 6 ? ('line' as const) : ('column' as const), categories, series };
}
