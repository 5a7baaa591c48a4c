/**
 * 十条红线 as the keeper's editor holds them: lists of lines as typed (each with a key of its own, so
 * an error stays with its line when another is removed), enterprises as picked (id and name), and
 * the owner's phone blank when the API showed it masked (leave it blank to keep it).
 */
import { canReachArea, type BodyOf, type RedLineView, type Role, type UserView } from '@safegrid/shared';
import type { Picked } from '../components/Picker';

export interface Line {
  key: string;
  text: string;
}
export interface RedLineForm {
  title: string;
  factors: Line[];
  enterprises: Picked[];
  ownerName: string;
  ownerPhone: string;
  measures: Line[];
}
type Fields = Omit<BodyOf<'createRedLine'>, 'id'>;

let made = 0;
export const line = (text = ''): Line => ({ key: `l${++made}`, text });

export const emptyForm = (): RedLineForm => ({ title: '', factors: [line()], enterprises: [], ownerName: '', ownerPhone: '', measures: [line()] });

/** A phone as the API showed it to someone who sees phones masked (admins). */
export const isMasked = (phone: string | undefined) => !!phone && phone.includes('*');

export function formOf(r: RedLineView): RedLineForm {
  return {
    title: r.title,
    factors: r.factors.map((t) => line(t)),
    enterprises: r.enterprises.map((e) => ({ id: e.id, name: e.name })),
    ownerName: r.ownerName,
    ownerPhone: isMasked(r.ownerPhone) ? '' : (r.ownerPhone ?? ''),
    measures: r.measures.map((t) => line(t)),
  };
}

/** Who keeps the red lines of an area: a supervisor or admin (in the active role) whose area holds it. */
export function keeps(user: UserView | undefined, role: Role | undefined, area: string): boolean {
  if (!user || (role !== 'supervisor' && role !== 'admin')) return false;
  return canReachArea({ userId: user.id, grants: user.grants.filter((g) => g.role === role) }, area, role);
}

/**
 * The form as the API's fields, or the errors found on the phone (a line left blank), keyed as the
 * form shows them: `factors.<key>`, `measures.<key>`.
 */
export function fieldsOf(f: RedLineForm, area: string): { fields?: Fields; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  for (const list of ['factors', 'measures'] as const) {
    for (const l of f[list]) if (!l.text.trim()) errors[`${list}.${l.key}`] = '请填写，或删除此行';
  }
  if (Object.keys(errors).length) return { errors };
  const phone = f.ownerPhone.trim();
  return {
    errors,
    fields: {
      area,
      title: f.title,
      factors: f.factors.map((l) => l.text),
      enterpriseIds: f.enterprises.map((e) => e.id),
      ownerName: f.ownerName,
      ...(phone ? { ownerPhone: phone } : {}),
      measures: f.measures.map((l) => l.text),
    },
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What an edit changes: only the fields that differ from the red line as loaded (a blank phone keeps the one on file). */
export function changesOf(fields: Fields, before: RedLineView): Partial<Fields> {
  const was: Fields = { ...fieldsOf(formOf(before), before.area).fields!, ...(before.ownerPhone ? { ownerPhone: before.ownerPhone } : {}) };
  const out: Partial<Fields> = {};
  for (const k of ['title', 'factors', 'enterpriseIds', 'ownerName', 'ownerPhone', 'measures'] as const) {
    if (fields[k] !== undefined && !same(fields[k], was[k])) (out as Record<string, unknown>)[k] = fields[k];
  }
  return out;
}

/**
 * The API's (or the shared schema's) field errors keyed as the form shows them: `changes.` dropped,
 * a line's index turned into its key, an enterprise's into the picker; anything else under `general`.
 */
export function shownErrors(fields: Record<string, string>, f: RedLineForm): Record<string, string> {
  const out: Record<string, string> = {};
  const add = (k: string, m: string) => (out[k] = out[k] ? `${out[k]}；${m}` : m);
  for (const [raw, message] of Object.entries(fields)) {
    const key = raw.replace(/^changes\./, '');
    const item = /^(factors|measures)\.(\d+)$/.exec(key);
    const enterprise = /^enterpriseIds\.(\d+)$/.exec(key);
    if (item) {
      const l = f[item[1] as 'factors' | 'measures'][Number(item[2])];
      add(l ? `${item[1]}.${l.key}` : item[1]!, message);
    } else if (enterprise) {
      const e = f.enterprises[Number(enterprise[1])];
      add('enterpriseIds', e ? `${e.name}：${message.replace(/^[^：]*：/, '')}` : message);
    } else if (['title', 'factors', 'enterpriseIds', 'ownerName', 'ownerPhone', 'measures'].includes(key)) add(key, message);
    else add('general', message);
  }
  return out;
}
