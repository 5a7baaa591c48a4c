/**
 * Every ledger's Excel export (台账导出), made one way: the ledger's own rows, read page by page
 * by the caller's query (so scope and filters are the list's), streamed into an .xlsx in /tmp,
 * put to storage under `exports/<user id>/`, and handed back as a download URL named
 * `<title>-<yyyymmdd>.xlsx` (the date in Asia/Shanghai) with the number of rows written.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XLSX_CONTENT_TYPE, shanghaiDate, type Actor } from '@safegrid/shared';
import type { Deps } from '../deps';
import { type CellValue, writeWorkbook } from '../lib/xlsx-write';

export type Row = (CellValue | undefined)[];

export interface ExportSheet {
  name: string;
  /** Column headers (Chinese), the bold frozen first row. */
  headers: string[];
  /** Column widths in characters. */
  widths: number[];
  /** Columns (0-based) of amounts in yuan, shown with two decimals. */
  moneyColumns?: number[];
  /** The data rows, read as they are written. */
  rows: AsyncIterable<Row> | Iterable<Row>;
  /** Rows after the data (a total), asked for once the data is written; not counted. */
  footer?: () => Row[];
}

/** A moment as a ledger shows it: `2026-12-01 14:05`, Asia/Shanghai. */
export const shanghaiMinute = (at: string) => `${shanghaiDate(at)} ${new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(11, 16)}`;
/** Fen as yuan for a money cell (shown with two decimals; exact to the fen). */
export const yuanCell = (fen: number) => Math.round(fen) / 100;

/** Pages of a ledger's query as one stream of items: `page(cursor)` until it answers no cursor. */
export async function* allPages<T>(page: (cursor: string | undefined) => Promise<{ items: T[]; cursor?: string | undefined }>): AsyncGenerator<T> {
  let cursor: string | undefined;
  do {
    const p = await page(cursor);
    yield* p.items;
    cursor = p.cursor;
  } while (cursor);
}

/** Writes the sheets to storage as one workbook; answers its URL and the data rows of the first sheet. */
export async function exportWorkbook(d: Deps, actor: Actor, title: string, sheets: ExportSheet[]): Promise<{ url: string; rows: number }> {
  const id = d.ids.next();
  const path = join(tmpdir(), `export-${id}.xlsx`);
  const out = createWriteStream(path);
  const write = (chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      out.write(chunk, (error) => (error ? reject(error) : resolve()));
    });
  let rows = 0;
  async function* sheetRows(sheet: ExportSheet, counted: boolean): AsyncGenerator<Row> {
    yield sheet.headers;
    for await (const row of sheet.rows) {
      if (counted) rows++;
      yield row;
    }
    if (sheet.footer) yield* sheet.footer();
  }
  try {
    await writeWorkbook(
      write,
      sheets.map((s, i) => ({ name: s.name, header: true, widths: s.widths, ...(s.moneyColumns ? { moneyColumns: s.moneyColumns } : {}), rows: sheetRows(s, i === 0) })),
    );
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    const key = `exports/${actor.userId}/${id}.xlsx`;
    await d.storage.putFile(key, path, XLSX_CONTENT_TYPE);
    const date = shanghaiDate(d.clock.now()).replace(/-/g, '');
    return { url: await d.storage.downloadUrl(key, `${title}-${date}.xlsx`), rows };
  } finally {
    out.destroy();
    await rm(path, { force: true });
  }
}
