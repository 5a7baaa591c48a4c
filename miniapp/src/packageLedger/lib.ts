import {
  CLEARABLE_FIELDS,
  ENTERPRISE_FIELD_LABELS,
  validate,
  type EnterpriseField,
  type EnterpriseFields,
  type EnterpriseView,
  type GrantView,
  type HistoryEntry,
  type Role,
  type UserView,
} from '@safegrid/shared';
import type { ENTERPRISE_KINDS, ENTERPRISE_STATUSES, INDUSTRIES, RISK_CLASSES, SPECIAL_TAGS } from '@safegrid/shared';

export type Kind = (typeof ENTERPRISE_KINDS)[number];
export type Industry = (typeof INDUSTRIES)[number];
export type RiskClass = (typeof RISK_CLASSES)[number];
export type Tag = (typeof SPECIAL_TAGS)[number];
export type Status = (typeof ENTERPRISE_STATUSES)[number];

/** The fields the form edits; photos are added and removed on the detail page. */
export type FormField = Exclude<EnterpriseField, 'photos'>;
export const FIELD_ORDER = (Object.keys(ENTERPRISE_FIELD_LABELS) as EnterpriseField[]).filter((f): f is FormField => f !== 'photos');
export const label = (field: EnterpriseField): string => ENTERPRISE_FIELD_LABELS[field];

/** Roles that import the census ledger (普查台账) from Excel. */
export const IMPORTERS: Role[] = ['supervisor', 'admin'];

/** A rejected import row as lines “第 N 行：字段：原因” (the reason may already start with its field's label). */
export function rejectedText(r: { row: number; reasons: Record<string, string> }): string[] {
  return Object.entries(r.reasons).map(([key, reason]) => {
    const top = key.split('.')[0] as EnterpriseField;
    const labelled = /^[^：，。]{1,24}：/.test(reason);
    return `第 ${r.row} 行：${labelled ? reason : `${ENTERPRISE_FIELD_LABELS[top] ?? key}：${reason}`}`;
  });
}

export const HISTORY_KIND_LABELS: Record<HistoryEntry['kind'], string> = {
  create: '新建',
  update: '修改',
  verify: '核实',
  import: '导入',
};

/** The area grants of the user's active role, first one first. */
export function areaGrants(user: UserView, role: Role | undefined): GrantView[] {
  return user.grants.filter((g) => g.role === role && g.area);
}

/** Where to look for a guarantee leader: the user's area that holds the file's grid, else their first. */
export function leaderSearchArea(user: UserView, role: Role | undefined, area: string): string {
  const mine = areaGrants(user, role).map((g) => g.area!);
  return mine.find((a) => area === a || area.startsWith(`${a}/`)) ?? mine[0] ?? '';
}

/** Roles that may add a business found in the grid. */
export const CREATORS: Role[] = ['gridworker', 'supervisor', 'admin'];

// ---- the form

export interface ContactForm {
  name: string;
  phone: string;
  title: string;
}
export interface FormState {
  uscc: string;
  name: string;
  kind?: Kind;
  address: string;
  lng: string;
  lat: string;
  area: string;
  /** The chosen grid's name, shown for it (the API takes the path). */
  areaName: string;
  industry?: Industry;
  riskClass?: RiskClass;
  tags: Tag[];
  status?: Status;
  legalRepresentative: string;
  safetyManager: ContactForm;
  contacts: ContactForm[];
  employees: string;
  guaranteeLeaderId: string;
  /** Shown for the leader picked (never sent: the API takes the id). */
  guaranteeLeaderName: string;
}

export const emptyContact = (): ContactForm => ({ name: '', phone: '', title: '' });

export function emptyForm(area = ''): FormState {
  return {
    uscc: '',
    name: '',
    kind: '企业',
    address: '',
    lng: '',
    lat: '',
    area,
    areaName: '',
    industry: undefined,
    riskClass: undefined,
    tags: [],
    status: '在营',
    legalRepresentative: '',
    safetyManager: emptyContact(),
    contacts: [emptyContact()],
    employees: '',
    guaranteeLeaderId: '',
    guaranteeLeaderName: '',
  };
}

