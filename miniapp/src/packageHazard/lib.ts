/**
 * The hazard loop's screens: state colours, the report draft kept on the phone, field errors as the
 * forms show them, each move's own schema, and paging of hazard lists.
 */
import Taro from '@tarojs/taro';
import { MoveBody, type HazardCategory, type HazardState, type HazardSummary, type MoveName, type validate } from '@safegrid/shared';
import { usePages } from '../components/usePages';
import type { UploadStage } from '../lib/files';

// ---- states

/** One colour per state: orange waits for the gridworker, blue/purple for the enterprise, red for enforcement. */
const STATE_COLOURS: Record<HazardState, { background: string; color: string }> = {
  reported: { background: '#ff7d00', color: '#fff' },
  planning: { background: '#722ed1', color: '#fff' },
  rectifying: { background: '#1677ff', color: '#fff' },
  rechecking: { background: '#0fc6c2', color: '#fff' },
  enforcing: { background: '#f53f3f', color: '#fff' },
  closed: { background: '#00b42a', color: '#fff' },
  rejected: { background: '#c9cdd4', color: '#1f2329' },
  merged: { background: '#c9cdd4', color: '#1f2329' },
  withdrawn: { background: '#c9cdd4', color: '#1f2329' },
};
export function stateColours(state: HazardState): { background: string; color: string } {
  return STATE_COLOURS[state] ?? { background: '#8f959e', color: '#fff' };
}

// ---- photos being uploaded

/** A photo on its way to storage; what is kept in the draft (the browser's File is not). */
export interface UploadItem {
  /** Local id (a ULID). */
  id: string;
  /** Local file path (weapp) or blob URL (H5): the thumbnail, and the bytes for a retry. */
  path: string;
  name: string;
  size: number;
  type?: string;
  status: 'uploading' | 'done' | 'failed';
  stage?: UploadStage;
  /** The storage key, once uploaded. */
  key?: string;
  error?: string;
}

export const uploadedKeys = (items: UploadItem[]): string[] => items.filter((p) => p.status === 'done' && p.key).map((p) => p.key!);

/** Why photos cannot be sent yet, or '' when every photo is uploaded. */
export function photosPending(items: UploadItem[]): string {
  if (items.some((p) => p.status === 'uploading')) return '还有照片正在上传，请稍候再提交';
  if (items.some((p) => p.status === 'failed')) return '有照片上传失败：请点照片重试，或删除后再提交';
  return '';
}

// ---- the report draft (随手拍), kept on the phone as the user types

export interface ReportDraft {
  /** The report's ULID: made once per draft, so a retried submit makes one record. */
  id: string;
  description: string;
  category?: HazardCategory;
  enterprise?: { id: string; name: string };
  location?: { lng: number; lat: number };
  /** 位置说明, e.g. the building and floor (the map picker's place name in WeChat). */
  address?: string;
  anonymous: boolean;
  /** A worker's 内部报告 about their own enterprise. */
  internal: boolean;
  photos: UploadItem[];
}

const draftKey = (userId: string) => `safegrid.hazardDraft.${userId}`;

export function loadDraft(userId: string): ReportDraft | undefined {
  const stored = Taro.getStorageSync(draftKey(userId)) as ReportDraft | '' | undefined;
  if (!stored || typeof stored !== 'object' || typeof stored.id !== 'string') return undefined;
  // An upload the app was closed during did not finish: offer a retry.
  const photos = (stored.photos ?? []).map((p) => (p.status === 'uploading' ? { ...p, status: 'failed' as const, stage: undefined, error: '上传中断，请点照片重试' } : p));
  return { ...stored, photos };
}

export function saveDraft(userId: string, draft: ReportDraft): void {
  try {
    Taro.setStorageSync(draftKey(userId), draft);
  } catch {
    /* storage full: the form still works, only the draft is not kept */
  }
}

export function clearDraft(userId: string): void {
  Taro.removeStorageSync(draftKey(userId));
}

// ---- field errors

/**
 * Field errors keyed as the forms show them: `move.plan.costFen` → `costFen`, `photos.2` → `photos`.
 * A message that starts with a raw field name (`costFen：…`) gets the field's Chinese label instead.
 */
export function fieldErrors(fields: Record<string, string> | undefined, labels: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, message] of Object.entries(fields ?? {})) {
    const short = key.replace(/^(move\.)?(plan\.)?/, '').replace(/\.\d+$/, '') || key;
    const label = labels[short];
    out[short] ??= label ? message.replace(/^[A-Za-z][\w.]*：/, `${label}：`) : message;
  }
  return out;
}

type Schema = Parameters<typeof validate>[0];
type Shaped = { shape: Record<string, Schema & { description?: string; _zod: { def: { innerType?: { description?: string } } } }> };
const MOVE_SCHEMAS = (MoveBody as unknown as { options: (Schema & Shaped)[] }).options;

/** The schema of one move (so messages name its fields: the union as a whole cannot). */
export function moveSchema(action: Exclude<MoveName, 'escalate'>): Schema {
  const schema = MOVE_SCHEMAS.find((o) => (o.shape.action as unknown as { value: string }).value === action);
  if (!schema) throw new Error(`no schema for ${action}`);
  return schema;
}

/** The Chinese labels of a move's fields (the plan's included), from the shared schema's descriptions. */
export function moveLabels(action: Exclude<MoveName, 'escalate'>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (shape: Shaped['shape']) => {
    for (const [key, s] of Object.entries(shape)) {
      const label = s.description ?? s._zod.def.innerType?.description;
      if (label) out[key] = label;
      const inner = s as unknown as Partial<Shaped>;
      if (inner.shape) walk(inner.shape);
    }
  };
  walk((moveSchema(action) as unknown as Shaped).shape);
  return out;
}

// ---- paged hazard lists

/** A list of hazards paged by the API's cursor (see `usePages`). */
export function useHazardPages(fetchPage: (cursor?: string) => Promise<{ hazards: HazardSummary[]; cursor?: string }>, deps: unknown[], enabled = true) {
  return usePages(
    async (cursor?: string) => {
      const page = await fetchPage(cursor);
      return { items: page.hazards, ...(page.cursor ? { cursor: page.cursor } : {}) };
    },
    deps,
    enabled,
  );
}
