/**
 * Site checks (带着清单下企业) on the phone: the draft kept per check (under its ULID) while the
 * inspector works through the checklist, offline included; the answers as the API takes them; field
 * errors as the form shows them; distances and coverage rates.
 */
import Taro from '@tarojs/taro';
import {
  DEFAULT_CHECK_RULES,
  distanceM,
  failed,
  type CheckAnswer,
  type CheckKind,
  type ItemResult,
  type ResponseOf,
  type Role,
  type UserView,
} from '@safegrid/shared';
import type { UploadStage } from '../lib/files';

export type Template = ResponseOf<'listCheckTemplates'>['templates'][number];
export type Item = Template['sections'][number]['items'][number];

export const items = (t: Pick<Template, 'sections'>): Item[] => t.sections.flatMap((s) => s.items);

// ---- the draft

/** A photo of an answer: kept on the phone by its local path until it is uploaded. */
export interface CheckPhoto {
  /** Local id (a ULID). */
  id: string;
  /** Local file path (weapp) or blob URL (H5): the thumbnail, and the bytes for an upload. */
  path: string;
  name: string;
  size: number;
  type?: string;
  /** waiting: not sent yet (taken offline, or the app was closed during its upload). */
  status: 'waiting' | 'uploading' | 'done' | 'failed';
  stage?: UploadStage;
  /** The storage key, once uploaded. */
  key?: string;
  error?: string;
  /** weapp: copied out of the temporary files (removed with the draft). */
  saved?: boolean;
}

/** An item's answer as it is being given: a number as typed, photos with their upload state. */
export interface DraftAnswer {
  result?: ItemResult;
  value?: string;
  text?: string;
  photos: CheckPhoto[];
  note?: string;
  fixedOnSpot?: boolean;
  fixPhotos: CheckPhoto[];
  /** Answered 符合 by 其余全部符合, not item by item (shown as such; cleared when the result is changed by hand). */
  auto?: boolean;
}

export interface DraftEnterprise {
  id: string;
  name: string;
  address?: string;
  lng?: number;
  lat?: number;
  industry?: string;
  area?: string;
}

export interface CheckDraft {
  /** The check's ULID: made once when the check starts, so a retried submit makes one record. */
  id: string;
  userId: string;
  createdAt: string;
  updatedAt: string;
  enterprise: DraftEnterprise;
  kind: CheckKind;
  /** The template as chosen (id, version and items), so the check can go on without a connection. */
  template?: Template;
  checkIn?: { lng: number; lat: number; at: string; accuracy?: number; reason?: string };
  /** The server measured the distance and asked for a reason. */
  reasonAsked?: boolean;
  /** The district's check-in distance beyond which a reason is needed, as last downloaded with the templates. */
  reasonOverM?: number;
  answers: Record<string, DraftAnswer>;
  summary: string;
  signerName: string;
  /** The handwritten signature: a temporary file (weapp) or a data: URL (H5), and its key once uploaded. */
  signature?: { path: string; size: number; key?: string; saved?: boolean };
}

const DRAFT_PREFIX = 'safegrid.checkDraft.';
export const draftKey = (id: string) => `${DRAFT_PREFIX}${id}`;

export function emptyAnswer(): DraftAnswer {
  return { photos: [], fixPhotos: [] };
}

/** Every photo of a draft (answered or not, fix photos included). */
export function allPhotos(d: Pick<CheckDraft, 'answers'>): CheckPhoto[] {
  return Object.values(d.answers).flatMap((a) => [...a.photos, ...a.fixPhotos]);
}

/** The draft with `fn` applied to each of its photos. */
export function mapPhotos(d: CheckDraft, fn: (p: CheckPhoto) => CheckPhoto): CheckDraft {
  const answers: Record<string, DraftAnswer> = {};
  for (const [id, a] of Object.entries(d.answers)) answers[id] = { ...a, photos: a.photos.map(fn), fixPhotos: a.fixPhotos.map(fn) };
  return { ...d, answers };
}

export function loadDraft(id: string): CheckDraft | undefined {
  try {
    const stored = Taro.getStorageSync(draftKey(id)) as CheckDraft | '' | undefined;
    if (!stored || typeof stored !== 'object' || typeof stored.id !== 'string' || !stored.enterprise) return undefined;
    // An upload the app was closed during did not finish: it goes again.
    return mapPhotos({ ...stored, answers: stored.answers ?? {} }, (p) => (p.status === 'uploading' ? { ...p, status: 'waiting', stage: undefined } : p));
  } catch {
    return undefined;
  }
}