const contactForm = (c?: { name: string; phone: string; title?: string }): ContactForm => ({
  name: c?.name ?? '',
  phone: c?.phone ?? '',
  title: c?.title ?? '',
});

export function formOf(e: EnterpriseView): FormState {
  return {
    uscc: e.uscc ?? '',
    name: e.name,
    kind: e.kind,
    address: e.address,
    lng: String(e.lng),
    lat: String(e.lat),
    area: e.area,
    areaName: e.areaName ?? '',
    industry: e.industry,
    riskClass: e.riskClass,
    tags: [...e.tags],
    status: e.status,
    legalRepresentative: e.legalRepresentative,
    safetyManager: contactForm(e.safetyManager),
    contacts: e.contacts.map(contactForm),
    employees: String(e.employees),
    guaranteeLeaderId: e.guaranteeLeaderId ?? '',
    guaranteeLeaderName: e.guaranteeLeaderName ?? '',
  };
}

const num = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));
const contactValue = (c: ContactForm) => ({ name: c.name, phone: c.phone.trim(), ...(c.title.trim() ? { title: c.title } : {}) });
const blank = (c: ContactForm) => !c.name.trim() && !c.phone.trim() && !c.title.trim();

/** The form as the API's fields; an empty optional field is left out. */
export function fieldValue(form: FormState, field: FormField): unknown {
  switch (field) {
    case 'uscc':
      return form.uscc.trim() ? form.uscc.trim().toUpperCase() : undefined;
    case 'lng':
    case 'lat':
    case 'employees':
      return num(form[field]);
    case 'safetyManager':
      return blank(form.safetyManager) ? undefined : contactValue(form.safetyManager);
    case 'contacts':
      return form.contacts.filter((c) => !blank(c)).map(contactValue);
    case 'guaranteeLeaderId':
      return form.guaranteeLeaderId.trim() || undefined;
    default:
      return form[field];
  }
}

export function fieldsOf(form: FormState, fields: readonly FormField[]): Partial<EnterpriseFields> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = fieldValue(form, f);
    if (v !== undefined) out[f] = v;
  }
  return out as Partial<EnterpriseFields>;
}

/** The fields whose value differs from the file's; an emptied clearable field is sent as null (clear it). */
export function changesOf(form: FormState, original: EnterpriseView, fields: readonly FormField[]): Record<string, unknown> {
  const before = formOf(original);
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const now = fieldValue(form, f);
    const was = fieldValue(before, f);
    if (now === undefined) {
      if (was !== undefined && (CLEARABLE_FIELDS as readonly string[]).includes(f)) out[f] = null;
      continue;
    }
    if (JSON.stringify(now) !== JSON.stringify(was)) out[f] = now;
  }
  return out;
}

/** Field errors keyed as the form shows them (`name`, `contacts.0.phone`), whatever wrapper the body had. */
export function formErrors(fields: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!fields) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) out[k.replace(/^changes\./, '')] ??= v;
  return out;
}

const CHOSEN: FormField[] = ['kind', 'industry', 'riskClass', 'status'];
/** Validate with the shared schema; a field left empty gets a plain “请填写 / 请选择”. */
export function checkForm(schema: unknown, body: unknown, form: FormState, fields: readonly FormField[]): Record<string, string> | undefined {
  const result = validate(schema as Parameters<typeof validate>[0], body);
  if (result.ok) return undefined;
  const errors = formErrors(result.fields)!;
  for (const f of fields) {
    if (!errors[f]) continue;
    const value = form[f];
    if (value === undefined || value === '') errors[f] = `${label(f)}：${CHOSEN.includes(f) ? '请选择' : '请填写'}`;
  }
  return errors;
}
