/** The PDF renderer: Chinese text comes back out of the text layer, pages break, a letter stays small. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderPdf } from '../src/lib/pdf';
import { signaturePng } from '../src/lib/png';

const dir = mkdtempSync(join(tmpdir(), 'safegrid-pdf-'));
const read = (pdf: Uint8Array, name: string) => {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  return {
    text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
    pages: Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
  };
};

it('renders a one-page letter in Chinese, with the font embedded as a subset, under 200 KB', async () => {
  const pdf = await renderPdf({
    title: '风险提醒函',
    number: '测试区安委办风险提醒〔2026〕3号',
    blocks: [
      { kind: 'paragraph', text: '测试企业1：' },
      { kind: 'paragraph', indent: true, text: '经排查，你单位存在以下安全生产隐患：三楼消防通道被杂物堵塞，安全出口上锁。' },
      { kind: 'fields', rows: [['隐患编号', '01M85A7KS5D4MSVXS4MRC5CY0P']] },
      { kind: 'image', png: signaturePng(), width: 120, caption: '签名' },
      { kind: 'qr', text: 'safegrid:test', caption: '扫码校验' },
    ],
    issuer: { name: '测试区安全生产委员会办公室', date: '2026-11-23' },
    footer: '风险提醒函',
  });
  expect(pdf.length).toBeLessThan(200 * 1024);
  const { text, pages, fonts } = read(pdf, 'letter.pdf');
  expect(pages).toBe(1);
  const flat = text.replace(/\s/g, '');
  for (const s of ['风险提醒函', '测试区安委办风险提醒〔2026〕3号', '三楼消防通道被杂物堵塞', '测试区安全生产委员会办公室', '第1页/共1页']) expect(flat).toContain(s);
  // One embedded subset font (name prefixed ABCDEF+), no standard font pulled in.
  expect(fonts).toMatch(/[A-Z]{6}\+NotoSansHans/);
  expect(fonts).not.toMatch(/Helvetica/);
});

it('breaks long text and tables across pages, repeating the table header', async () => {
  const sentence = '生产经营单位应当建立健全并落实生产安全事故隐患排查治理制度，采取技术、管理措施，及时发现并消除事故隐患。';
  const pdf = await renderPdf({
    title: '自查记录',
    blocks: [
      ...Array.from({ length: 12 }, () => ({ kind: 'paragraph' as const, text: sentence.repeat(3), indent: true })),
      { kind: 'table', columns: ['序号', '自查内容', '结果'], rows: Array.from({ length: 40 }, (_, i) => [String(i + 1), `第${i + 1}项：${sentence}`, '符合']) },
    ],
  });
  const { text, pages } = read(pdf, 'long.pdf');
  expect(pages).toBeGreaterThan(2);
  expect(text.replace(/\s/g, '')).toContain(sentence.replace(/\s/g, ''));
  expect(text.match(/自查内容/g)!.length).toBeGreaterThan(1);
  expect(text.replace(/\s/g, '')).toContain(`第${pages}页/共${pages}页`);
});
