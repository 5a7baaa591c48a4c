/** A site check's record as a Chinese PDF for the enterprise (its own module: only checkPdf bundles the PDF library). */
import { type CheckAnswer, RESULT_LABELS, type Actor, failed, shanghaiDate } from '@safegrid/shared';
import type { Deps } from '../deps';
import { type PdfBlock, renderPdf } from '../lib/pdf';
import { getCheck, readableCheck } from './checks';

/** The check's record as a Chinese PDF for the enterprise, rendered once (the record never changes) and kept. */
export async function checkPdf(d: Deps, actor: Actor, id: string) {
  const c = await readableCheck(d, actor, id);
  const { check } = await getCheck(d, actor, id);
  const file = `checks/${c.id}.pdf`;
  const fileName = `${check.enterpriseName}${check.kindLabel}记录${shanghaiDate(c.submittedAt)}.pdf`;
  if ((await d.storage.size(file)) === undefined) {
    const signature = await d.storage.source(c.signatureKey);
    const png = signature ? await signature.read(0, signature.size) : undefined;
    const answers = new Map((c.answers as CheckAnswer[]).map((a) => [a.itemId, a]));
    const blocks: PdfBlock[] = [
      {
        kind: 'fields',
        rows: [
          ['被检查单位', check.enterpriseName],
          ['检查类型', check.kindLabel],
          ['检查模板', `${check.template.name}（第 ${check.template.version} 版）`],
          ['检查人', check.inspectorName],
          ['签到', `${shanghaiDate(c.checkIn.at)} · 距企业 ${c.checkIn.distanceM} 米${c.checkIn.reason ? `（${c.checkIn.reason}）` : ''}`],
        ],
      },
      ...check.template.sections.flatMap((s): PdfBlock[] => [
        { kind: 'heading', text: s.title },
        {
          kind: 'table',
          columns: ['检查内容', '结果', '说明'],
          widths: [6, 1.6, 3],
          rows: s.items.map((item) => {
            const a = answers.get(item.id);
            const result = !a ? '未检查' : failed(item, a) ? `不符合${a.fixedOnSpot ? '（已当场整改）' : ''}` : item.kind === 'number' && a.value !== undefined ? `${a.value}${item.unit ?? ''}` : item.kind === 'text' ? (a.text ?? '') : a.result ? RESULT_LABELS[a.result] : '已拍照';
            return [item.text, result, a?.note ?? ''];
          }),
        },
      ]),
      { kind: 'fields', rows: [['检查意见', c.summary ?? '无'], ['发现隐患', `${c.failedCount} 项（已转入隐患整改闭环）`], ['企业签字人', c.signerName]] },
      ...(png ? [{ kind: 'image' as const, png, width: 160, caption: '企业签字' }] : []),
    ];
    const pdf = await renderPdf({ title: `安全生产${check.kindLabel}记录`, number: `检查编号 ${c.id}`, blocks, footer: `${check.enterpriseName} · ${check.kindLabel} · ${shanghaiDate(c.submittedAt)}` });
    await d.storage.putBuffer(file, Buffer.from(pdf), 'application/pdf');
  }
  return { url: await d.storage.downloadUrl(file, fileName) };
}
