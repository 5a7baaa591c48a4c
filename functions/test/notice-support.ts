/** Helpers for tests that need people subscribed to subscribe messages, as the app reports their taps. */
import { ulid } from 'ulid';
import { GetItemCommand } from 'dynamodb-toolbox/entity/actions/get';
import type { NoticeKind } from '@safegrid/shared';
import { deps } from '../src/deps';
import { subscribeNotices } from '../src/usecases/notices';
import { wechat } from './support';

/** `userId` accepted `kinds` in WeChat's dialog `times` times (each a separate answer of the phone). */
export async function subscribe(userId: string, kinds: NoticeKind[], times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await subscribeNotices(deps(), { userId, grants: [] }, { id: ulid(), accepted: kinds });
}

/** What `userId` has left of `kind` (0 when they never accepted it). */
export async function leftOf(userId: string, kind: NoticeKind): Promise<number> {
  const { Item } = await deps().db.subscriptions.build(GetItemCommand).key({ userId, kind }).options({ consistent: true }).send();
  return Item?.left ?? 0;
}

/** The local template id of a kind (functions/src/config.ts's local defaults). */
export const templateOf = (kind: NoticeKind) => deps().config.wechat.templates[kind];

/** The messages of one kind the stand-in sent to a user, since the test last emptied `wechat.sent`. */
export const sentTo = (userId: string, kind: NoticeKind) => wechat.sent.filter((m) => m.openid === `local-openid-${userId}` && m.templateId === templateOf(kind));
