/** The letters the overdue sweep issues (风险提醒函, 工作督办函), as PDF documents. */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import { DomainError, ESCALATION_LABELS, type Actor, type LetterKind, relationsOf, shanghaiDate } from '@safegrid/shared';
import type { Deps } from '../deps';
import { renderPdf } from '../lib/pdf';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import { type HazardRecord, getHazard } from '../repos/hazards';

const LETTER_READERS = ['gridworker', 'supervisor', 'enterprise', 'enforcement', 'department', 'overseer'] as const;

function letterText(kind: LetterKind, l: { deadline: string; daysOverdue: number; issuedAt: string }, h: HazardRecord) {
  const found = `经排查，你单位存在以下安全生产隐患：${h.description}（隐患类别：${h.category}，隐患等级：${h.level ?? '一般'}）。该隐患整改期限为 ${l.deadline}，截至 ${shanghaiDate(l.issuedAt)} 已逾期 ${l.daysOverdue} 天，仍未完成整改。`;
  const law = '根据《中华人民共和国安全生产法》第四十一条、第一百零二条等规定，生产经营单位应当及时消除生产安全事故隐患。';
  return kind === 'risk_letter'
    ? [found, law, '请你单位高度重视，立即落实整改责任和整改期间的安全防范措施，尽快完成整改，并通过“安全网格”小程序提交整改材料，接受复查。']
    : [
        found,
        `此前已向你单位发出风险提醒函，你单位仍未按期整改。${law}`,
        '现对该隐患予以督办：请你单位主要负责人亲自部署，立即整改，并通过“安全网格”小程序提交整改材料。逾期仍未整改的，将作为执法线索移交执法部门依法处理。',
      ];
}

/** A letter as a PDF, rendered once and kept in storage; readable by whoever may read its hazard, except the reporter. */
export async function letterPdf(d: Deps, actor: Actor, id: string) {
  const { Item: letter } = await d.db.letters.build(GetItemCommand).key({ id }).send();
  const h = letter && (await getHazard(d.db, letter.hazardId));
  const relations = h && relationsOf(actor, h);
  if (!letter || !h || !relations || !LETTER_READERS.some((r) => relations.has(r))) throw new DomainError('NOT_FOUND', '文书不存在或您无权查看');
  const title = ESCALATION_LABELS[letter.kind];
  if (!letter.pdfKey) {
    const [enterprise, area, district] = await Promise.all([
      getEnterprise(d.db, letter.enterpriseId),
      getArea(d.db, letter.area),
      getArea(d.db, letter.area.split('/')[0]!),
    ]);
    const pdf = await renderPdf({
      title,
      number: letter.number,
      blocks: [
        { kind: 'paragraph', text: `${enterprise?.name ?? '企业'}：` },
        ...letterText(letter.kind, letter, h).map((text) => ({ kind: 'paragraph' as const, text, indent: true })),
        {
          kind: 'fields',
          rows: [
            ['隐患编号', h.id],
            ['所在网格', area?.name ?? letter.area],
            ['企业地址', enterprise?.address ?? ''],
            ['原整改期限', letter.deadline],
            ['逾期天数', `${letter.daysOverdue} 天`],
          ],
        },
      ],
      issuer: { name: `${district?.name ?? ''}安全生产委员会办公室`, date: shanghaiDate(letter.issuedAt) },
      footer: `${title} ${letter.number}`,
    });
    const key = `letters/${letter.id}.pdf`;
    await d.storage.putBuffer(key, Buffer.from(pdf), 'application/pdf');
    await d.db.letters.build(UpdateItemCommand).item({ id: letter.id, pdfKey: key }).send();
    letter.pdfKey = key;
  }
  return { url: await d.storage.downloadUrl(letter.pdfKey, `${title}${letter.number}.pdf`) };
}
