/**
 * The monthly bulletin (月通报): for an area and a month, the figures of the dashboard,
 * the child-area ranking, the overdue hazards and the enterprises named for refusing to rectify.
 * One per area and month; a draft is regenerated in place (its version grows), published once and
 * then immutable. Publishing goes down: those under the area read the published ones.
 */
import * as z from 'zod';
import { AreaFigures, YearMonth } from './dashboard';
import { HAZARD_LEVELS, ESCALATION_KINDS } from './hazards';
import { formatPercent } from './percent';
import { AreaPath } from './schemas';

export const BULLETIN_STATES = ['draft', 'published'] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];
export const BULLETIN_STATE_LABELS: Record<BulletinState, string> = { draft: '草稿', published: '已发布' };

/** Who generates and publishes: the area's supervisors and admins. */
export const BULLETIN_KEEPERS = ['supervisor', 'admin'] as const;
/** Who reads published bulletins of the areas above them (and of their own). */
export const BULLETIN_READERS = ['gridworker', 'supervisor', 'department', 'enforcement', 'admin'] as const;
/** `generatedBy` of a bulletin drafted by the monthly schedule. */
export const BULLETIN_SCHEDULE = 'schedule';
/** The overdue list keeps at most this many rows (longest overdue first); `overdueTotal` counts them all. */
export const BULLETIN_MAX_OVERDUE_ROWS = 500;

/** A bulletin's id in a URL: `<month>.<area path with '.' for '/'>` (codes never hold a '.'). */
export const bulletinId = (area: string, month: string) => `${month}.${area.replaceAll('/', '.')}`;
export function parseBulletinId(id: string): { area: string; month: string } | undefined {
  const m = /^(\d{4}-\d{2})\.([0-9A-Za-z_.-]+)$/.exec(id);
  return m ? { month: m[1]!, area: m[2]!.replaceAll('.', '/') } : undefined;
}

/** The month before `YYYY-MM`. */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** `2026-11` → 2026年11月 */
export const monthLabel = (month: string) => `${month.slice(0, 4)}年${Number(month.slice(5, 7))}月`;

/** The document's title, e.g. 一街道安全生产网格化监管月通报（2026年11月）. */
export const bulletinTitle = (areaName: string, month: string) => `${areaName}安全生产网格化监管月通报（${monthLabel(month)}）`;

export const BulletinLetter = z.object({ kind: z.enum(ESCALATION_KINDS), kindLabel: z.string(), number: z.string(), issuedAt: z.string() });

export const BulletinOverdueRow = z.object({
  hazardId: z.string(),
  enterpriseId: z.string().optional(),
  enterpriseName: z.string(),
  area: z.string(),
  areaName: z.string(),
  level: z.enum(HAZARD_LEVELS).optional(),
  deadline: z.string(),
  daysOverdue: z.number().int(),
  latestLetter: BulletinLetter.optional(),
});
export type BulletinOverdueRow = z.infer<typeof BulletinOverdueRow>;

export const BulletinRefusedRow = z.object({
  enterpriseId: z.string(),
  enterpriseName: z.string(),
  area: z.string(),
  areaName: z.string(),
  hazardIds: z.array(z.string()),
  /** What happened, one line per hazard, e.g. 收到工作督办函（…〔2026〕3号）后仍逾期未整改，逾期12天. */
  happened: z.array(z.string()),
});
export type BulletinRefusedRow = z.infer<typeof BulletinRefusedRow>;

export const BulletinFigures = AreaFigures.extend({ children: z.array(AreaFigures.extend({ rank: z.number().int() })) });

/**
 * The figures a bulletin lists, label and value in order: its screen, its PDF and its sheet show these
 * rows, so a figure reads the same in all three (the rate through `formatPercent`).
 */
export function bulletinFigureRows(f: Pick<AreaFigures, 'flow' | 'stock' | 'rectificationRate'>): [label: string, value: number | string][] {
  return [
    ['本月上报隐患', f.flow.reported],
    ['本月确认隐患', f.flow.confirmed],
    ['本月整改销号', f.flow.closed],
    ['当场整改', f.flow.on_spot],
    ['整改率', formatPercent(f.rectificationRate)],
    ['本月检查次数', f.flow.checks],
    ['当前逾期隐患', f.stock.overdue],
    ['当前整改中', f.stock.state_rectifying + f.stock.state_planning],
    ['当前执法处置中', f.stock.state_enforcing],
  ];
}

export const BulletinSummary = z.object({
  id: z.string(),
  area: z.string(),
  areaName: z.string(),
  month: z.string(),
  state: z.enum(BULLETIN_STATES),
  stateLabel: z.string(),
  version: z.number().int(),
  generatedAt: z.string(),
  /** `schedule` or the user's id. */
  generatedBy: z.string(),
  generatedByName: z.string(),
  publishedAt: z.string().optional(),
  publishedBy: z.string().optional(),
  publishedByName: z.string().optional(),
  overdueTotal: z.number().int(),
  refusedCount: z.number().int(),
});
export type BulletinSummary = z.infer<typeof BulletinSummary>;

export const Bulletin = BulletinSummary.extend({
  figures: BulletinFigures,
  overdue: z.array(BulletinOverdueRow),
  refused: z.array(BulletinRefusedRow),
});
export type Bulletin = z.infer<typeof Bulletin>;

export const GenerateBulletinBody = z.strictObject({
  area: AreaPath.describe('区域'),
  month: YearMonth.describe('月份'),
});
export const ListBulletinsQuery = z.strictObject({
  area: AreaPath.describe('区域'),
  cursor: z.string().max(500).optional().describe('翻页位置'),
  limit: z.coerce.number().int().min(1).max(100).optional().describe('每页条数'),
});
export const BulletinIdParams = z.strictObject({
  id: z
    .string()
    .max(140)
    .regex(/^\d{4}-(0[1-9]|1[0-2])\.[0-9A-Za-z_.-]+$/, '通报编号格式不正确')
    .describe('通报编号'),
});

export const BulletinResponse = z.object({
  bulletin: Bulletin,
  /** The caller may regenerate (a draft) and publish it. */
  canPublish: z.boolean(),
});
export const BulletinsResponse = z.object({ bulletins: z.array(BulletinSummary), cursor: z.string().optional(), canGenerate: z.boolean() });
export const BulletinFilesResponse = z.object({ pdfUrl: z.string(), xlsxUrl: z.string() });
