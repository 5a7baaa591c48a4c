/**
 * The census spreadsheet's columns: Chinese headers (the ledger's field labels), how a cell
 * becomes a field and a field a cell. Import and export use the same columns, so an exported
 * sheet can be corrected and imported again.
 */
import {
  ENTERPRISE_FIELD_LABELS,
  ENTERPRISE_KINDS,
  ENTERPRISE_STATUSES,
  INDUSTRIES,
  NewEnterpriseFields,
  RISK_CLASSES,
  SPECIAL_TAGS,
  maskPhone,
  orgCodeCheckChar,
  usccCheckChar,
  validate,
  type Contact,
  type Enterprise,
  type EnterpriseField,
  type EnterpriseFields,
} from '@safegrid/shared';
import type { CellValue } from '../lib/xlsx-write';

type Kind = 'text' | 'number' | 'enum' | 'tags' | 'contact' | 'contacts';
export interface Column {
  field: EnterpriseField;
  label: string;
  kind: Kind;
  required: boolean;
  width: number;
  options?: readonly string[];
  doc: string;
  example: CellValue;
}

const L = ENTERPRISE_FIELD_LABELS;
/** The template's example code: both check characters right, so the example row imports as it is. */
const EXAMPLE_USCC = ((first17) => first17 + usccCheckChar(first17))(`91370911MA3EXAMP${orgCodeCheckChar('MA3EXAMP')}`);
const col = (field: EnterpriseField, kind: Kind, required: boolean, width: number, doc: string, example: CellValue, options?: readonly string[]): Column => ({
  field,
  label: L[field],
  kind,
  required,
  width,
  doc,
  example,
  ...(options ? { options } : {}),
});

export const COLUMNS: Column[] = [
  col('uscc', 'text', false, 22, '18位统一社会信用代码，企业必须填写；个体工商户没有的可留空（此时以“名称+地址”识别同一企业）', EXAMPLE_USCC),
  col('name', 'text', true, 28, '营业执照上的名称，不超过100个字', '泰安市示例机械制造有限公司'),
  col('kind', 'enum', true, 10, '企业或个体工商户', '企业', ENTERPRISE_KINDS),
  col('address', 'text', true, 32, '经营地址，不超过200个字', '泰安高新区示例路1号'),
  col('lng', 'number', true, 12, '经度（数字，73到136之间），如 117.123456', 117.123456),
  col('lat', 'number', true, 12, '纬度（数字，3到54之间），如 36.123456', 36.123456),
  col('area', 'text', true, 36, '企业所在的网格或微网格：填区域编号（如 370911/s1/c1/g1/m1）或区域名称（名称须唯一）', '370911/s1/c1/g1/m1'),
  col('industry', 'enum', true, 10, '行业', '工贸', INDUSTRIES),
  col('riskClass', 'enum', true, 10, '风险等级', 'B', RISK_CLASSES),
  col('tags', 'tags', false, 20, '特殊标签，可多个，用顿号“、”分隔；没有可留空', '有限空间、涉爆粉尘', SPECIAL_TAGS),
  col('status', 'enum', true, 10, '经营状态', '在营', ENTERPRISE_STATUSES),
  col('legalRepresentative', 'text', true, 12, '法定代表人或经营者姓名', '张三'),
  col('safetyManager', 'contact', false, 24, '“姓名 电话”，可在后面加职务，用空格分隔；没有可留空', '李四 13900000001 安全员'),
  col('contacts', 'contacts', false, 36, '联系人，每位写“姓名 电话”（可加职务），多位用分号“；”分隔，最多10位', '王五 13900000002；赵六 13900000003 经理'),
  col('employees', 'number', true, 10, '从业人数（整数）', 35),
  col('guaranteeLeaderId', 'text', false, 16, '包保责任人的用户编号；可留空', ''),
];
export const HEADERS = COLUMNS.map((c) => c.label);

/** Header text as typed: spaces and a required-mark asterisk do not matter. */
const normHeader = (v: CellValue | undefined) => String(v ?? '').replace(/[\s*＊]/g, '');

/** The header may sit below a title or a note: it is looked for among this many non-blank rows. */
export const HEADER_SEARCH_ROWS = 10;

/** How many of the known headers a row holds: the header row is the one with the most. */
export const headerScore = (cells: (CellValue | undefined)[]) => new Set(cells.map(normHeader).filter((h) => HEADERS.includes(h))).size;

export type HeaderMap = { ok: true; at: Map<number, Column>; ignored: string[] } | { ok: false; error: string };

/**
 * Which column of the sheet holds each field, and the columns ignored (a 备注 column someone
 * added); or, when a required column is missing or a known one repeats, what is wrong with the
 * header row, named by its own row number in the sheet.
 */
export function mapHeaders(cells: (CellValue | undefined)[], row: number): HeaderMap {
  const at = new Map<number, Column>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  const seen = new Set<string>();
  cells.forEach((cell, i) => {
    const h = normHeader(cell);
    if (!h) return;
    const c = COLUMNS.find((x) => x.label === h);
    if (!c) unknown.push(h);
    else if (seen.has(h)) repeated.push(h);
    else seen.add(h), at.set(i, c);
  });
  const missing = COLUMNS.filter((c) => (c.required || c.kind === 'tags' || c.kind === 'contacts') && !seen.has(c.label)).map((c) => c.label);
  if (missing.length || repeated.length) {
    // The unknown columns are named too: a misspelt header is usually why one is missing.
    const parts = [
      ...(missing.length ? [`缺少列：${missing.join('、')}`] : []),
      ...(repeated.length ? [`重复的列：${repeated.join('、')}`] : []),
      ...(unknown.length ? [`无法识别的列：${unknown.slice(0, 10).join('、')}`] : []),
    ];
    return { ok: false, error: `表头不正确（第${row}行应为：${HEADERS.join('、')}）。${parts.join('；')}。请下载导入模板，按模板填写后重新上传` };
  }
  return { ok: true, at, ignored: unknown };
}