export function saveDraft(d: CheckDraft): void {
  try {
    Taro.setStorageSync(draftKey(d.id), d);
  } catch {
    /* storage full: the form still works, only the draft is not kept */
  }
}

/** The user's saved checks, the latest first. */
export function listDrafts(userId: string): CheckDraft[] {
  let keys: string[] = [];
  try {
    keys = Taro.getStorageInfoSync().keys.filter((k) => k.startsWith(DRAFT_PREFIX));
  } catch {
    return [];
  }
  return keys
    .map((k) => loadDraft(k.slice(DRAFT_PREFIX.length)))
    .filter((d): d is CheckDraft => !!d && d.userId === userId)
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
}

/** Remove a draft and the files it kept on the phone. */
export function removeDraft(d: CheckDraft): void {
  dropFiles([...allPhotos(d), ...(d.signature ? [d.signature] : [])]);
  try {
    Taro.removeStorageSync(draftKey(d.id));
  } catch {
    /* nothing to remove */
  }
}

// ---- files kept on the phone (weapp)

/**
 * weapp: copy a temporary file (a photo, the signature) to the mini-program's own storage, so a draft
 * reopened after WeChat cleared its temporary files can still upload it. Elsewhere, and when the copy
 * fails, the path stays as it is.
 */
/** Largest photo an H5 draft keeps inline (localStorage holds about 5 MB in all). */
const H5_KEEP_BYTES = 1_500_000;

/**
 * A photo's path that outlives the app: in WeChat a saved file (temporary files go when the app
 * closes); in the browser build a data: URL, since a blob: URL dies with the page.
 */
export async function keepFile(path: string): Promise<{ path: string; saved?: boolean }> {
  if (!path) return { path };
  if (process.env.TARO_ENV === 'h5') {
    if (!path.startsWith('blob:')) return { path };
    try {
      const blob = await (await fetch(path)).blob();
      if (blob.size > H5_KEEP_BYTES) return { path };
      const data = await new Promise<string>((resolve, reject) => {
        const reader = new FileReader();
        reader.onload = () => resolve(String(reader.result));
        reader.onerror = () => reject(reader.error);
        reader.readAsDataURL(blob);
      });
      return { path: data };
    } catch {
      return { path };
    }
  }
  if (process.env.TARO_ENV !== 'weapp') return { path };
  return new Promise((resolve) => {
    try {
      Taro.getFileSystemManager().saveFile({
        tempFilePath: path,
        success: (res) => resolve({ path: res.savedFilePath, saved: true }),
        fail: () => resolve({ path }),
      });
    } catch {
      resolve({ path });
    }
  });
}

export function dropFiles(files: { path: string; saved?: boolean }[]): void {
  if (process.env.TARO_ENV !== 'weapp') return;
  for (const f of files) {
    if (!f.saved) continue;
    try {
      Taro.getFileSystemManager().removeSavedFile({ filePath: f.path, fail: () => undefined });
    } catch {
      /* already gone */
    }
  }
}

// ---- answers as the API takes them

/** A number as typed: undefined when empty, NaN when it is not a number. */
export function numberOf(typed: string | undefined): number | undefined {
  const s = (typed ?? '').trim();
  if (!s) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : Number.NaN;
}

const keysOf = (photos: CheckPhoto[]) => photos.filter((p) => p.key).map((p) => p.key!);

/** The answer without its photos: what decides whether the item failed. */
function core(item: Item, a: DraftAnswer | undefined): CheckAnswer {
  const out: CheckAnswer = { itemId: item.id, photos: [] };
  if (!a) return out;
  if (item.kind === 'passfail') {
    if (a.result) out.result = a.result;
  } else if (a.result === 'na') out.result = 'na';
  else if (item.kind === 'number') {
    const n = numberOf(a.value);
    if (n !== undefined && !Number.isNaN(n)) out.value = n;
  } else if (item.kind === 'text') {
    const text = a.text?.trim();
    if (text) out.text = text;
  }
  return out;
}

