/**
 * Checklist templates (检查清单模板) as the supervisor's editor holds them: numbers as typed,
 * sections with a key of their own (they have no id), item ids made on the phone, and field errors
 * keyed by section and item rather than by position, so an error stays with its field when things move.
 */
import type { BodyOf, HazardCategory, HazardLevel, Industry, ItemKind, ResponseOf } from '@safegrid/shared';

export type Template = ResponseOf<'listCheckTemplates'>['templates'][number];
type Body = BodyOf<'publishCheckTemplate'>;
type BodyItem = Body['sections'][number]['items'][number];

export const KIND_LABELS: Record<ItemKind, string> = { passfail: '符合/不符合', number: '数值', text: '文字记录', photo: '拍照' };

export const industriesText = (industries: readonly string[]) => (industries.length ? industries.join('、') : '全部行业（通用）');
export const itemCount = (t: Pick<Template, 'sections'>) => t.sections.reduce((n, s) => n + s.items.length, 0);

// ---- the form

export interface ItemForm {
  id: string;
  text: string;
  kind: ItemKind;
  basis: string;
  failLevel: HazardLevel;
  required: boolean;
  min: string;
  max: string;
  unit: string;
}
export interface SectionForm {
  /** React's key: a section is known by its position only, which moves. */
  key: string;
  title: string;
  /** The category its failed items become hazards under; none: 其他. */
  category?: HazardCategory;
  items: ItemForm[];
}
export interface TemplateForm {
  id: string;
  name: string;
  industries: Industry[];
  campaign: string;
  sections: SectionForm[];
}

let sectionsMade = 0;
const sectionKey = () => `sec${++sectionsMade}`;
const typed = (n: number | undefined) => (n === undefined ? '' : String(n));

export function formOf(t: Template): TemplateForm {
  return {
    id: t.id,
    name: t.name,
    industries: [...t.industries],
    campaign: t.campaign ?? '',
    sections: t.sections.map((s) => ({
      key: sectionKey(),
      title: s.title,
      ...(s.category ? { category: s.category } : {}),
      items: s.items.map((i) => ({ id: i.id, text: i.text, kind: i.kind, basis: i.basis ?? '', failLevel: i.failLevel, required: i.required, min: typed(i.min), max: typed(i.max), unit: i.unit ?? '' })),
    })),
  };
}

const emptyItem = (id: string): ItemForm => ({ id, text: '', kind: 'passfail', basis: '', failLevel: '一般', required: true, min: '', max: '', unit: '' });

export function emptyForm(): TemplateForm {
  return { id: '', name: '', industries: [], campaign: '', sections: [{ key: sectionKey(), title: '', items: [emptyItem('s1-1')] }] };
}

/**
 * A new item's id: `s<section>-<n>`, n from the section's next position up until no item of the
 * template has it. Ids stay with their items (answers refer to them), so they never follow a move.
 */
function newItemId(f: TemplateForm, section: number): string {
  const taken = new Set(f.sections.flatMap((s) => s.items.map((i) => i.id)));
  let n = (f.sections[section]?.items.length ?? 0) + 1;
  while (taken.has(`s${section + 1}-${n}`)) n += 1;
  return `s${section + 1}-${n}`;
}

export function withItem(f: TemplateForm, section: number): TemplateForm {
  const id = newItemId(f, section);
  return { ...f, sections: f.sections.map((s, i) => (i === section ? { ...s, items: [...s.items, emptyItem(id)] } : s)) };
}

export function withSection(f: TemplateForm): TemplateForm {
  const items = [emptyItem(newItemId(f, f.sections.length))];
  return { ...f, sections: [...f.sections, { key: sectionKey(), title: '', items }] };
}

/** The list with the element at `i` moved by `by` (−1 up, +1 down); unchanged at either end. */
export function moved<T>(list: T[], i: number, by: -1 | 1): T[] {
  const j = i + by;
  if (j < 0 || j >= list.length) return list;
  const out = [...list];
  [out[i], out[j]] = [out[j]!, out[i]!];
  return out;
}

// ---- as the API takes it

/**
 * The body to publish, or the limits that are not numbers (keyed as the API keys fields). Only a
 * number item keeps its range and unit; the rest of the checks are the shared schema's, run by `call`.
 */
export function bodyOf(f: TemplateForm, district: string, baseVersion: number): { body?: Body; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const number = (key: string, text: string) => {
    if (!text.trim()) return undefined;
    const n = Number(text.trim());
    if (!Number.isFinite(n)) errors[key] = '请填写数字';
    return n;
  };
  const body: Body = {
    district,
    id: f.id.trim(),
    baseVersion,
    name: f.name.trim(),
    industries: f.industries,
    ...(f.campaign.trim() ? { campaign: f.campaign.trim() } : {}),
    sections: f.sections.map((s, i) => ({
      title: s.title.trim(),
      ...(s.category ? { category: s.category } : {}),
      items: s.items.map((item, j) => {
        const out: BodyItem = { id: item.id, text: item.text.trim(), kind: item.kind, failLevel: item.failLevel, required: item.required };
        if (item.basis.trim()) out.basis = item.basis.trim();
        if (item.kind !== 'number') return out;
        const at = `sections.${i}.items.${j}`;
        const min = number(`${at}.min`, item.min);
        const max = number(`${at}.max`, item.max);
        if (min !== undefined) out.min = min;
        if (max !== undefined) out.max = max;
        if (min !== undefined && max !== undefined && min > max) errors[`${at}.max`] = '最大值不能小于最小值';
        if (item.unit.trim()) out.unit = item.unit.trim();
        return out;
      }),
    })),
  };
  return Object.keys(errors).length ? { errors } : { body, errors };
}

/** Item fields with a place of their own in the editor; an item's other errors show at its foot. */
const ITEM_FIELDS = ['text', 'basis', 'min', 'max', 'unit'];
const TEMPLATE_FIELDS = ['id', 'name', 'industries', 'campaign'];

/**
 * The API's (or the shared schema's) field errors keyed as the editor shows them:
 * `sections.1.items.2.text` → `item.<id>.text` (`item.<id>` for a field without a place),
 * `sections.1.title` → `section.<key>.title`, `sections.1.items` → `section.<key>.items`;
 * `name`, `industries.0` … under their own name; whatever has no place goes to `general`.
 */
export function shownErrors(fields: Record<string, string>, f: TemplateForm): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, message: string) => {
    if (!out[k]?.includes(message)) out[k] = out[k] ? `${out[k]}；${message}` : message;
  };
  for (const [key, message] of Object.entries(fields)) {
    const m = /^sections\.(\d+)(?:\.(\w+)(?:\.(\d+)(?:\.(\w+))?)?)?/.exec(key);
    const section = m ? f.sections[Number(m[1])] : undefined;
    const item = m?.[3] !== undefined ? section?.items[Number(m[3])] : undefined;
    const top = key.split('.')[0]!;
    if (item) add(ITEM_FIELDS.includes(m![4] ?? '') ? `item.${item.id}.${m![4]}` : `item.${item.id}`, message);
    else if (section) add(`section.${section.key}.${m![2] === 'title' ? 'title' : 'items'}`, message);
    else if (TEMPLATE_FIELDS.includes(top)) add(top, message);
    else add('general', message);
  }
  return out;
}
