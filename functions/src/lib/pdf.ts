/**
 * Chinese documents as PDF (letters, signed commitments): pdfkit lays out and wraps the text and
 * embeds only the glyphs used from Noto Sans SC (OFL, from the npm package @embedpdf/fonts-sc),
 * so a one-page letter is tens of KB. pdf-lib was tried first: its subsetting of this CFF font
 * writes glyphs that viewers draw blank.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import qrcode from 'qrcode-generator';

export type PdfBlock =
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; indent?: boolean }
  | { kind: 'fields'; rows: [label: string, value: string][] }
  | { kind: 'table'; columns: string[]; rows: string[][]; widths?: number[] }
  | { kind: 'image'; png: Uint8Array; width: number; caption?: string }
  | { kind: 'qr'; text: string; caption?: string }
  | { kind: 'spacer'; height?: number }
  /** Blocks kept on one page (a new page first when they do not fit): a signature with its QR code. */
  | { kind: 'together'; blocks: PdfBlock[] };

export interface PdfDocument {
  title: string;
  /** The document number under the title, e.g. 泰山区安委办风险提醒〔2026〕12号. */
  number?: string;
  blocks: PdfBlock[];
  /** Small text at the foot of every page, beside the page number. */
  footer?: string;
  /** The issuer and date, right-aligned at the end (落款). */
  issuer?: { name: string; date: string };
}

const FONT_FILE = 'NotoSansHans-Regular.otf';
/** Where a function finds the font: beside the bundle in Lambda (serverless.yml copies it), else in node_modules. */
export const PDF_FONT_PATTERN = `node_modules/@embedpdf/fonts-sc/fonts/${FONT_FILE}`;

function fontPath(): string {
  const candidates = [process.env.LAMBDA_TASK_ROOT && join(process.env.LAMBDA_TASK_ROOT, PDF_FONT_PATTERN), join(process.cwd(), PDF_FONT_PATTERN)];
  try {
    candidates.push(join(dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts', FONT_FILE));
  } catch {
    // not resolvable from a bundle: the paths above cover it
  }
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error(`PDF font ${FONT_FILE} not found (looked in ${candidates.filter(Boolean).join(', ')})`);
  return found;
}

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 64;
const BODY = 12;
const INK = '#1a1a1a';
const GREY = '#666666';

export async function renderPdf(doc: PdfDocument): Promise<Uint8Array> {
  // required, not imported: an import takes pdfkit's ES build, whose `import.meta.url` is undefined
  // in the CommonJS bundles Lambda runs (every PDF route answered 500); required lazily for the cold start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const font = fontPath();
  // The CJK font is the default font too, so pdfkit never loads its built-in Helvetica.
  const pdf = new PDFDocument({ size: A4, margins: { top: MARGIN, bottom: MARGIN + 16, left: MARGIN, right: MARGIN }, bufferPages: true, font, info: { Title: doc.title } });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    pdf.on('end', resolve);
    pdf.on('error', reject);
  });
  const width = A4[0] - 2 * MARGIN;
  const bottom = A4[1] - MARGIN - 16;
  const room = (h: number) => {
    if (pdf.y + h > bottom) pdf.addPage();
  };

  pdf.fillColor(INK).fontSize(20).text(doc.title, MARGIN, MARGIN, { width, align: 'center', characterSpacing: 2 });
  if (doc.number) pdf.moveDown(0.3).fontSize(11).fillColor(GREY).text(doc.number, { width, align: 'center' }).fillColor(INK);
  pdf.moveDown(1);

  const draw = (block: PdfBlock) => {
    pdf.x = MARGIN;
    switch (block.kind) {
      case 'heading':
        room(40);
        pdf.moveDown(0.4).fontSize(14).text(block.text, { width }).moveDown(0.3);
        break;
      case 'paragraph':
        pdf.fontSize(BODY).text(block.text, { width, lineGap: 6, indent: block.indent ? BODY * 2 : 0, paragraphGap: 6 });
        break;
      case 'fields':
        fields(pdf, block.rows, width, room);
        break;
      case 'table':
        table(pdf, block, width, room);
        break;
      case 'image': {
        // openImage (untyped in @types/pdfkit) gives the size before drawing, to keep the page break right.
        const image = (pdf as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(Buffer.from(block.png));
        const h = (image.height / image.width) * block.width;
        room(h + 24);
        const y = pdf.y;
        pdf.image(image as never, MARGIN, y, { width: block.width });
        pdf.y = y + h + 4;
        if (block.caption) pdf.fontSize(9).fillColor(GREY).text(block.caption, MARGIN, pdf.y, { width: block.width, align: 'center' }).fillColor(INK);
        pdf.moveDown(0.5);
        break;
      }
      case 'qr':
        qr(pdf, block, room);
        break;
      case 'spacer':
        pdf.y += block.height ?? 12;
        break;
      case 'together':
        room(block.blocks.reduce((h, b) => h + heightOf(pdf, b, width), 0));
        block.blocks.forEach(draw);
        break;
    }
  };
  doc.blocks.forEach(draw);

  if (doc.issuer) {
    room(60);
    pdf.moveDown(1.5).fontSize(BODY).text(doc.issuer.name, MARGIN, pdf.y, { width, align: 'right' }).moveDown(0.2).text(doc.issuer.date, { width, align: 'right' });
  }

  const { start, count } = pdf.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    pdf.switchToPage(i);
    const y = A4[1] - MARGIN + 8;
    // Writing below the bottom margin must not start a new page.
    const saved = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.fontSize(8).fillColor(GREY);
    if (doc.footer) pdf.text(doc.footer, MARGIN, y, { width: width - 90, lineBreak: false, ellipsis: true });
    pdf.text(`第 ${i - start + 1} 页 / 共 ${count} 页`, MARGIN + width - 90, y, { width: 90, align: 'right', lineBreak: false });
    pdf.page.margins.bottom = saved;
  }
  pdf.end();
  await done;
  return Buffer.concat(chunks);
}

