/**
 * Subscribe messages (订阅消息) to the people an event hands work or news to (docs/decisions.md "Notifications").
 * Sent after the event is committed and never allowed to fail it. WeChat delivers a message only
 * to someone who accepted its template: the app reports each acceptance (subscribeNotices) and a
 * send takes one of them first, atomically (repos/subscriptions.ts). Nobody left to send to —
 * no account, never signed in with WeChat, nothing accepted — is not a WeChat call: it is logged
 * and counted as not delivered, and the caller learns why (a reminder says so to its sender).
 */
import { QueryCommand } from 'dynamodb-toolbox/table/actions/query';
import {
  type HazardSource,
  type HazardState,
  type NoticeKind,
  districtOf,
  isWithin,
  noticeTime,
  noticeValueProblem,
  phrase,
  selfAndAncestors,
  shanghaiDate,
  thing,
} from '@safegrid/shared';
import type { Deps } from '../deps';
import { logLine } from '../lib/log';
import { getArea } from '../repos/areas';
import { getEnterprise } from '../repos/enterprises';
import type { HazardRecord } from '../repos/hazards';
import { giveBackSubscription, takeSubscription } from '../repos/subscriptions';
import { underArea } from '../repos/table';
import { getUser } from '../repos/users';

export { thing } from '@safegrid/shared';

const DETAIL_PAGE = 'packageHazard/pages/detail/index';

/** What became of one person's message. */
export type Outcome = 'sent' | 'no-template' | 'no-account' | 'no-openid' | 'no-subscription' | 'invalid' | 'failed';
export interface Delivery {
  userId: string;
  outcome: Outcome;
}

/** A hazard's state as a `phrase` (≤ 5 Chinese characters). */
const STATE_PHRASES: Record<HazardState, string> = {
  reported: '待核实',
  planning: '待报方案',
  rectifying: '整改中',
  rechecking: '待复查',
  enforcing: '执法处置中',
  closed: '已销号',
  rejected: '已驳回',
  merged: '已合并',
  withdrawn: '已撤回',
};
const SOURCE_PHRASES: Record<HazardSource, string> = {
  public: '群众举报',
  worker: '员工报告',
  gridworker: '网格巡查',
  supervisor: '监管录入',
  official: '人员上报',
  site_check: '现场检查',
  self_check: '企业自查',
};

/** The subscription an event takes (repos/subscriptions.ts `lastUse`). */
export const useIdOf = (kind: NoticeKind, event: string) => `${kind}#${event}`;

/**
 * Sends one kind of message to each user, once per `event` (a hazard's version, a recorded
 * reminder): a retried send takes no second subscription and sends nothing twice. `page` is where
 * the message opens. `taken`: the caller already took each one's subscription for this event (in
 * its own transaction). Answers what became of each person's message.
 */
