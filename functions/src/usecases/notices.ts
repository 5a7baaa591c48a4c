/**
 * Which subscribe messages a person accepted (订阅消息): the app reports what WeChat's dialog
 * answered, and reads back, with the counts on its homes, which templates it may ask for.
 */
import { type Actor, NOTICE_KINDS, NOTICE_LABELS, type NoticeKind, type NoticeStateView, type SubscribeNoticesBody } from '@safegrid/shared';
import type * as z from 'zod';
import type { Deps } from '../deps';
import { recordAnswer, subscriptionsOf } from '../repos/subscriptions';

/** Each kind this deployment has a template for, with what the person has left of it. */
export function noticeStates(d: Deps, left: Map<NoticeKind, number>): NoticeStateView[] {
  const { templates, longTerm } = d.config.wechat;
  return NOTICE_KINDS.filter((kind) => templates[kind]).map((kind) => ({
    kind,
    label: NOTICE_LABELS[kind],
    templateId: templates[kind],
    longTerm: longTerm.includes(kind),
    left: longTerm.includes(kind) ? Math.min(1, left.get(kind) ?? 0) : (left.get(kind) ?? 0),
  }));
}

/**
 * One answer of wx.requestSubscribeMessage: each accepted kind allows one more message (a
 * long-term one, every message until refused); a refused long-term kind allows none. Kinds without
 * a template here are ignored. The phone's id makes a retried report count once.
 */
export async function subscribeNotices(d: Deps, actor: Actor, body: z.infer<typeof SubscribeNoticesBody>) {
  const { templates, longTerm } = d.config.wechat;
  const accepted = [...new Set(body.accepted)].filter((k) => templates[k]);
  const refusedLongTerm = [...new Set(body.rejected ?? [])].filter((k) => templates[k] && longTerm.includes(k) && !accepted.includes(k));
  await recordAnswer(d.db, actor.userId, { id: body.id, accepted, refusedLongTerm, longTerm, at: d.clock.now().toISOString() });
  return { notices: noticeStates(d, await subscriptionsOf(d.db, actor.userId)) };
}
