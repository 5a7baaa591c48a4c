/**
 * Just enough of SpreadsheetML (.xlsx) for the census: read the first sheet row by row as a
 * stream, and write sheets as a stream. The XML is parsed by saxes (a streaming, conformant
 * parser); the ZIP container is ./xlsx-zip on Node's zlib.
 *
 * Reading keeps in memory only the shared-string table (which the format requires: a cell
 * refers to it by index) and the rows of the chunk being parsed.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type RandomAccess, ZipError, ZipWriter, readDirectory, readEntry, readEntryText } from './xlsx-zip';

export type CellValue = string | number | boolean;
export interface SheetRow {
  /** The row number as Excel shows it (1-based). */
  row: number;
  /** Cells by column index (A = 0); gaps are undefined. */
  cells: (CellValue | undefined)[];
}

/** Why a file cannot be read as a workbook, for the person who uploaded it. */
export class XlsxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XlsxError';
  }
}

export interface ReadLimits {
  /** Largest inflated part (sheet XML, shared strings). */
  maxPartBytes: number;
}
const DEFAULT_LIMITS: ReadLimits = { maxPartBytes: 400 * 1024 * 1024 };
const SMALL_PART = 5 * 1024 * 1024;

const local = (name: string) => name.slice(name.indexOf(':') + 1);
function attr(tag: SaxesTagPlain, name: string): string | undefined {
  for (const [k, v] of Object.entries(tag.attributes)) if (local(k) === name) return v as string;
  return undefined;
}

/** Column index of a cell reference: `B12` → 1. */
export function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}
export function columnName(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function parser(): SaxesParser {
  return new SaxesParser({ position: false });
}

async function parseSmall(src: RandomAccess, entry: Parameters<typeof readEntry>[1], onOpen: (tag: SaxesTagPlain) => void) {
  const p = parser();
  p.on('opentag', onOpen);
  try {
    p.write(await readEntryText(src, entry, SMALL_PART)).close();
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError(`bad xml in ${entry.name}: ${(error as Error).message}`);
  }
}

/** Resolves a relationship target against the directory of the part that holds it. */
function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = base.split('/').slice(0, -1);
  for (const seg of target.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}
const relsOf = (part: string) => {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
};

async function relationships(src: RandomAccess, entries: Map<string, Parameters<typeof readEntry>[1]>, part: string) {
  const rels: { id: string; type: string; target: string }[] = [];
  const entry = entries.get(relsOf(part));
  if (!entry) return rels;
  await parseSmall(src, entry, (tag) => {
    if (local(tag.name) === 'Relationship') {
      rels.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: resolve(part, attr(tag, 'Target') ?? '') });
    }
  });
  return rels;
}

/**
 * The rows of the workbook's first sheet, in order, as they are inflated and parsed.
 * Throws XlsxError when the file is not a workbook.
 */
export async function* readFirstSheet(src: RandomAccess, limits: ReadLimits = DEFAULT_LIMITS): AsyncGenerator<SheetRow> {
  let entries: Awaited<ReturnType<typeof readDirectory>>;
  try {
    entries = await readDirectory(src);
  } catch (error) {
    if (error instanceof ZipError) throw new XlsxError('文件不是有效的 .xlsx 格式（可能已损坏，或是 .xls、.csv 等其他格式），请用 Excel 另存为 .xlsx 后重新上传');
    throw error;
  }
  try {
    const rootRels = await relationships(src, entries, '');
    const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    const workbook = entries.get(workbookPath);
    if (!workbook) throw new XlsxError('文件中没有工作簿，不是有效的 .xlsx 文件，请使用导入模板');
    let firstSheetRel: string | undefined;
    await parseSmall(src, workbook, (tag) => {
      if (local(tag.name) === 'sheet' && firstSheetRel === undefined) firstSheetRel = attr(tag, 'id');
    });
    const rels = await relationships(src, entries, workbookPath);
    const sheetPath = rels.find((r) => r.id === firstSheetRel)?.target;
    const sheet = sheetPath ? entries.get(sheetPath) : undefined;
    if (!sheet) throw new XlsxError('文件中没有工作表，请使用导入模板');
    const sharedPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const strings = sharedPath && entries.get(sharedPath) ? await sharedStrings(src, entries.get(sharedPath)!, limits) : [];
    yield* sheetRows(src, sheet, strings, limits);
  } catch (error) {
    if (error instanceof ZipError) throw new XlsxError('文件内容已损坏，无法读取，请用 Excel 打开检查后另存为 .xlsx 重新上传');
    throw error;
  }
}