/** Did the item fail as answered so far (不符合, or a number out of its range). */
export const isFailing = (item: Item, a: DraftAnswer | undefined): boolean => failed(item, core(item, a));

/** The photo lists an answer sends: a photo item's photos; a failing item's photos, and its fix photos when fixed on the spot. */
export function shownPhotos(item: Item, a: DraftAnswer | undefined): { photos: CheckPhoto[]; fixPhotos: CheckPhoto[] } {
  if (!a || a.result === 'na') return { photos: [], fixPhotos: [] };
  const failing = isFailing(item, a);
  return {
    photos: item.kind === 'photo' || failing ? a.photos : [],
    fixPhotos: failing && a.fixedOnSpot ? a.fixPhotos : [],
  };
}

/** One item's answer for the API: only what it shows (a note and 当场整改 only when it failed). */
export function answerOf(item: Item, a: DraftAnswer | undefined): CheckAnswer {
  const out = core(item, a);
  if (!a) return out;
  const shown = shownPhotos(item, a);
  out.photos = keysOf(shown.photos);
  if (isFailing(item, a)) {
    const note = a.note?.trim();
    if (note) out.note = note;
    if (a.fixedOnSpot) {
      out.fixedOnSpot = true;
      out.fixPhotos = keysOf(shown.fixPhotos);
    }
  }
  return out;
}

/** Every item of the template, in its order (so `answers.<i>` is the template's i-th item either way). */
export function answersOf(d: CheckDraft): CheckAnswer[] {
  return d.template ? items(d.template).map((item) => answerOf(item, d.answers[item.id])) : [];
}

/** Has the item been answered (as the shared `answerProblems` counts it). */
export function isAnswered(item: Item, a: DraftAnswer | undefined): boolean {
  if (!a) return false;
  if (a.result === 'na') return true;
  if (item.kind === 'passfail') return a.result !== undefined;
  if (item.kind === 'number') return numberOf(a.value) !== undefined;
  if (item.kind === 'text') return Boolean(a.text?.trim());
  return a.photos.length > 0;
}

// ---- 其余全部符合

/**
 * The items 其余全部符合 answers: pass-fail items with no result yet. One answered (符合, 不符合 or
 * 不适用) is never touched; number, text and photo items need a measurement or evidence of their own.
 */
export function unansweredPassFail(t: Pick<Template, 'sections'>, answers: Record<string, DraftAnswer>): Item[] {
  return items(t).filter((i) => i.kind === 'passfail' && !answers[i.id]?.result);
}

/** 其余全部符合: every unanswered pass-fail item answered 符合 and marked as filled so. */
export function fillRestAsPass(t: Pick<Template, 'sections'>, answers: Record<string, DraftAnswer>): Record<string, DraftAnswer> {
  const out = { ...answers };
  for (const i of unansweredPassFail(t, answers)) out[i.id] = { ...(answers[i.id] ?? emptyAnswer()), result: 'pass', auto: true };
  return out;
}

/** The items 其余全部符合 filled that are still as it left them. */
export function autoFilled(t: Pick<Template, 'sections'>, answers: Record<string, DraftAnswer>): Item[] {
  return items(t).filter((i) => answers[i.id]?.auto && answers[i.id]?.result === 'pass');
}

/** 撤销: the items 其余全部符合 filled (and nobody changed since) unanswered again. */
export function undoFillRest(t: Pick<Template, 'sections'>, answers: Record<string, DraftAnswer>): Record<string, DraftAnswer> {
  const out = { ...answers };
  for (const i of autoFilled(t, answers)) out[i.id] = { ...answers[i.id]!, result: undefined, auto: undefined };
  return out;
}

/** Photos that go with the check and have no key yet. */
export function pendingPhotos(d: CheckDraft): CheckPhoto[] {
  if (!d.template) return [];
  return items(d.template).flatMap((item) => {
    const shown = shownPhotos(item, d.answers[item.id]);
    return [...shown.photos, ...shown.fixPhotos].filter((p) => p.status !== 'done' || !p.key);
  });
}

// ---- check-in

/** Metres from the check-in to the enterprise, when both are known. */
export function checkInDistance(d: Pick<CheckDraft, 'checkIn' | 'enterprise'>): number | undefined {
  const e = d.enterprise;
  if (!d.checkIn || e.lng === undefined || e.lat === undefined) return undefined;
  return distanceM(d.checkIn, { lng: e.lng, lat: e.lat });
}