export async function send(
  d: Deps,
  kind: NoticeKind,
  userIds: string[],
  page: string,
  data: Record<string, string>,
  event: string,
  options: { taken?: true } = {},
): Promise<Delivery[]> {
  const people = [...new Set(userIds)];
  const templateId = d.config.wechat.templates[kind];
  const longTerm = d.config.wechat.longTerm.includes(kind);
  const useId = useIdOf(kind, event);
  const at = () => d.clock.now().toISOString();
  const undelivered = async (userId: string, outcome: Outcome, extra: Record<string, unknown> = {}): Promise<Delivery> => {
    // A message that does not go out after it was taken is given back (once: the give-back is conditioned on this event).
    if ((options.taken || outcome === 'failed') && !longTerm) await giveBackSubscription(d.db, userId, kind, useId, at()).catch(() => undefined);
    logLine({ level: outcome === 'failed' || outcome === 'invalid' ? 'error' : 'info', event: 'notice-not-delivered', kind, reason: outcome, page, userId, ...extra });
    d.metrics.count('NoticeUndelivered', 1, { kind, reason: outcome });
    return { userId, outcome };
  };
  if (!templateId) return Promise.all(people.map((userId) => undelivered(userId, 'no-template')));
  // A value WeChat would refuse fails the send: found before anyone's subscription is taken.
  const problems = Object.entries(data).flatMap(([key, value]) => (noticeValueProblem(key, value) ? [`${key}: ${noticeValueProblem(key, value)}`] : []));
  if (problems.length) return Promise.all(people.map((userId) => undelivered(userId, 'invalid', { problems })));
  return Promise.all(
    people.map(async (userId): Promise<Delivery> => {
      try {
        const user = await getUser(d.db, userId);
        if (!user || user.deactivatedAt || user.mergedInto) return await undelivered(userId, 'no-account');
        if (!user.openid) return await undelivered(userId, 'no-openid');
        const taken = options.taken ? 'taken' : await takeSubscription(d.db, userId, kind, useId, longTerm, at());
        if (taken === 'none') return await undelivered(userId, 'no-subscription');
        // This very event was sent before (a retried request): not again.
        if (taken === 'taken before') return { userId, outcome: 'sent' };
        try {
          await d.wechat.sendSubscribeMessage({ openid: user.openid, templateId, page, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { value: v }])) });
        } catch (error) {
          // WeChat did not deliver it: the person keeps what they accepted.
          return await undelivered(userId, 'failed', { error: (error as Error).message });
        }
        d.metrics.count('NoticeSent', 1, { kind });
        return { userId, outcome: 'sent' };
      } catch (error) {
        // Our own storage failing: a caller that took the messages in its transaction fails with it, and its retry sends them.
        if (options.taken) throw error;
        return undelivered(userId, 'failed', { error: (error as Error).message });
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

/**
 * The enforcement officers over an area: people listed at the area or one of its ancestors (one
 * small Query each, never the whole district) with an enforcement grant reaching it.
 */
export async function enforcementOf(d: Deps, area: string): Promise<string[]> {
  const found = await Promise.all(
    selfAndAncestors(area).map(async (path) => {
      const page = await d.db.table
        .build(QueryCommand)
        .entities(d.db.users)
        .query({ index: 'gsi1', partition: `USERS#${districtOf(area)}`, range: { beginsWith: underArea(path, '') } })
        .options({ attributes: ['id', 'grants', 'deactivatedAt'] } as never)
        .send();
      const people = (page.Items ?? []) as { id: string; grants: { role: string; area?: string }[]; deactivatedAt?: string }[];
      return people.filter((u) => !u.deactivatedAt && u.grants.some((g) => g.role === 'enforcement' && g.area && isWithin(area, g.area))).map((u) => u.id);
    }),
  );
  return [...new Set(found.flat())];
}

/** A new report in a grid: its gridworker, unless they made it. */
export async function notifyNewReport(d: Deps, h: HazardRecord): Promise<Delivery[]> {
  if (h.state !== 'reported') return [];
  const gridworker = await gridworkerOf(d, h.area);
  if (!gridworker || gridworker === h.reporterId) return [];
  const areaName = (await getArea(d.db, h.area))?.name ?? '本网格';
  return send(d, 'newReport', [gridworker], `${DETAIL_PAGE}?id=${h.id}`, { thing1: thing(h.description), time2: noticeTime(h.createdAt), thing3: thing(areaName), phrase4: phrase(SOURCE_PHRASES[h.source]) }, `${h.id}#${h.version}`);
}

/** Who is told what after a move (each at most once per version of the hazard). */
export async function notifyAfterMove(d: Deps, kind: string, h: HazardRecord): Promise<void> {
  const now = d.clock.now();
  const page = `${DETAIL_PAGE}?id=${h.id}`;
  const event = `${h.id}#${h.version}`;
  const description = thing(h.description);
  const jobs: Promise<unknown>[] = [];
  // To the enterprise: a hazard to rectify, again after a failed recheck, a letter or a referral to enforcement.
  if ((kind === 'confirm' || kind === 'recheckFail' || kind === 'escalate') && h.enterpriseId) {
    const owners = await ownersOf(d, h.enterpriseId);
    jobs.push(send(d, 'hazardAssigned', owners, page, { thing1: description, time2: noticeTime(now), date3: h.deadline ?? shanghaiDate(now), phrase4: STATE_PHRASES[h.state] }, event));
  }
  // To the gridworker: evidence to recheck.
  if (kind === 'submitEvidence') {
    const gridworker = await gridworkerOf(d, h.area);
    if (gridworker) jobs.push(send(d, 'recheckDue', [gridworker], page, { thing1: description, time2: noticeTime(now), phrase3: STATE_PHRASES[h.state] }, event));
  }
  // To the district's enforcement: a new clue (the overdue sweep's last step).
  if (kind === 'escalate' && h.state === 'enforcing') {
    const enterpriseName = h.enterpriseId ? (await getEnterprise(d.db, h.enterpriseId))?.name : undefined;
    jobs.push(send(d, 'enforcementClue', await enforcementOf(d, h.area), page, { thing1: description, thing2: thing(enterpriseName ?? '未关联企业'), time3: noticeTime(now) }, event));
  }
  // To the reporter: the outcome.
  if (h.state === 'closed' || h.state === 'rejected' || h.state === 'merged') {
    jobs.push(send(d, 'hazardOutcome', [h.reporterId], page, { thing1: description, time2: noticeTime(now), phrase3: STATE_PHRASES[h.state] }, event));
  }
  await Promise.all(jobs);
}
