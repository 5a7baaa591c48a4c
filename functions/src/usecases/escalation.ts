/**
 * The overdue sweep (a schedule runs it): every hazard past its deadline — found by a Query on the
 * deadline index, never a Scan — takes the district's next step once that step has fallen due
 * (so a change of the district's steps applies to open hazards at the next sweep). One step a hazard
 * a sweep, each waiting its own interval after the one before (`nextEscalationAt`, recorded as
 * `escalatedAt`): a sweep catching up on a long-overdue hazard issues its first letter, not all three. A letter step issues a
 * numbered letter to the enterprise in the same transaction; the numbers run without gaps per
 * district, kind and year because taking one is conditioned on the last.
 */
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import { PutTransaction } from 'dynamodb-toolbox/entity/actions/transactPut';
import {
  DomainError,
  type EscalationStep,
  type LetterKind,
  dueAt,
  nextEscalationAt,
  shanghaiDate,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { listChildren } from '../repos/areas';
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
    // Hazards escalated before `escalatedAt` was kept: their last letter says when.
    const due = nextEscalationAt({ ...h, escalatedAt: h.escalatedAt ?? h.letters.at(-1)?.issuedAt }, steps);
    const step = steps[h.escalation];
    if (!due || !step || due > now.toISOString()) return undefined;
    const daysOverdue = Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt(h.deadline!))) / DAY_MS));
    const data = { action: 'escalate' as const, step: step.kind };
    const escalatedAt = now.toISOString();
    try {
      if (step.kind === 'enforcement_clue' || !h.enterpriseId) {
        await commitMove(d, 'system', h, h.version, data, { steps, fields: { escalatedAt }, eventData: { daysOverdue } });
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
        fields: { escalatedAt, letters: [...h.letters, { id: letter.id, kind: letter.kind, number: letter.number, issuedAt: letter.issuedAt }] },
        eventData: { daysOverdue, number: letter.number, letterId: letter.id },
        extra: [
          d.db.letters.build(PutTransaction).item(letter) as never,
          d.db.letterSeqs
            .build(PutTransaction)
            .item({ series, seq })
            .options({ condition: seq === 1 ? { attr: 'series', exists: false } : { attr: 'seq', eq: seq - 1 } }) as never,
        ],
      });
      d.metrics.count('LetterIssued', 1, { kind: step.kind });
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
