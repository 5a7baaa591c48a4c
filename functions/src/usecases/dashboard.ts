/**
 * The dashboard (一张表): an area's counters summed over a range of months, its child
 * areas side by side and ranked. Reads only Counter items: per area one Query of its months
 * (`CNT#<area>`, sk BETWEEN from AND to) and one BatchGet of every area's STOCK item, all at once;
 * the cost grows with the number of child areas and months, never with the hazards.
 */
import { BatchGetRequest } from 'dynamodb-toolbox/entity/actions/batchGet';
import { BatchGetCommand, execute as executeBatchGet } from 'dynamodb-toolbox/table/actions/batchGet';
import type * as z from 'zod';
import {
  type Actor,
  type DashboardQuery,
  type AreaFigures,
  type Area,
  DomainError,
  canReachArea,
  enterprisesOf,
  flowOf,
  outermostAreasOf,
  rankAreas,
  rectificationRate,
  stockOf,
  trendOf,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { getArea, listChildren } from '../repos/areas';
import { queryAll } from '../repos/query-all';

/** Who follows an area's figures: as the commitment signing rates (a gridworker sees their own grid), and enforcement, whose clues and cases are among them. */
export const DASHBOARD_READERS = ['gridworker', 'supervisor', 'department', 'enforcement', 'admin'] as const;


/** The months' flow items of one area (36 months fit in one page). */
const flowItems = (d: Deps, area: string, from: string, to: string) =>
  queryAll(d.db.table, d.db.counters, { partition: `CNT#${area}`, range: { between: [from, to] } }) as Promise<Record<string, unknown>[]>;

/** The STOCK items of the areas, 100 keys a BatchGet, unprocessed keys retried by the toolbox's execute. */
async function stockItems(d: Deps, areas: string[]) {
  const out = new Map<string, Record<string, unknown>>();
  const batches: string[][] = [];
  for (let i = 0; i < areas.length; i += 100) batches.push(areas.slice(i, i + 100));
  await Promise.all(
    batches.map(async (batch) => {
      const requests = batch.map((area) => d.db.counters.build(BatchGetRequest).key({ area, period: 'STOCK' }));
      const { Responses } = await executeBatchGet({ maxAttempts: 5 }, d.db.table.build(BatchGetCommand).requests(...(requests as [BatchGetRequest<typeof d.db.counters>])));
      for (const r of Responses?.[0] ?? []) if (r) out.set(r.area, r as Record<string, unknown>);
    }),
  );
  return out;
}

export async function dashboard(d: Deps, actor: Actor, query: z.infer<typeof DashboardQuery>) {
  const { from, to } = query;
  const chosen = query.area ? [query.area] : outermostAreasOf(actor, ...DASHBOARD_READERS);
  if (chosen.length === 0 || !chosen.every((a) => canReachArea(actor, a, ...DASHBOARD_READERS))) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const tops = await Promise.all(
    chosen.map(async (path) => {
      const [area, children] = await Promise.all([getArea(d.db, path), listChildren(d.db, path)]);
      if (!area) throw new DomainError('NOT_FOUND', '区域不存在，请检查区域编号', { area: '区域不存在' });
      return { area, children };
    }),
  );
  const all: Area[] = tops.flatMap((t) => [t.area, ...t.children]);
  const paths = [...new Set(all.map((a) => a.path))];
  const [flows, stocks] = await Promise.all([Promise.all(paths.map(async (p) => [p, await flowItems(d, p, from, to)] as const)).then((e) => new Map(e)), stockItems(d, paths)]);
  const figures = (a: Area): AreaFigures => {
    const flow = flowOf(flows.get(a.path) ?? []);
    const rate = rectificationRate(flow);
    const stock = stocks.get(a.path);
    return { area: a.path, areaName: a.name, flow, stock: stockOf(stock), enterprises: enterprisesOf(stock), ...(rate !== undefined ? { rectificationRate: rate } : {}) };
  };
  const rows = tops.map((t) => ({ ...figures(t.area), trend: trendOf(flows.get(t.area.path) ?? [], from, to), children: rankAreas(t.children.map(figures)) }));
  // Several separate areas side by side are ranked among themselves too.
  const ranks = rows.length > 1 ? new Map(rankAreas(rows).map((r) => [r.area, r.rank])) : undefined;
  return { from, to, areas: rows.map((r) => (ranks ? { ...r, rank: ranks.get(r.area)! } : r)) };
}