const FIELD_LABEL_WIDTH = 96;
const QR_SIZE = 96;

/** About how tall a block draws (a little over, never under), to keep a `together` group whole. */
function heightOf(pdf: PDFKit.PDFDocument, block: PdfBlock, width: number): number {
  const line = (size: number) => pdf.fontSize(size).currentLineHeight(true);
  switch (block.kind) {
    case 'heading':
      return pdf.fontSize(14).heightOfString(block.text, { width }) + line(14) * 0.7;
    case 'paragraph':
      return pdf.fontSize(BODY).heightOfString(block.text, { width, lineGap: 6, indent: block.indent ? BODY * 2 : 0 }) + 6;
    case 'fields':
      pdf.fontSize(11);
      return (
        block.rows.reduce((h, [label, value]) => h + Math.max(pdf.heightOfString(label, { width: FIELD_LABEL_WIDTH - 8 }), pdf.heightOfString(value || ' ', { width: width - FIELD_LABEL_WIDTH })) + 8, 0) +
        line(11) * 0.6
      );
    case 'image': {
      const image = (pdf as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(Buffer.from(block.png));
      return (image.height / image.width) * block.width + 4 + (block.caption ? line(9) : 0) + line(9) * 0.5;
    }
    case 'qr':
      return QR_SIZE + 4 + (block.caption ? pdf.fontSize(9).heightOfString(block.caption, { width: 240 }) : 0) + line(9) * 0.5;
    case 'spacer':
      return block.height ?? 12;
    case 'table':
      pdf.fontSize(10);
      return [block.columns, ...block.rows].reduce((h, r) => h + Math.max(...r.map((c) => pdf.heightOfString(c || ' ', { width: width / r.length - 8 }))) + 8, 0);
    case 'together':
      return block.blocks.reduce((h, b) => h + heightOf(pdf, b, width), 0);
  }
}

function fields(pdf: PDFKit.PDFDocument, rows: [string, string][], width: number, room: (h: number) => void) {
  const labelWidth = FIELD_LABEL_WIDTH;
  pdf.fontSize(11);
  for (const [label, value] of rows) {
    const h = Math.max(pdf.heightOfString(label, { width: labelWidth - 8 }), pdf.heightOfString(value || ' ', { width: width - labelWidth })) + 8;
    room(h);
    const y = pdf.y;
    pdf.fillColor(GREY).text(label, MARGIN, y + 4, { width: labelWidth - 8 });
    pdf.fillColor(INK).text(value || '—', MARGIN + labelWidth, y + 4, { width: width - labelWidth });
    pdf.moveTo(MARGIN, y + h).lineTo(MARGIN + width, y + h).lineWidth(0.5).strokeColor('#dddddd').stroke();
    pdf.y = y + h;
  }
  pdf.x = MARGIN;
  pdf.moveDown(0.6);
}

function table(pdf: PDFKit.PDFDocument, block: Extract<PdfBlock, { kind: 'table' }>, width: number, room: (h: number) => void) {
  const weights = block.widths ?? block.columns.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cols = weights.map((w) => (w / total) * width);
  const pad = 4;
  const drawRow = (cells: string[], header: boolean) => {
    pdf.fontSize(10);
    const h = Math.max(...cells.map((c, i) => pdf.heightOfString(c || ' ', { width: cols[i]! - 2 * pad }))) + 2 * pad;
    if (pdf.y + h > A4[1] - MARGIN - 16) {
      pdf.addPage();
      if (!header) drawRow(block.columns, true);
    }
    const y = pdf.y;
    let x = MARGIN;
    if (header) pdf.rect(MARGIN, y, width, h).fill('#f0f2f5');
    cells.forEach((c, i) => {
      pdf.fillColor(header ? GREY : INK).text(c, x + pad, y + pad, { width: cols[i]! - 2 * pad });
      pdf.rect(x, y, cols[i]!, h).lineWidth(0.5).strokeColor('#cccccc').stroke();
      x += cols[i]!;
    });
    pdf.fillColor(INK);
    pdf.y = y + h;
  };
  room(40);
  drawRow(block.columns, true);
  for (const row of block.rows) drawRow(row, false);
  pdf.x = MARGIN;
  pdf.moveDown(0.6);
}

function qr(pdf: PDFKit.PDFDocument, block: Extract<PdfBlock, { kind: 'qr' }>, room: (h: number) => void) {
  const code = qrcode(0, 'M');
  code.addData(block.text, 'Byte');
  code.make();
  const n = code.getModuleCount();
  const size = QR_SIZE;
  const cell = size / n;
  room(size + 30);
  const y = pdf.y;
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (code.isDark(r, c)) pdf.rect(MARGIN + c * cell, y + r * cell, cell, cell);
  pdf.fill(INK);
  pdf.y = y + size + 4;
  if (block.caption) pdf.fontSize(9).fillColor(GREY).text(block.caption, MARGIN, pdf.y, { width: 240 }).fillColor(INK);
  pdf.x = MARGIN;
  pdf.moveDown(0.5);
}
