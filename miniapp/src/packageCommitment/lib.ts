/**
 * Commitment letters (告知承诺): the five colours, signing rates, the self-check draft kept on the
 * phone, the enterprise a page is about, and "has the reader reached the end of the letter".
 */
import Taro, { usePageScroll } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { ANSWER_LABELS, type CommitmentColour, type Role, type SelfCheckAnswer, type UserView } from '@safegrid/shared';

// ---- colours (Tianqu's five, by industry)

/** Each colour as a band: its fill, and the text that reads on it. 白 gets a grey edge so it shows on white. */
const COLOURS: Record<CommitmentColour, { background: string; color: string; border: string }> = {
  绿: { background: '#00b42a', color: '#fff', border: '#00b42a' },
  蓝: { background: '#1677ff', color: '#fff', border: '#1677ff' },
  黄: { background: '#fadc19', color: '#1f2329', border: '#f7ba1e' },
  白: { background: '#ffffff', color: '#1f2329', border: '#c9cdd4' },
  橙: { background: '#ff7d00', color: '#fff', border: '#ff7d00' },
};
export function colourStyle(colour: CommitmentColour): { background: string; color: string; border: string } {
  return COLOURS[colour] ?? { background: '#8f959e', color: '#fff', border: '#8f959e' };
}

// ---- answers

export type Answer = SelfCheckAnswer['answer'];
export const ANSWER_OPTIONS = (Object.keys(ANSWER_LABELS) as Answer[]).map((value) => ({ value, label: ANSWER_LABELS[value] }));

// ---- which enterprise

/** The enterprise a page is about: the one in its query, else the enterprise owner's own. */
export function enterpriseOf(user: UserView | undefined, fromQuery: string): string {
  if (fromQuery) return fromQuery;
  return user?.grants.find((g) => g.role === 'enterprise_owner' && g.enterpriseId)?.enterpriseId ?? '';
}

/** Who may send a reminder (the API's remindCommitment roles). */
export const REMINDERS: readonly Role[] = ['gridworker', 'supervisor'];
/** Who may see the unsigned list and the rates (the API's roles). */
export const FOLLOWERS: readonly Role[] = ['gridworker', 'supervisor', 'department', 'admin'];

// ---- the self-check draft, kept on the phone while answering

export interface SignDraft {
  answers: Record<string, { answer?: Answer; note?: string }>;
  signerName?: string;
}

const DRAFT_PREFIX = 'safegrid.commitmentDraft.';
/** One draft per enterprise and template version: a new version starts afresh. */
export const draftKey = (enterpriseId: string, templateId: string, version: number) => `${DRAFT_PREFIX}${enterpriseId}.${templateId}.v${version}`;

export function loadSignDraft(key: string): SignDraft | undefined {
  try {
    const stored = Taro.getStorageSync(key) as SignDraft | '' | undefined;
    return stored && typeof stored === 'object' && stored.answers && typeof stored.answers === 'object' ? stored : undefined;
  } catch {
    return undefined;
  }
}

export function saveSignDraft(key: string, draft: SignDraft): void {
  try {
    Taro.setStorageSync(key, draft);
  } catch {
    /* storage full: the form still works, only the draft is not kept */
  }
}

/** Remove the enterprise's drafts: all of them, or all but `keep` (an older version's answers are of no use). */
export function clearSignDrafts(enterpriseId: string, keep?: string): void {
  try {
    const prefix = `${DRAFT_PREFIX}${enterpriseId}.`;
    for (const key of Taro.getStorageInfoSync().keys) {
      if (key.startsWith(prefix) && key !== keep) Taro.removeStorageSync(key);
    }
  } catch {
    /* nothing to tidy */
  }
}

// ---- has the reader reached the end of the letter

function windowHeight(): number {
  try {
    return Taro.getWindowInfo().windowHeight;
  } catch {
    return Taro.getSystemInfoSync().windowHeight;
  }
}

/**
 * Whether the element `selector` (an empty View after the letter's last line) has come into view
 * while `letter` (which letter: its id and version) was shown: measured once the page has drawn it
 * and again as the page scrolls, until it has; another letter must be read again. An element not
 * laid out (no width) does not count. One measurement at a time; a scroll during one measures again after.
 */
export function useScrolledTo(selector: string, letter: string | undefined): boolean {
  const [seenLetter, setSeenLetter] = useState<string>();
  const state = useRef({ letter, seen: undefined as string | undefined, busy: false, again: false, gone: false });
  state.current.letter = letter;

  const measure = () => {
    const s = state.current;
    const wanted = s.letter;
    if (!wanted || s.seen === wanted || s.gone) return;
    if (s.busy) {
      s.again = true;
      return;
    }
    s.busy = true;
    const done = (rect: { top: number; width: number } | null | undefined) => {
      s.busy = false;
      if (s.gone) return;
      if (rect && rect.width > 0 && rect.top <= windowHeight() && s.letter === wanted) {
        s.seen = wanted;
        setSeenLetter(wanted);
      } else if (s.again) {
        s.again = false;
        measure();
      }
    };
    try {
      const query = Taro.createSelectorQuery();
      query.select(selector).boundingClientRect();
      query.exec((res: unknown[]) => done(res?.[0] as { top: number; width: number } | null));
    } catch {
      done(null);
    }
  };

  useEffect(
    () => () => {
      state.current.gone = true;
    },
    [],
  );
  useEffect(() => {
    if (letter) Taro.nextTick(measure);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [letter]);
  usePageScroll(measure);
  return !!letter && seenLetter === letter;
}
