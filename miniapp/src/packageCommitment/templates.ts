/**
 * Commitment templates (告知承诺书模板) as the keeper's editor holds them: the letter's text as
 * blocks with a key of their own (a list's items one per line), self-check items keeping their ids
 * (answers refer to them; a new one gets the next free `iN`), and field errors keyed by block and
 * item rather than by position, so an error stays with its field when things move.
 */
import type { BodyOf, CommitmentColour, Industry, ResponseOf, RichBlock } from '@safegrid/shared';

export type Template = ResponseOf<'listCommitmentTemplates'>['templates'][number];
type Body = BodyOf<'publishCommitmentTemplate'>;

export type BlockKind = RichBlock['kind'];
export const BLOCK_KINDS: { value: BlockKind; label: string }[] = [
  { value: 'heading', label: '标题' },
  { value: 'paragraph', label: '段落' },
  { value: 'list', label: '列表' },
];

export interface BlockForm {
  key: string;
  kind: BlockKind;
  /** A heading's or paragraph's text; a list's items, one per line. */
  text: string;
}
export interface ItemForm {
  /** Kept from the template (signed answers refer to it), or made on the phone for a new item. */
  id: string;
  text: string;
  basis: string;
}
export interface TemplateForm {
  title: string;
  colour: CommitmentColour;
  industries: Industry[];
  notice: BlockForm[];
  selfCheck: ItemForm[];
  commitment: BlockForm[];
}
export type Part = 'notice' | 'commitment';

let made = 0;
export const block = (kind: BlockKind = 'paragraph', text = ''): BlockForm => ({ key: `b${++made}`, kind, text });
const blockForm = (b: RichBlock): BlockForm => block(b.kind, b.kind === 'list' ? b.items.join('\n') : b.text);

export const formOf = (t: Template): TemplateForm => ({
  title: t.title,
  colour: t.colour,
  industries: [...t.industries],
  notice: t.notice.map(blockForm),
  selfCheck: t.selfCheck.map((i) => ({ id: i.id, text: i.text, basis: i.basis ?? '' })),
  commitment: t.commitment.map(blockForm),
});

export const emptyForm = (colour: CommitmentColour): TemplateForm => ({
  title: '',
  colour,
  industries: [],
  notice: [block('heading', '安全生产告知书'), block()],
  selfCheck: [{ id: 'i1', text: '', basis: '' }],
  commitment: [block('heading', '安全生产承诺书'), block()],
});

/** A new self-check item's id: the first `iN` no item of the template has. */
export function newItemId(items: ItemForm[]): string {
  const taken = new Set(items.map((i) => i.id));
  let n = items.length + 1;
  while (taken.has(`i${n}`)) n += 1;
  return `i${n}`;
}

/** Move the element at `i` by one place up (-1) or down (1). */
export function moved<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

export function richOf(b: BlockForm): RichBlock {
  return b.kind === 'list' ? { kind: 'list', items: lines(b.text) } : { kind: b.kind, text: b.text.trim() };
}

/** The letter as the owner will read it (the preview), from the form as it stands. */
export function letterOf(f: TemplateForm) {
  return {
    notice: f.notice.map(richOf).filter((b) => (b.kind === 'list' ? b.items.length : b.text)),
    selfCheck: f.selfCheck.filter((i) => i.text.trim()).map((i) => ({ id: i.id, text: i.text.trim(), ...(i.basis.trim() ? { basis: i.basis.trim() } : {}) })),
    commitment: f.commitment.map(richOf).filter((b) => (b.kind === 'list' ? b.items.length : b.text)),
  };
}

/**
 * The body to publish, or the errors found on the phone (a block or item left blank, an industry
 * another template of the district covers), keyed as the form shows them.
 */
export function bodyOf(f: TemplateForm, district: string, id: string, baseVersion: number, others: Template[]): { body?: Body; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const part of ['notice', 'commitment'] as const) {
    for (const b of f[part]) if (!b.text.trim()) errors[`${part}.${b.key}`] = '请填写内容，或删除此段';
  }
  for (const i of f.selfCheck) if (!i.text.trim()) errors[`selfCheck.${i.id}.text`] = '请填写自查内容，或删除此项';
  const taken = f.industries.map((x) => [x, others.find((t) => t.industries.includes(x))] as const).filter(([, t]) => t);
  if (taken.length) errors.industries = taken.map(([x, t]) => `“${x}”已由“${t!.title}”覆盖`).join('；');
  if (Object.keys(errors).length) return { errors };
  const body: Body = {
    id,
    baseVersion,
    district,
    colour: f.colour,
    title: f.title,
    industries: f.industries,
    notice: f.notice.map(richOf),
    selfCheck: f.selfCheck.map((i) => ({ id: i.id, text: i.text, ...(i.basis.trim() ? { basis: i.basis } : {}) })),
    commitment: f.commitment.map(richOf),
  };
  return { body, errors };
}

/** The API's (or the shared schema's) field errors keyed as the form shows them; anything unplaced under `general`. */
export function shownErrors(fields: Record<string, string>, f: TemplateForm): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, m: string) => (out[k] = out[k] ? `${out[k]}；${m}` : m);
  for (const [key, message] of Object.entries(fields)) {
    const inBlock = /^(notice|commitment)\.(\d+)(\.|$)/.exec(key);
    const inItem = /^selfCheck\.(\d+)\.(text|basis)/.exec(key);
    if (inBlock) {
      const b = f[inBlock[1] as Part][Number(inBlock[2])];
      add(b ? `${inBlock[1]}.${b.key}` : inBlock[1]!, message);
    } else if (inItem) {
      const i = f.selfCheck[Number(inItem[1])];
      add(i ? `selfCheck.${i.id}.${inItem[2]}` : 'selfCheck', message);
    } else {
      const top = key.split('.')[0]!;
      add(['title', 'colour', 'industries', 'notice', 'selfCheck', 'commitment'].includes(top) ? top : 'general', message);
    }
  }
  return out;
}
