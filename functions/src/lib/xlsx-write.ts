/**
 * Writes SpreadsheetML (.xlsx) sheets as a stream, for every ledger export and the bulletin. Kept
 * apart from the reader (./xlsx), so the functions that export do not bundle its XML parser.
 */
import { ZipWriter } from './xlsx-zip';

export type CellValue = string | number | boolean;

export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const XML_HEADER = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
// Control characters other than tab and newlines are not allowed in XML 1.0.
// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
export function escapeXml(s: string): string {
  return s.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SheetSpec {
  name: string;
  /** Column widths in characters. */
  widths?: number[];
  /** The first row is shown bold and frozen. */
  header?: boolean;
  /** Columns (0-based) whose numbers show with two decimals (yuan). */
  moneyColumns?: number[];
  rows: AsyncIterable<(CellValue | undefined)[]> | Iterable<(CellValue | undefined)[]>;
}

function cellXml(value: CellValue | undefined, ref: string, style: string): string {
  if (value === undefined || value === '') return '';
  if (typeof value === 'number' && Number.isFinite(value)) return `<c r="${ref}"${style}><v>${value}</v></c>`;
  if (typeof value === 'boolean') return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${escapeXml(String(value))}</t></is></c>`;
}

async function* sheetXml(spec: SheetSpec): AsyncGenerator<string> {
  let head = `${XML_HEADER}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`;
  if (spec.header) head += '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>';
  if (spec.widths?.length) head += `<cols>${spec.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`;
  yield `${head}<sheetData>`;
  let r = 0;
  let batch = '';
  const names: string[] = [];
  for await (const cells of spec.rows) {
    r++;
    const head = spec.header && r === 1;
    const style = head ? ' s="1"' : '';
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) {
      const money = !head && typeof cells[i] === 'number' && spec.moneyColumns?.includes(i);
      xml += cellXml(cells[i], `${(names[i] ??= columnName(i))}${r}`, money ? ' s="2"' : style);
    }
    batch += `${xml}</row>`;
    if (batch.length > 32 * 1024) {
      yield batch;
      batch = '';
    }
  }
  yield `${batch}</sheetData></worksheet>`;
}

/** Streams a workbook with the given sheets to `write`; cells are inline strings, numbers or booleans. */
export async function writeWorkbook(write: (chunk: Buffer) => Promise<void>, sheets: SheetSpec[]): Promise<void> {
  const zip = new ZipWriter(write);
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  await zip.add('[Content_Types].xml', [
    `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
      '</Types>',
  ]);
  await zip.add('_rels/.rels', [
    `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      `<Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  ]);
  await zip.add('xl/workbook.xml', [
    `${XML_HEADER}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}"><sheets>` +
      sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
      '</sheets></workbook>',
  ]);
  await zip.add('xl/_rels/workbook.xml.rels', [
    `${XML_HEADER}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${ns}/styles" Target="styles.xml"/></Relationships>`,
  ]);
  await zip.add('xl/styles.xml', [
    `${XML_HEADER}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
      '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font></fonts>' +
      '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
      // 2: the built-in "0.00", for yuan.
      '<xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
      '</styleSheet>',
  ]);
  for (const [i, sheet] of sheets.entries()) await zip.add(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(sheet));
  await zip.finish();
}

/** A whole (small) workbook in memory: the template, and tests. */
export async function workbookBuffer(sheets: SheetSpec[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  await writeWorkbook(async (chunk) => void parts.push(chunk), sheets);
  return Buffer.concat(parts);
}
