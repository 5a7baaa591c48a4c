/**
 * The commitment ledger (承诺书台账): the letters signed in an area for a year, read from the
 * index signing already keeps (`COMMITS#<district>#<year>` / `<area>/#<enterprise>#<key>`), paged by
 * cursor, optionally one industry; and the same as .xlsx. Who has not signed is unsignedCommitments.
 */
import type * as z from 'zod';
import { DomainError, type Actor, type CommitmentLedgerRow, type ExportCommitmentsBody, type ListCommitmentsQuery, type SignedContent, canReachArea, commitmentYear, districtOf, outermostAreasOf } from '@safegrid/shared';
import type { Deps } from '../deps';
import { pageAcross } from '../repos/partitions';
import { subtreePrefix } from '../repos/table';
import { allPages, exportWorkbook, shanghaiMinute } from './exports';
import { NameCache } from './views';

/** The same readers as the signing rates. */
export const COMMITMENT_LEDGER_READERS = ['gridworker', 'supervisor', 'department', 'admin'] as const;
const DEFAULT_PAGE = 20;

async function commitmentPage(d: Deps, actor: Actor, q: z.infer<typeof ListCommitmentsQuery>) {
  const areas = q.area ? [q.area] : outermostAreasOf(actor, ...COMMITMENT_LEDGER_READERS);
  if (areas.length === 0 || !areas.every((a) => canReachArea(actor, a, ...COMMITMENT_LEDGER_READERS))) throw new DomainError('FORBIDDEN', '该区域不在您的管辖范围内');
  const year = q.year ?? commitmentYear(d.clock.now());
  const keys = areas.map((area) => ({ index: 'gsi1' as const, partition: `COMMITS#${districtOf(area)}#${year}`, range: { beginsWith: subtreePrefix(area) } }));
  const page = await pageAcross(d.db, d.db.signedCommitments, keys, {
    limit: q.limit ?? DEFAULT_PAGE,
    ...(q.cursor ? { cursor: q.cursor } : {}),
    ...(q.industry ? { filter: { attr: 'industry', eq: q.industry } } : {}),
  });
  const names = new NameCache(d.db);
  const rows = await Promise.all(
    page.items.map(async (r): Promise<CommitmentLedgerRow> => {
      const c = r.content as SignedContent;
      const areaName = await names.area(r.area);
      return {
        enterpriseId: r.enterpriseId,
        enterpriseName: c.enterpriseName,
        industry: r.industry,
        area: r.area,
        ...(areaName ? { areaName } : {}),
        key: r.key,
        year: r.year,
        title: c.title,
        colour: c.colour,
        templateVersion: c.templateVersion,
        signerName: c.signerName,
        signedAt: c.signedAt,
        hazardCount: r.hazardIds.length,
        hash: r.hash,
      };
    }),
  );
  return { year, commitments: rows, ...(page.cursor ? { cursor: page.cursor } : {}) };
}

export const listCommitments = commitmentPage;

/** The same letters, every page, as .xlsx. */
export async function exportCommitments(d: Deps, actor: Actor, q: z.infer<typeof ExportCommitmentsBody>) {
  const first = await commitmentPage(d, actor, { ...q, limit: 100 });
  const signed = allPages(async (cursor) => {
    const page = cursor ? await commitmentPage(d, actor, { ...q, limit: 100, cursor }) : first;
    return { items: page.commitments, cursor: page.cursor };
  });
  async function* rows() {
    for await (const r of signed) {
      yield [r.enterpriseName, r.industry, r.areaName ?? r.area, r.year, r.title, `${r.colour}色`, r.templateVersion, r.signerName, shanghaiMinute(r.signedAt), r.hazardCount, r.key, r.hash];
    }
  }
  return exportWorkbook(d, actor, `承诺书台账${first.year}年度`, [
    {
      name: '承诺书台账',
      headers: ['企业', '行业', '区域', '年度', '承诺书', '颜色', '版本', '签署人', '签署时间', '自查不符合项', '承诺书编号', '校验码（SHA-256）'],
      widths: [28, 10, 18, 8, 28, 6, 6, 10, 18, 12, 40, 66],
      rows: rows(),
    },
  ]);
}
