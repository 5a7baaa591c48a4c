/**
 * The check ledger (检查台账): the site checks of an area in a range of months (or days), by kind,
 * enterprise and result, paged by cursor, and the same as .xlsx. An area's checks are read from
 * the month index (`CHECKS#<district>#<YYYY-MM>`, sort key `<area>/#<submittedAt>#<id>`), so scope
 * is part of the key; one enterprise's from its own index. Kind, result and a day-level range
 * are filters.
 */
import type { FormattedItem } from 'dynamodb-toolbox/entity';
import type * as z from 'zod';
import {
  CHECK_KIND_LABELS,
  DomainError,
  type Actor,
  type CheckLedgerFilters,
  type CheckLedgerRow,
  type CheckTemplate,
  type ListChecksQuery,
  canReachArea,
  canSee,
  districtOf,
  isWithin,
  outermostAreasOf,
  periodOf,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { getEnterprise } from '../repos/enterprises';
import type { Entities } from '../repos/entities';
import { type PartitionKey, pageAcross } from '../repos/partitions';
import { subtreePrefix } from '../repos/table';
import { allPages, exportWorkbook, shanghaiMinute } from './exports';
import { NameCache } from './views';

/** Who reads an area's checks: as commitment rates and coverage, and the gridworker in their grids. */
export const CHECK_LEDGER_READERS = ['gridworker', 'supervisor', 'department', 'admin'] as const;
const DEFAULT_PAGE = 20;

/** The months from `to` back to `from`, newest first. */
function monthsDown(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = to.split('-').map(Number) as [number, number];
  const [fy, fm] = from.split('-').map(Number) as [number, number];
  while (y > fy || (y === fy && m >= fm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (--m < 1) [y, m] = [y - 1, 12];
  }
  return out;
}

/** Start of a Shanghai day (or month) as the UTC instant stored records compare with. */
const startOf = (dayOrMonth: string) => new Date(`${dayOrMonth.length === 7 ? `${dayOrMonth}-01` : dayOrMonth}T00:00:00+08:00`).toISOString();
/** The first instant after a Shanghai day (or month). */
function endOf(dayOrMonth: string): string {
  if (dayOrMonth.length === 10) return new Date(Date.parse(`${dayOrMonth}T00:00:00+08:00`) + 86_400_000).toISOString();
  const [y, m] = dayOrMonth.split('-').map(Number) as [number, number];
  return startOf(m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`);
}

/** The keys to read, in order, and the filter: what the keys cannot say. */
async function plan(d: Deps, actor: Actor, q: CheckLedgerFilters) {
  const thisMonth = periodOf(d.clock.now());
  const to = q.to ?? (q.from && q.from.slice(0, 7) > thisMonth ? q.from : thisMonth);
  const from = q.from ?? to.slice(0, 7);
  const [since, until] = [startOf(from), endOf(to)];
  let keys: PartitionKey[];
  let inRange: Record<string, unknown> | undefined;
  if (q.enterpriseId) {
    const e = await getEnterprise(d.db, q.enterpriseId);
    if (!e || !canSee(actor, e, ...CHECK_LEDGER_READERS) || (q.area && !isWithin(e.area, q.area))) {
      throw new DomainError('NOT_FOUND', '企业不存在或不在您的管辖范围内');
    }
    keys = [{ index: 'gsi1', partition: `CHECKENT#${e.id}`, range: { between: [since, until] } }];
  } else {
    const areas = q.area ? [q.area] : outermostAreasOf(actor, ...CHECK_LEDGER_READERS);
    if (areas.length === 0 || !areas.every((a) => canReachArea(actor, a, ...CHECK_LEDGER_READERS))) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
    const months = monthsDown(from.slice(0, 7), to.slice(0, 7));
    keys = months.flatMap((month) => areas.map((area) => ({ index: 'gsi3' as const, partition: `CHECKS#${districtOf(area)}#${month}`, range: { beginsWith: subtreePrefix(area) } })));
    // Whole months are the keys themselves; a range that starts or ends inside a month is also a filter.
    if (from.length === 10 || to.length === 10) inRange = { and: [{ attr: 'submittedAt', gte: since }, { attr: 'submittedAt', lt: until }] };
  }
  const conditions = [
    ...(inRange ? [inRange] : []),
    ...(q.kind ? [{ attr: 'kind', eq: q.kind }] : []),
    ...(q.result === 'failed' ? [{ attr: 'failedCount', gt: 0 }] : q.result === 'passed' ? [{ attr: 'failedCount', eq: 0 }] : []),
  ];
  const filter = conditions.length === 0 ? undefined : conditions.length === 1 ? conditions[0] : { and: conditions };
  return { from, to, keys, ...(filter ? { filter } : {}) };
}

type CheckItem = FormattedItem<Entities['checks']>;

async function rowOf(c: CheckItem, names: NameCache): Promise<CheckLedgerRow> {
  const [enterpriseName, areaName, inspectorName] = await Promise.all([names.enterprise(c.enterpriseId), names.area(c.area), names.user(c.inspectorId)]);
  return {
    id: c.id,
    enterpriseId: c.enterpriseId,
    enterpriseName: enterpriseName ?? c.enterpriseId,
    area: c.area,
    ...(areaName ? { areaName } : {}),
    kind: c.kind,
    kindLabel: CHECK_KIND_LABELS[c.kind],
    templateName: (c.template as CheckTemplate).name,
    inspectorName: inspectorName ?? c.inspectorId,
    failedCount: c.failedCount,
    submittedAt: c.submittedAt,
  };
}

async function checkPage(d: Deps, actor: Actor, q: z.infer<typeof ListChecksQuery>) {
  const p = await plan(d, actor, q);
  // Newest first within each key (an enterprise's checks; one area's checks of a month).
  const page = await pageAcross(d.db, d.db.checks, p.keys, { limit: q.limit ?? DEFAULT_PAGE, reverse: true, ...(q.cursor ? { cursor: q.cursor } : {}), ...(p.filter ? { filter: p.filter } : {}) });
  return { from: p.from, to: p.to, ...page };
}

export async function listChecks(d: Deps, actor: Actor, q: z.infer<typeof ListChecksQuery>) {
  const page = await checkPage(d, actor, q);
  const names = new NameCache(d.db);
  return { from: page.from, to: page.to, checks: await Promise.all(page.items.map((c) => rowOf(c, names))), ...(page.cursor ? { cursor: page.cursor } : {}) };
}

/** The same checks, every page, as .xlsx. */
export async function exportChecks(d: Deps, actor: Actor, q: CheckLedgerFilters) {
  const first = await checkPage(d, actor, { ...q, limit: 100 });
  const names = new NameCache(d.db);
  const checks = allPages<CheckItem>(async (cursor) => (cursor ? checkPage(d, actor, { ...q, limit: 100, cursor }) : first));
  async function* rows() {
    for await (const c of checks) {
      const r = await rowOf(c, names);
      yield [
        r.id,
        shanghaiMinute(r.submittedAt),
        r.kindLabel,
        r.enterpriseName,
        r.areaName ?? r.area,
        r.templateName,
        r.inspectorName,
        c.checkIn.distanceM,
        c.checkIn.reason,
        r.failedCount,
        c.hazardIds.join('；') || undefined,
        c.signerName,
        c.summary,
      ];
    }
  }
  const range = first.from === first.to ? first.from : `${first.from}至${first.to}`;
  return exportWorkbook(d, actor, `检查台账${range}`, [
    {
      name: '检查台账',
      headers: ['编号', '检查时间', '检查类型', '企业', '区域', '检查表', '检查人', '签到距离（米）', '远距离签到原因', '不符合项数', '转为隐患', '企业签字人', '检查结论'],
      widths: [30, 18, 10, 28, 18, 24, 10, 12, 24, 10, 40, 10, 40],
      rows: rows(),
    },
  ]);
}
