/**
 * A bulletin's PDF and .xlsx (its own module: only bulletinFiles bundles the PDF library). Rendered
 * on first ask and kept under `bulletins/<area>/<month>/v<version>.*`: a published bulletin never
 * changes, and a regenerated draft has a new version, so its files are rendered again.
 */
import { type Actor, type Bulletin, bulletinFigureRows, bulletinTitle, formatPercent, shanghaiDate } from '@safegrid/shared';
import type { Deps } from '../deps';
import { type PdfBlock, renderPdf } from '../lib/pdf';
import { type CellValue, workbookBuffer } from '../lib/xlsx-write';
import { bulletinOf, readableBulletin } from './bulletins';

const shanghaiTime = (iso: string) => new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

/** The figures a bulletin shows, as label/value pairs (the same rows as its screen). */
const figureRows = (b: Bulletin) => bulletinFigureRows(b.figures);

const RANK_COLUMNS = ['名次', '区域', '上报', '确认', '销号', '整改率', '逾期', '检查'];
const rankRows = (b: Bulletin) =>
  b.figures.children.map((c) => [c.rank, c.areaName, c.flow.reported, c.flow.confirmed, c.flow.closed, formatPercent(c.rectificationRate), c.stock.overdue, c.flow.checks]);
const OVERDUE_COLUMNS = ['企业', '所在区域', '隐患等级', '整改期限', '逾期天数', '最近函件', '隐患编号'];
const overdueRows = (b: Bulletin) =>
  b.overdue.map((o) => [o.enterpriseName, o.areaName, o.level ?? '', o.deadline, o.daysOverdue, o.latestLetter ? `${o.latestLetter.kindLabel} ${o.latestLetter.number}` : '', o.hazardId]);
const REFUSED_COLUMNS = ['企业', '所在区域', '隐患数', '情况'];
const refusedRows = (b: Bulletin) => b.refused.map((r) => [r.enterpriseName, r.areaName, r.hazardIds.length, r.happened.join('；')]);

/** The bulletin as PDF (exported for the test that the PDF and the screen read the same figures). */
export async function pdfOf(b: Bulletin): Promise<Uint8Array> {
  const str = (rows: (string | number)[][]) => rows.map((r) => r.map(String));
  const none = (text: string): PdfBlock => ({ kind: 'paragraph', text });
  const blocks: PdfBlock[] = [
    {
      kind: 'paragraph',
      text: `现将${b.areaName}${b.month.slice(0, 4)}年${Number(b.month.slice(5))}月安全生产网格化监管情况通报如下。`,
      indent: true,
    },
    { kind: 'heading', text: '一、总体情况' },
    { kind: 'table', columns: ['指标', '数值'], rows: figureRows(b).map(([l, v]) => [l, String(v)]), widths: [2, 1] },
    { kind: 'heading', text: '二、下级区域排名' },
    b.figures.children.length ? { kind: 'table', columns: RANK_COLUMNS, rows: str(rankRows(b)), widths: [1, 3, 1, 1, 1, 1.4, 1, 1] } : none('无下级区域。'),
    { kind: 'heading', text: `三、逾期未整改隐患（共 ${b.overdueTotal} 项）` },
    b.overdue.length ? { kind: 'table', columns: OVERDUE_COLUMNS.slice(0, -1), rows: str(overdueRows(b).map((r) => r.slice(0, -1))), widths: [3, 3, 1.2, 1.8, 1.2, 3.5] } : none('本月无逾期未整改隐患。'),
    { kind: 'heading', text: `四、拒不整改企业（共 ${b.refused.length} 家）` },
    b.refused.length ? { kind: 'table', columns: REFUSED_COLUMNS, rows: str(refusedRows(b)), widths: [3, 3, 1, 6] } : none('本月无拒不整改企业。'),
    { kind: 'spacer' },
    { kind: 'paragraph', text: `生成时间：${shanghaiTime(b.generatedAt)}${b.publishedAt ? `　发布时间：${shanghaiTime(b.publishedAt)}` : '（草稿，未发布）'}` },
  ];
  return renderPdf({ title: bulletinTitle(b.areaName, b.month), blocks, footer: `${b.areaName} · 月通报 · ${b.month} · 第 ${b.version} 版`, issuer: { name: b.areaName, date: shanghaiDate(b.publishedAt ?? b.generatedAt) } });
}

async function xlsxOf(b: Bulletin): Promise<Buffer> {
  const sheet = (name: string, columns: string[], rows: CellValue[][], widths: number[]) => ({ name, header: true, widths, rows: [columns, ...rows] });
  return workbookBuffer([
    sheet('总体情况', ['指标', '数值'], figureRows(b), [20, 14]),
    sheet('下级区域排名', RANK_COLUMNS, rankRows(b), [6, 24, 8, 8, 8, 10, 8, 8]),
    sheet('逾期隐患', OVERDUE_COLUMNS, overdueRows(b), [28, 28, 10, 12, 10, 40, 30]),
    sheet('拒不整改企业', REFUSED_COLUMNS, refusedRows(b), [28, 28, 8, 80]),
  ]);
}

/** `GET /bulletins/{id}/files`: the PDF and the .xlsx, rendered once per version and kept. */
export async function bulletinFiles(d: Deps, actor: Actor, id: string) {
  const b = bulletinOf(await readableBulletin(d, actor, id));
  const base = `bulletins/${b.area}/${b.month}/v${b.version}`;
  const title = bulletinTitle(b.areaName, b.month);
  const [pdfSize, xlsxSize] = await Promise.all([d.storage.size(`${base}.pdf`), d.storage.size(`${base}.xlsx`)]);
  await Promise.all([
    pdfSize === undefined && pdfOf(b).then((pdf) => d.storage.putBuffer(`${base}.pdf`, Buffer.from(pdf), 'application/pdf')),
    xlsxSize === undefined &&
      xlsxOf(b).then((x) => d.storage.putBuffer(`${base}.xlsx`, x, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')),
  ]);
  const [pdfUrl, xlsxUrl] = await Promise.all([d.storage.downloadUrl(`${base}.pdf`, `${title}.pdf`), d.storage.downloadUrl(`${base}.xlsx`, `${title}.xlsx`)]);
  return { pdfUrl, xlsxUrl };
}
