/**
 * WeChat's privacy authorization (小程序隐私保护指引): the first call of a private API (location,
 * photos, files, the phone-number button) waits until the user agrees. WeChat raises one event for
 * the whole app, so it is registered once here and handed to the prompt mounted last (the page in
 * front). H5 has no such thing: nothing is registered there.
 */
import Taro from '@tarojs/taro';

/** The id of the agree button: WeChat checks that the user tapped the button with this id. */
export const PRIVACY_AGREE_ID = 'privacy-agree';

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;
const prompts: ((show: boolean) => void)[] = [];
let pending: Resolve | undefined;
let registered = false;

function register(): void {
  if (registered || process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  registered = true;
  const registration: unknown = Taro.onNeedPrivacyAuthorization((resolve) => {
    const front = prompts[prompts.length - 1];
    // No prompt on this page: refuse rather than leave the call waiting forever; the page says so in its error.
    if (!front) return resolve({ event: 'disagree' });
    pending = resolve;
    resolve({ event: 'exposureAuthorization' });
    front(true);
  });
  // Taro's H5 stand-in (what the component tests run as "weapp") refuses with a rejected promise: nothing to listen to there.
  if (registration instanceof Promise) registration.catch(() => undefined);
}

/** A prompt's subscription; returns the unsubscribe. */
export function watchPrivacy(show: (visible: boolean) => void): () => void {
  register();
  prompts.push(show);
  return () => {
    const i = prompts.lastIndexOf(show);
    if (i >= 0) prompts.splice(i, 1);
  };
}

/** The user's answer, passed on to the waiting API call. */
export function answerPrivacy(agree: boolean): void {
  pending?.(agree ? { event: 'agree', buttonId: PRIVACY_AGREE_ID } : { event: 'disagree' });
  pending = undefined;
  prompts[prompts.length - 1]?.(false);
}
