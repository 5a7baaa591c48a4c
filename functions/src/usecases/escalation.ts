/**
 * The overdue sweep (a schedule runs it): every hazard whose next escalation step has fallen due
 * — found by a Query on the due-time index, never a Scan — takes that step. A letter step issues a
 * numbered letter to the enterprise in the same transaction; the numbers run without gaps per
 * district, kind and year because taking one is conditioned on the last.
 */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import { UpdateItemCommand } from 'dynamodb-toolbox/entity/actions/update';
import {
  DomainError,
  ESCALATION_LABELS,
  type Actor,
  type EscalationStep,
  type LetterKind,
  dueAt,
  nextEscalationAt,
  relationsOf,
  shanghaiDate,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { renderPdf } from '../lib/pdf';
import { getArea, listChildren } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import { type HazardRecord, getHazard, hazardsDueForEscalation } from '../repos/hazards';
import { cancellationReasons } from '../repos/transact';
import { escalationSteps } from './escalation-rules';
import { commitMove } from './hazards';

const DAY_MS = 86_400_000;
const LETTER_WORD: Record<LetterKind, string> = { risk_letter: '风险提醒', supervision_letter: '督办' };

async function nextLetterNumber(d: Deps, series: string): Promise<number> {
  const { Item } = await d.db.letterSeqs.build(GetItemCommand).key({ series }).send();
  return (Item?.seq ?? 0) + 1;
}

/** Takes the hazard's due step; a lost race for a letter number is retried with the next one. */
async function escalateOne(d: Deps, first: HazardRecord, steps: EscalationStep[], districtName: string, now: Date) {
  let h: HazardRecord | undefined = first;
  for (let attempt = 1; h && attempt <= 5; attempt++) {
    const due = nextEscalationAt(h, steps);
    const step = steps[h.escalation];
    if (!due || !step || due > now.toISOString()) return undefined;
    const daysOverdue = Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt(h.deadline!))) / DAY_MS));
    const data = { action: 'escalate' as const, step: step.kind };
    try {
      if (step.kind === 'enforcement_clue' || !h.enterpriseId) {
        await commitMove(d, 'system', h, h.version, data, { steps, eventData: { daysOverdue } });
        return step.kind;
      }
      const year = shanghaiDate(now).slice(0, 4);
      const series = `${h.area.split('/')[0]}#${step.kind}#${year}`;
      const seq = await nextLetterNumber(d, series);
      const letter = {
        id: d.ids.next(),
        kind: step.kind,
        number: `${districtName}安委办${LETTER_WORD[step.kind]}〔${year}〕${seq}号`,
        hazardId: h.id,
        enterpriseId: h.enterpriseId,
        area: h.area,
        issuedAt: now.toISOString(),
        deadline: h.deadline!,
        daysOverdue,
      };
      await commitMove(d, 'system', h, h.version, data, {
        steps,
        fields: { letters: [...h.letters, { id: letter.id, kind: letter.kind, number: letter.number, issuedAt: letter.issuedAt }] },
        eventData: { daysOverdue, number: letter.number, letterId: letter.id },
        extra: [
          d.db.letters.build(PutTransaction).item(letter) as never,
          d.db.letterSeqs
            .build(PutTransaction)
            .item({ series, seq })
            .options({ condition: seq === 1 ? { attr: 'series', exists: false } : { attr: 'seq', eq: seq - 1 } }) as never,
        ],
      });
      return step.kind;
    } catch (error) {
      const raced = cancellationReasons(error)?.includes('ConditionalCheckFailed') || (error instanceof DomainError && error.code === 'CONFLICT');
      if (!raced) throw error;
      h = await getHazard(d.db, first.id);
    }
  }
  return undefined;
}

export async function escalateOverdue(d: Deps) {
  const now = d.clock.now();
  const taken: Record<string, number> = { risk_letter: 0, supervision_letter: 0, enforcement_clue: 0 };
  for (const district of await listChildren(d.db, undefined)) {
    const steps = await escalationSteps(d, district.path);
    let cursor: string | undefined;
    do {
      const page = await hazardsDueForEscalation(d.db, district.path, now.toISOString(), { limit: 100, cursor });
      for (const h of page.hazards) {
        try {
          const kind = await escalateOne(d, h, steps, district.name, now);
          if (kind) taken[kind]!++;
        } catch (error) {
          logLine({ level: 'error', event: 'escalation-failed', hazardId: h.id, error: (error as Error).message });
        }
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return taken;
}

// ---- the letters

const LETTER_READERS = ['gridworker', 'supervisor', 'enterprise', 'enforcement', 'department'] as const;

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