/** How far from the enterprise a check-in may be without a reason (the district's setting, or the usual 500 m before it is known). */
export const reasonOverM = (d: Pick<CheckDraft, 'reasonOverM'>) => d.reasonOverM ?? DEFAULT_CHECK_RULES.checkInReasonOverM;

/** A reason is needed: the server said so, or (not for a self-check) the phone measures more than the district's distance. */
export function needsReason(d: CheckDraft): boolean {
  if (d.reasonAsked) return true;
  const m = checkInDistance(d);
  return d.kind !== 'self' && m !== undefined && m > reasonOverM(d);
}

// ---- field errors as the form shows them

const ITEM_FIELDS = ['result', 'value', 'text', 'photos', 'note', 'fixPhotos'];

/**
 * The API's (or the shared schema's) field errors keyed as the check page shows them:
 * `answers.2.note` → `<itemId>.note` (the template's third item), `checkIn.reason` → `reason`,
 * `signatureKey` → `signature`; whatever has no place of its own goes to `general`.
 */
export function shownErrors(fields: Record<string, string>, template: Template | undefined): Record<string, string> {
  const list = template ? items(template) : [];
  const out: Record<string, string> = {};
  const add = (k: string, message: string) => {
    if (!out[k]?.includes(message)) out[k] = out[k] ? `${out[k]}；${message}` : message;
  };
  for (const [key, message] of Object.entries(fields)) {
    const answer = /^answers\.(\d+)(?:\.(\w+))?/.exec(key);
    const item = answer ? list[Number(answer[1])] : undefined;
    if (item) {
      const field = answer![2] === 'fixedOnSpot' ? 'fixPhotos' : (answer![2] ?? 'result');
      add(`${item.id}.${ITEM_FIELDS.includes(field) ? field : 'result'}`, message);
    } else if (key === 'checkIn.reason') add('reason', message);
    else if (key === 'checkIn' || key.startsWith('checkIn.')) add('checkIn', message);
    else if (key === 'signatureKey' || key === 'contentType' || key === 'size') add('signature', message);
    else if (key === 'signerName' || key === 'summary' || key === 'kind') add(key, message);
    else if (key === 'templateId' || key === 'templateVersion') add('template', message);
    else add('general', message);
  }
  return out;
}

/** Where each shown error is on the page, top to bottom. */
export function firstErrorAnchor(errors: Record<string, string>, template: Template | undefined): string | undefined {
  const order: [string, string][] = [
    ['kind', '#ck-kind'],
    ['template', '#ck-template'],
    ['checkIn', '#ck-checkin'],
    ['reason', '#ck-checkin'],
    ...(template ? items(template) : []).flatMap((i) => ITEM_FIELDS.map((f): [string, string] => [`${i.id}.${f}`, `#ck-item-${i.id}`])),
    ['summary', '#ck-summary'],
    ['signerName', '#ck-signer'],
    ['signature', '#ck-signature'],
  ];
  return order.find(([k]) => errors[k])?.[1];
}

// ---- who, where, how far

/** The district (the first segment of an area path) the user works in, from their active role's area grant. */
export function districtOf(user: UserView | undefined, role: Role | undefined): string {
  const area = user?.grants.find((g) => g.role === role && g.area)?.area ?? user?.grants.find((g) => g.area)?.area;
  return area ? area.split('/')[0]! : '';
}

/** The enterprise an owner's 企业自查 is about: the one asked for, else their own. */
export function ownEnterprise(user: UserView | undefined): { id: string; name: string } | undefined {
  const g = user?.grants.find((x) => x.role === 'enterprise_owner' && x.enterpriseId);
  return g ? { id: g.enterpriseId!, name: g.enterpriseName ?? '' } : undefined;
}

/** 350 米, 1.2 公里. */
export function formatDistance(m: number): string {
  return m < 999.5 ? `${Math.round(m)} 米` : `${(m / 1000).toFixed(1)} 公里`;
}

export function scrollTo(selector: string | undefined): void {
  if (!selector) return;
  try {
    void Taro.pageScrollTo({ selector, duration: 300 }).catch(() => undefined);
  } catch {
    /* nothing to scroll */
  }
}
