/**
 * Subscribe messages (订阅消息) to the people a move hands work or news to. Sent after the move is
 * committed and never allowed to fail it: a user who has not subscribed, or WeChat being down,
 * costs a message, not a hazard.
 */
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import { HAZARD_STATE_LABELS, districtOf, selfAndAncestors, shanghaiDate } from '@safegrid/shared';
import type { NoticeKind } from '../config';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import type { HazardRecord } from '../repos/hazards';
import { underArea } from '../repos/table';
import { getUser } from '../repos/users';

const DETAIL_PAGE = 'packageHazard/pages/detail/index';
/** WeChat caps a `thing` value at 20 characters. */
export const thing = (s: string) => (s.length > 20 ? `${s.slice(0, 19)}…` : s);

/** Sends one kind of message to each user who has signed in with WeChat; `page` is where it opens. */
export async function send(d: Deps, kind: NoticeKind, userIds: string[], page: string, data: Record<string, string>) {
  const templateId = d.config.wechat.templates[kind];
  if (!templateId) return;
  await Promise.all(
    [...new Set(userIds)].map(async (userId) => {
      try {
        const user = await getUser(d.db, userId);
        if (!user?.openid) return;
        await d.wechat.sendSubscribeMessage({
          openid: user.openid,
          templateId,
          page,
          data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v }])),
        });
      } catch (error) {
        logLine({ level: 'error', event: 'notice-failed', kind, page, userId, error: (error as Error).message });
      }
    }),
  );
}

/** The owners of an enterprise: users listed at its area holding an owner grant for it. */
export async function ownersOf(d: Deps, enterpriseId: string): Promise<string[]> {
  const e = await getEnterprise(d.db, enterpriseId);
  if (!e) return [];
  const page = await d.db.table
    .build(QueryCommand)
    .entities(d.db.users)
    .query({ index: 'gsi1', partition: `USERS#${districtOf(e.area)}`, range: { beginsWith: underArea(e.area, '') } })
    .send();
  return (page.Items ?? []).filter((u) => u.grants.some((g) => g.role === 'enterprise_owner' && g.enterpriseId === enterpriseId)).map((u) => u.id);
}

/** The gridworker of the nearest (micro-)grid at or above the hazard's area. */
export async function gridworkerOf(d: Deps, area: string): Promise<string | undefined> {
  for (const path of selfAndAncestors(area).reverse()) {
    const a = await getArea(d.db, path);
    if (a?.gridworkerId) return a.gridworkerId;
  }
  return undefined;
}

/** Who is told what after a move. */
export async function notifyAfterMove(d: Deps, kind: string, h: HazardRecord): Promise<void> {
  const today = shanghaiDate(d.clock.now());
  const page = `${DETAIL_PAGE}?id=${h.id}`;
  const summary = { thing1: thing(h.description), time2: today };
  if ((kind === 'confirm' || kind === 'recheckFail' || kind === 'escalate') && h.enterpriseId) {
    await send(d, 'hazardAssigned', await ownersOf(d, h.enterpriseId), page, { ...summary, date3: h.deadline ?? today, phrase4: HAZARD_STATE_LABELS[h.state] });
  }
  if (kind === 'submitEvidence') {
    const gridworker = await gridworkerOf(d, h.area);
    if (gridworker) await send(d, 'recheckDue', [gridworker], page, { ...summary, phrase3: HAZARD_STATE_LABELS[h.state] });
  }
  if (h.state === 'closed' || h.state === 'rejected' || h.state === 'merged') {
    await send(d, 'hazardOutcome', [h.reporterId], page, { ...summary, phrase3: HAZARD_STATE_LABELS[h.state] });
  }
}