const PHONE = /^1[3-9]\d{9}$/;
const text = (v: CellValue) => String(v).trim();

function parseContact(s: string): Contact | undefined {
  const tokens = s.split(/\s+/).filter(Boolean);
  const i = tokens.findIndex((t) => PHONE.test(t));
  if (i <= 0) return undefined;
  const title = tokens.slice(i + 1).join(' ');
  return { name: tokens.slice(0, i).join(' '), phone: tokens[i]!, ...(title ? { title } : {}) };
}

/** One cell → the field's value, or a reason in Chinese. */
function convert(c: Column, v: CellValue): { value: unknown } | { error: string } {
  switch (c.kind) {
    case 'text': {
      const s = text(v);
      return { value: s };
    }
    case 'number': {
      if (typeof v === 'number') return { value: v };
      const s = text(v).replace(/,/g, '');
      return /^-?\d+(\.\d+)?$/.test(s) ? { value: Number(s) } : { error: `${c.label}：应为数字` };
    }
    case 'enum': {
      const s = text(v);
      return c.options!.includes(s) ? { value: s } : { error: `${c.label}：“${s}”不是可选值，应为 ${c.options!.join('、')} 之一` };
    }
    case 'tags': {
      const tags = text(v).split(/[、,，;；\s]+/).filter(Boolean);
      const bad = tags.filter((t) => !c.options!.includes(t));
      return bad.length ? { error: `${c.label}：“${bad.join('、')}”不是可选标签，可选：${c.options!.join('、')}` } : { value: tags };
    }
    case 'contact': {
      const contact = parseContact(text(v));
      return contact ? { value: contact } : { error: `${c.label}：应写成“姓名 电话”，如“李四 13900000001”` };
    }
    case 'contacts': {
      const parts = text(v).split(/[；;\n]+/).map((s) => s.trim()).filter(Boolean);
      const contacts = parts.map(parseContact);
      const bad = contacts.findIndex((x) => !x);
      if (bad >= 0) return { error: `${c.label}：第${bad + 1}位应写成“姓名 电话”，多位用分号“；”分隔` };
      return { value: contacts };
    }
  }
}

export type RowResult = { ok: true; fields: EnterpriseFields } | { ok: false; reasons: Record<string, string> };

/** A data row → the fields of a file, checked with the shared schema; `area` is resolved by the caller first. */
export function parseRow(cells: (CellValue | undefined)[], at: Map<number, Column>, area?: (raw: string) => { path: string } | { error: string }): RowResult {
  const raw: Record<string, unknown> = { tags: [], contacts: [] };
  const reasons: Record<string, string> = {};
  for (const [i, c] of at) {
    const v = cells[i];
    if (v === undefined || text(v) === '') {
      if (c.required) reasons[c.field] = `${c.label}：不能为空`;
      continue;
    }
    const r = convert(c, v);
    if ('error' in r) reasons[c.field] = r.error;
    else raw[c.field] = r.value;
  }
  if (typeof raw.area === 'string' && area) {
    const r = area(raw.area);
    if ('error' in r) reasons.area = `${L.area}：${r.error}`;
    else raw.area = r.path;
  }
  // The API's rules for a new file (a 企业 must have a credit code; codes are upper-cased), so a row and a form agree.
  const checked = validate(NewEnterpriseFields, raw);
  if (!checked.ok) {
    for (const [key, message] of Object.entries(checked.fields)) {
      const top = key.split('.')[0]!;
      if (!(top in reasons) && !(key in reasons)) reasons[key] = message;
    }
  }
  if (Object.keys(reasons).length || !checked.ok) return { ok: false, reasons };
  return { ok: true, fields: checked.data };
}

/** Is this row empty (a spacer row Excel leaves behind)? */
export const isBlank = (cells: (CellValue | undefined)[]) => cells.every((v) => v === undefined || text(v) === '');

const contactCell = (c: Contact, mask: boolean) => [c.name, mask ? maskPhone(c.phone) : c.phone, c.title].filter(Boolean).join(' ');

/** A file → its row in the census layout (phones masked for readers who see them masked). */
export function formatRow(e: Enterprise, maskPhones: boolean): (CellValue | undefined)[] {
  return COLUMNS.map((c) => {
    const v = e[c.field];
    if (v === undefined || v === null) return undefined;
    if (c.kind === 'tags') return (v as string[]).join('、');
    if (c.kind === 'contact') return contactCell(v as Contact, maskPhones);
    if (c.kind === 'contacts') return (v as Contact[]).map((x) => contactCell(x, maskPhones)).join('；');
    return v as CellValue;
  });
}

/** The template's second sheet: every column, whether required, what to write, allowed values. */
export function documentationRows(): CellValue[][] {
  return [
    ['列名', '是否必填', '填写说明', '可选值'],
    ...COLUMNS.map((c) => [c.label, c.required ? '必填' : '选填', c.doc, c.options ? c.options.join('、') : '']),
    [],
    ['说明', '', '第1行为表头，请勿修改列名（表头上方可以有标题行，模板以外的列如“备注”不会导入）；从第2行起每行一家企业（第2行是示例，导入前请删除）。同一企业（统一社会信用代码相同，或无代码时名称和地址相同）重复导入只会更新有变化的内容。', ''],
  ];
}
