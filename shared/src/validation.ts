import * as z from 'zod';
import { zhCN } from 'zod/locales';

z.config(zhCN());

/** Chinese names of request fields, so every message says which field is wrong. */
export const FIELD_LABELS: Record<string, string> = {
  code: '编码',
  id: '编号',
  userId: '用户',
  name: '名称',
  phone: '手机号',
  parent: '上级区域',
  area: '区域',
  level: '级别',
  grants: '角色',
  role: '角色',
  enterpriseId: '企业',
  uscc: '统一社会信用代码',
  path: '区域',
  cursor: '分页标记',
  limit: '每页条数',
  coordinates: '边界坐标',
};

export type ValidationResult<T> = { ok: true; data: T } | { ok: false; fields: Record<string, string> };

function fieldKey(path: PropertyKey[]): string {
  return path.length === 0 ? 'body' : path.map(String).join('.');
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * The schema at a path, descending through optional, default and pipe wrappers; in a union,
 * the option the input itself parses as (or else the first that has the field).
 */
function schemaAt(schema: z.ZodType | undefined, path: PropertyKey[], input: unknown): z.ZodType | undefined {
  let current = schema;
  let value = input;
  for (let i = 0; current && i < path.length; ) {
    const def = defOf(current);
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.options) {
      const key = String(path[i]);
      const withField = def.options.filter((o) => defOf(o).shape?.[key]);
      current = withField.find((o) => discriminatorMatches(o, value)) ?? withField[0];
    } else if (def.shape) {
      const key = String(path[i++]);
      current = def.shape[key];
      value = (value as Record<string, unknown> | undefined)?.[key];
    } else if (def.element) {
      current = def.element;
      value = (value as unknown[] | undefined)?.[Number(path[i++])];
    } else return undefined;
  }
  return current;
}

/** Does the input carry the literal value one of the option's literal fields demands? */
function discriminatorMatches(option: z.ZodType, value: unknown): boolean {
  const shape = defOf(option).shape ?? {};
  return Object.entries(shape).some(([k, field]) => {
    const literal = (defOf(field) as { values?: unknown[] }).values;
    return defOf(field).type === 'literal' && literal !== undefined && literal.includes((value as Record<string, unknown> | undefined)?.[k]);
  });
}

/** The description on a schema or on any wrapper inside it (`.describe()` may sit either side of `.optional()`). */
function descriptionOf(schema: z.ZodType | undefined): string | undefined {
  for (let current = schema; current; ) {
    if (current.description) return current.description;
    const def = defOf(current);
    current = def.innerType ?? (def.type === 'pipe' ? def.in : undefined);
  }
  return undefined;
}

/** A field's Chinese name: the schema's own `.describe()` first, then the shared table. */
function labelOf(schema: z.ZodType, path: PropertyKey[], input: unknown): string {
  const described = descriptionOf(schemaAt(schema, path, input));
  if (described) return described;
  const named = [...path].reverse().find((p) => typeof p === 'string') as string | undefined;
  return (named && FIELD_LABELS[named]) ?? named ?? '请求内容';
}

/** Parse with the shared schema; on failure, one Chinese message per field, naming it. */
export function validate<T>(schema: z.ZodType<T>, input: unknown): ValidationResult<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        fields[fieldKey([...issue.path, key])] = `不支持的字段“${key}”，请删除后重试`;
      }
      continue;
    }
    const key = fieldKey(issue.path);
    fields[key] ??= `${labelOf(schema, issue.path, input)}：${issue.message}`;
  }
  return { ok: false, fields };
}
