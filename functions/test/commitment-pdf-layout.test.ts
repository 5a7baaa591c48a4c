/**
 * The signed letter's QR code stays on its signature page: whatever the letter's
 * length, the page with the QR code also has the signer, the signature and the hash. Checked by
 * rendering letters of growing length and reading each page back with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SignedContent } from '@safegrid/shared';
import { type PdfBlock, type PdfDocument, renderPdf } from '../src/lib/pdf';
import { signaturePng } from '../src/lib/png';
import { commitmentDocument } from '../src/usecases/commitments';

const dir = mkdtempSync(join(tmpdir(), 'safegrid-commitment-pdf-'));
const QR_CAPTION = '扫码或输入编号校验';

/** Each page's text, whitespace removed. */
async function pages(doc: PdfDocument, name: string): Promise<string[]> {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, await renderPdf(doc));
  const count = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);
  return Array.from({ length: count }, (_, i) => execFileSync('pdftotext', ['-f', String(i + 1), '-l', String(i + 1), file, '-'], { encoding: 'utf8' }).replace(/\s/g, ''));
}

const sentence = '生产经营单位应当建立健全并落实生产安全事故隐患排查治理制度，采取技术、管理措施，及时发现并消除事故隐患。';
/** A letter whose notice runs `lines` lines more than the rest: the signature page starts lower each time. */
const letter = (lines: number): SignedContent => ({
  enterpriseId: 'ent-1',
  enterpriseName: '测试企业1',
  year: 2026,
  templateId: 'tpl-1',
  templateVersion: 1,
  colour: '蓝',
  title: '安全生产告知承诺书',
  notice: [
    { kind: 'paragraph', text: sentence.repeat(8) },
    // About 40 characters a line at 12 pt across the page.
    ...(lines ? [{ kind: 'paragraph' as const, text: '隐'.repeat(lines * 40 - 20) }] : []),
  ],
  selfCheck: Array.from({ length: 6 }, (_, i) => ({ id: `i${i + 1}`, text: `第${i + 1}项：${sentence}` })),
  commitment: [{ kind: 'paragraph', text: sentence.repeat(3) }],
  answers: Array.from({ length: 6 }, (_, i) => ({ itemId: `i${i + 1}`, answer: 'yes' as const })),
  signaturePng: signaturePng().toString('base64'),
  signerId: 'owner-1',
  signerName: '企业主甲',
  signedAt: '2026-11-23T02:05:00.000Z',
});
const record = (lines: number) => ({ content: letter(lines), key: '2026#tpl-1#1', hash: 'a'.repeat(64) });
/** The layout before the fix: the signature page's blocks one after another, each breaking on its own. */
const flattened = (doc: PdfDocument): PdfDocument => ({ ...doc, blocks: doc.blocks.flatMap((b): PdfBlock[] => (b.kind === 'together' ? b.blocks : [b])) });

it('keeps the QR code on the page with the signer, the signature and the hash, whatever the letter’s length', async () => {
  let aloneBefore = 0;
  // Two lines more each time: the signature page (≈ 340 pt) starts at every height of a page over the run.
  for (let lines = 0; lines <= 30; lines += 2) {
    const doc = commitmentDocument(record(lines), true);
    const now = await pages(doc, `kept-${lines}`);
    const qrPage = now.find((p) => p.includes(QR_CAPTION));
    expect(qrPage).toBeDefined();
    for (const s of ['签署人', '企业主甲', '签名', 'SHA-256', '记录完整，未被改动']) expect([lines, qrPage!.includes(s)]).toEqual([lines, true]);

    // The old layout, until it shows the fault once.
    if (aloneBefore) continue;
    const before = await pages(flattened(doc), `flat-${lines}`);
    if (!before.find((p) => p.includes(QR_CAPTION))!.includes('签署人')) aloneBefore++;
  }
  // The old layout left the QR code without its signature for some lengths: the run covers the case.
  expect(aloneBefore).toBeGreaterThan(0);
}, 120_000);
