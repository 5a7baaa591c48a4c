/**
 * Just enough of SpreadsheetML (.xlsx) to read the census: the first sheet, row by row, as a
 * stream. The XML is parsed by saxes (a streaming, conformant parser); the ZIP container is
 * ./xlsx-zip on Node's zlib. Writing is ./xlsx-write, so the exports do not bundle the parser.
 *
 * Reading keeps in memory only the shared-string table (which the format requires: a cell
 * refers to it by index) and the rows of the chunk being parsed.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { type RandomAccess, ZipError, readDirectory, readEntry, readEntryText } from './xlsx-zip';
import type { CellValue } from './xlsx-write';

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