async function sharedStrings(src: RandomAccess, entry: Parameters<typeof readEntry>[1], limits: ReadLimits): Promise<string[]> {
  const strings: string[] = [];
  const p = parser();
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  p.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'si') current = '';
    else if (n === 't' && phonetic === 0) inText = true;
    else if (n === 'rPh') phonetic++;
  });
  p.on('closetag', (tag) => {
    const n = local(tag.name);
    if (n === 'si') strings.push(current ?? ''), (current = undefined);
    else if (n === 't') inText = false;
    else if (n === 'rPh') phonetic--;
  });
  p.on('text', (t) => {
    if (inText && current !== undefined) current += t;
  });
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of readEntry(src, entry, limits.maxPartBytes)) p.write(decoder.decode(chunk, { stream: true }));
  p.write(decoder.decode()).close();
  return strings;
}

async function* sheetRows(src: RandomAccess, entry: Parameters<typeof readEntry>[1], strings: string[], limits: ReadLimits): AsyncGenerator<SheetRow> {
  const p = parser();
  const ready: SheetRow[] = [];
  let row: SheetRow | undefined;
  let lastRow = 0;
  let col = 0;
  let nextCol = 0;
  let type: string | undefined;
  let text = '';
  let capture = false;
  let inCell = false;
  let phonetic = 0;
  p.on('opentag', (tag) => {
    const n = local(tag.name);
    if (n === 'row') {
      const r = Number(attr(tag, 'r'));
      row = { row: Number.isInteger(r) && r > 0 ? r : lastRow + 1, cells: [] };
      lastRow = row.row;
      nextCol = 0;
    } else if (n === 'c') {
      const ref = attr(tag, 'r');
      col = ref ? columnIndex(ref) : nextCol;
      type = attr(tag, 't');
      text = '';
      inCell = true;
    } else if (inCell && (n === 'v' || (n === 't' && phonetic === 0))) capture = true;
    else if (n === 'rPh') phonetic++;
  });
  p.on('text', (t) => {
    if (capture) text += t;
  });
  p.on('closetag', (tag) => {
    const n = local(tag.name);
    if (n === 'v' || n === 't') capture = false;
    else if (n === 'rPh') phonetic--;
    else if (n === 'c') {
      inCell = false;
      nextCol = col + 1;
      if (!row || col < 0 || col > 16383) return;
      let value: CellValue | undefined;
      if (type === 's') value = strings[Number(text)];
      else if (type === 'b') value = text === '1';
      else if (type === 'inlineStr' || type === 'str' || type === 'e') value = text;
      else if (text !== '') value = Number(text);
      if (value !== undefined && value !== '') row.cells[col] = value;
    } else if (n === 'row' && row) {
      ready.push(row);
      row = undefined;
    }
  });
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of readEntry(src, entry, limits.maxPartBytes)) {
      p.write(decoder.decode(chunk, { stream: true }));
      while (ready.length) yield ready.shift()!;
    }
    p.write(decoder.decode()).close();
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError((error as Error).message);
  }
  while (ready.length) yield ready.shift()!;
}

// ---- writing

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
    const style = spec.header && r === 1 ? ' s="1"' : '';
    let xml = `<row r="${r}">`;
    for (let i = 0; i < cells.length; i++) xml += cellXml(cells[i], `${(names[i] ??= columnName(i))}${r}`, style);
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
      '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
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
