import Taro from '@tarojs/taro';
import type { MyCounts, NoticeKind, NoticeStateView } from '@safegrid/shared';
import { call } from '../api/client';
import { newId } from './id';
import { getToken } from './session';

/**
 * Asking to be told (订阅消息). WeChat delivers a subscribe message only to someone who accepted its
 * template, one message per one-time acceptance, and shows its dialog only from a tap. So the app
 * asks at the tap just before the message matters (submitting a report, opening the work queue…),
 * tells the server what was accepted (POST /me/subscriptions: it counts, per person and kind), and
 * never lets a refusal stop what the tap does. The templates come with the home's counts
 * (GET /me/counts), so the tap itself has everything and asks at once.
 */

/** What this session knows of the templates (and what is left of each), by token: a new sign-in starts over. */
let known: { token: string; notices: NoticeStateView[] } | undefined;
let loading: Promise<void> | undefined;

/** Keeps the templates a counts (or subscribe) answer carried. */
export function rememberNotices(notices: NoticeStateView[]): void {
  known = { token: getToken(), notices };
}

const current = () => (known && known.token === getToken() ? known.notices : undefined);

/** Loads the templates once per session for a page that asks but is opened without a home (a message's link). */
export function prepareNotices(): Promise<void> {
  if (process.env.TARO_ENV !== 'weapp' || current() || !getToken()) return Promise.resolve();
  loading ??= call('myCounts')
    .then((res: MyCounts) => rememberNotices(res.notices))
    .catch(() => undefined)
    .finally(() => {
      loading = undefined;
    });
  return loading;
}

/**
 * Which templates one dialog asks for: those configured, but a long-term one already accepted;
 * one-time and long-term never together (WeChat refuses the mix), one-time first; at most 3.
 */
export function noticesToAsk(kinds: NoticeKind[], notices: NoticeStateView[]): NoticeStateView[] {
  const wanted = [...new Set(kinds)].flatMap((k) => notices.filter((n) => n.kind === k && n.templateId && !(n.longTerm && n.left > 0)));
  const oneTime = wanted.filter((n) => !n.longTerm);
  return (oneTime.length ? oneTime : wanted).slice(0, 3);
}

/**
 * Asks WeChat to let us send these kinds of message. Call it synchronously from the tap handler,
 * before any `await` (WeChat shows the dialog only during a tap); do not wait for it before doing
 * what the tap does. Resolves when the person answered (never rejects); a no-op in H5, where WeChat
 * has no such dialog, and before the templates are known.
 */
export function askToNotify(kinds: NoticeKind[]): Promise<void> {
  return ask(kinds) ?? Promise.resolve();
}

/**
 * For an entry that opens a page: asks (from this tap), then goes on once answered; at once when
 * nothing is asked (H5, nothing left to ask for).
 */
export function askThen(kinds: NoticeKind[], then: () => void): void {
  const asking = ask(kinds);
  if (asking) void asking.then(then);
  else then();
}

/** The dialog's answer, or undefined when nothing was asked. */
function ask(kinds: NoticeKind[]): Promise<void> | undefined {
  if (process.env.TARO_ENV !== 'weapp') return undefined;
  const notices = current();
  if (!notices) {
    void prepareNotices();
    return undefined;
  }
  const asked = noticesToAsk(kinds, notices);
  if (asked.length === 0) return undefined;
  let answer: Promise<Record<string, string>>;
  try {
    answer = Taro.requestSubscribeMessage({ tmplIds: asked.map((n) => n.templateId) } as Taro.requestSubscribeMessage.Option) as unknown as Promise<Record<string, string>>;
  } catch {
    return undefined;
  }
  return Promise.resolve(answer)
    .then((res) => {
      const accepted = asked.filter((n) => res?.[n.templateId] === 'accept').map((n) => n.kind);
      const rejected = asked.filter((n) => n.longTerm && res?.[n.templateId] === 'reject').map((n) => n.kind);
      if (accepted.length === 0 && rejected.length === 0) return;
      // Told in the background: the tap's own action does not wait for it.
      void call('subscribeNotices', { body: { id: newId(), accepted, ...(rejected.length ? { rejected } : {}) } })
        .then((r) => rememberNotices(r.notices))
        .catch(() => undefined);
    })
    .catch(() => undefined);
}

/** For tests: forget what this session knew. */
export function forgetNotices(): void {
  known = undefined;
  loading = undefined;
}
