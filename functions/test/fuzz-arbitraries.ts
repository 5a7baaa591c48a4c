/**
 * fast-check arbitraries of hostile requests, derived from a route's zod schemas: a value that
 * looks valid (walked from the zod 4 definition), then mutated — a required field dropped, an
 * unknown one added, a field swapped for something hostile — plus raw bodies no schema describes.
 */
import fc from 'fast-check';
import type * as z from 'zod';

interface Check {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  format?: string;
  pattern?: RegExp;
  value?: number;
  inclusive?: boolean;
}
interface Def {
  type: string;
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: Check } }[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  items?: z.ZodType[];
  getter?: () => z.ZodType;
}
const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;
const checksOf = (def: Def): Check[] => [
  ...(def.format ? [{ check: 'string_format', format: def.format, ...(def.pattern ? { pattern: def.pattern } : {}) }] : []),
  ...(def.checks ?? []).map((c) => c._zod.def),
];
const isOptional = (schema: z.ZodType) => (schema as unknown as { _zod: { optin?: string } })._zod.optin === 'optional';

/** Hostile leaves: each chosen because it has broken a parser, a key builder or a renderer somewhere. */
export const HOSTILE_STRINGS = [
  '',
  ' ',
  '😀👨‍👩‍👧‍👦🏳️‍🌈',
  '\u202Egnp.exe',
  'a\u0000b',
  '\u0000',
  '\uD800',
  '\uDFFFx\uD83D',
  '\u200B\u200C\u200D\uFEFF',
  '\u0301\u0301\u0301',
  '../../etc/passwd',
  '..%2F..%2Fetc',
  'CHILDREN#ROOT',
  '#',
  '370911/#x',
  '370911/',
  '%00',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  "'; DROP TABLE t; --",
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-0',
  '1e400',
  '0x10',
  'null',
  'undefined',
  'true',
  '2026-02-30',
  '9999-12-31T23:59:59Z',
  '测试'.repeat(600),
  'x'.repeat(5_000),
];
export const HUGE_STRING = 'ß'.repeat(100_000);
export const HOSTILE_NUMBERS = [-0, 0, -1, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, Number.MIN_SAFE_INTEGER - 2, 0.1, 1.5, 2 ** 31, 2 ** 32 + 1, 5e-324];

function deepNest(levels: number, kind: 'array' | 'object'): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** Any hostile value, of any type: what a "swap a field's type" mutation puts in. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom<unknown>(null, true, false, {}, [], [null], { '': '' }, { __proto__: { admin: true } }),
  fc.constant(HUGE_STRING),
  fc.constant(deepNest(1000, 'array')),
  fc.constant(deepNest(1000, 'object')),
  fc.constant(Array.from({ length: 10_000 }, (_, i) => i)),
  fc.constant(Array.from({ length: 10_000 }, () => '测')),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.double(),
  fc.jsonValue({ maxDepth: 3 }),
);

/** A string that a query string or a path segment can carry: no type but text. */
export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.constant(HUGE_STRING),
  fc.constantFrom(...HOSTILE_NUMBERS.map(String)),
  fc.constantFrom('-1', '1e308', String(Number.MAX_SAFE_INTEGER + 2), '1.5', 'abc', '[]', '{}', 'a,b'),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

function stringArb(schema: z.ZodType, def: Def, samples: readonly string[]): fc.Arbitrary<string> {
  let min = 0;
  let max = 24;
  let declaredMax = Infinity;
  let pattern: RegExp | undefined;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') min = c.minimum!;
    if (c.check === 'max_length') declaredMax = c.maximum!;
    if (c.check === 'length_equals') min = declaredMax = c.length!;
    if (c.check === 'string_format' && c.pattern) pattern = c.pattern;
  }
  max = Math.min(Math.max(min, max), declaredMax);
  const generated = pattern
    ? fc.stringMatching(pattern).filter((s) => s.length >= min && s.length <= declaredMax)
    : fc.string({ unit: fc.constantFrom(...'安全网格企业隐患abcXYZ019-_ '), minLength: min, maxLength: max });
  // Values of the fixture (ids, area paths) reach records, so the use cases run past "not found".
  const known = samples.filter((s) => schema.safeParse(s).success);
  return known.length ? fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 2 }, { arbitrary: generated, weight: 1 }) : generated;
}

function numberArb(def: Def): fc.Arbitrary<number> {
  let min = -1e6;
  let max = 1e6;
  let integer = false;
  let minOpen = false;
  let maxOpen = false;
  for (const c of checksOf(def)) {
    if (c.check === 'number_format' || c.format === 'safeint' || c.format === 'int32') integer = true;
    if (c.check === 'greater_than') (min = c.value!), (minOpen = !c.inclusive);
    if (c.check === 'less_than') (max = c.value!), (maxOpen = !c.inclusive);
  }
  if (integer) return fc.integer({ min: Math.ceil(min) + (minOpen && Number.isInteger(min) ? 1 : 0), max: Math.floor(max) - (maxOpen && Number.isInteger(max) ? 1 : 0) });
  return fc.double({ min, max, minExcluded: minOpen, maxExcluded: maxOpen, noNaN: true, noDefaultInfinity: true });
}

function lengthBounds(def: Def): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = 3;
  for (const c of checksOf(def)) {
    if (c.check === 'min_length') minLength = c.minimum!;
    if (c.check === 'max_length') maxLength = Math.min(maxLength, c.maximum!);
    if (c.check === 'length_equals') minLength = maxLength = c.length!;
  }
  return { minLength, maxLength: Math.max(minLength, maxLength) };
}

/** A value that looks valid for the schema (refinements aside), biased towards the fixture's own strings. */
export function validLooking(schema: z.ZodType, samples: readonly string[], depth = 0): fc.Arbitrary<unknown> {
  const def = defOf(schema);
  if (depth > 8) return fc.constant(undefined);
  const inner = (s: z.ZodType) => validLooking(s, samples, depth + 1);
  switch (def.type) {
    case 'string':
      return stringArb(schema, def, samples);
    case 'number':
    case 'int':
      return numberArb(def);
    case 'bigint':
      return fc.bigInt();
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries!));
    case 'literal':
      return fc.constantFrom(...def.values!);
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(inner(def.element!), lengthBounds(def));
    case 'tuple':
      return fc.tuple(...def.items!.map(inner));
    case 'object': {
      const shape = def.shape!;
      const requiredKeys = Object.keys(shape).filter((k) => !isOptional(shape[k]!));
      return fc.record(Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, inner(s)])), { requiredKeys });
    }
    case 'record':
      return fc.dictionary(inner(def.keyType!) as fc.Arbitrary<string>, inner(def.valueType!), { maxKeys: 3 });
    case 'union':
      return fc.oneof(...def.options!.map(inner));
    case 'optional':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return inner(def.innerType!);
    case 'nullable':
      return fc.option(inner(def.innerType!), { nil: null, freq: 5 });
    case 'pipe':
      return inner(def.in!);
    case 'lazy':
      return inner(def.getter!());
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every path into a value (object keys and array indexes), the root excluded. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (prefix.length > 6) return out;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : isPlainObject(value) ? Object.entries(value) : [];
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    pathsOf(v, [...prefix, k], out);
  }
  return out;
}

function withAt(value: unknown, path: (string | number)[], replace: (old: unknown) => unknown | typeof DROP): unknown {
  if (path.length === 0) return replace(value);
  const [head, ...rest] = path;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as Json) };
  const next = withAt(copy[head!], rest, replace);
  if (next === DROP) {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head!];
  } else copy[head!] = next;
  return copy;
}
const DROP = Symbol('drop');

export type Mutation = 'as is' | 'drop a field' | 'add a field' | 'swap a field' | 'hostile text in a field' | 'whole value swapped';
export const MUTATIONS: readonly Mutation[] = ['drop a field', 'add a field', 'swap a field', 'swap a field', 'hostile text in a field', 'hostile text in a field', 'whole value swapped'];

/** A valid-looking value, mutated one of the given ways. */
export function mutated(schema: z.ZodType, samples: readonly string[], mutations: readonly Mutation[] = MUTATIONS): fc.Arbitrary<{ mutation: Mutation; value: unknown }> {
  return fc
    .tuple(
      validLooking(schema, samples),
      fc.constantFrom(...mutations),
      fc.nat(),
      hostileValue,
      hostileText,
      fc.constantFrom('isAdmin', 'role', 'grants', 'area', '__proto__', 'constructor', 'pk', 'sk', 'version', 'x'.repeat(300), '😀', ''),
    )
    .map(([valid, mutation, pick, hostile, text, extraKey]) => {
      const paths = pathsOf(valid);
      const path = paths[pick % Math.max(1, paths.length)];
      switch (mutation) {
        case 'drop a field':
          return { mutation, value: path ? withAt(valid, path, () => DROP) : undefined };
        case 'add a field': {
          const objects = [[], ...paths].filter((p) => isPlainObject(p.reduce((o: any, k) => o?.[k], valid)));
          const at = objects[pick % objects.length]!;
          return { mutation, value: withAt(valid, at, (o) => (isPlainObject(o) ? { ...o, [extraKey]: hostile } : o)) };
        }
        case 'swap a field':
          return { mutation, value: path ? withAt(valid, path, () => hostile) : hostile };
        case 'hostile text in a field':
          return { mutation, value: path ? withAt(valid, path, () => text) : text };
        case 'whole value swapped':
          return { mutation, value: hostile };
        default:
          return { mutation, value: valid };
      }
    });
}

/** Bodies as bytes on the wire, for what JSON.stringify of a value can never produce. */
export interface RawBody {
  raw: string;
  contentType?: string;
  base64?: boolean;
}
export const rawBodies: fc.Arbitrary<RawBody> = fc.oneof(
  fc.constantFrom<RawBody>(
    { raw: '{' },
    { raw: '{"a":' },
    { raw: "{'a':1}" },
    { raw: '{"a":1,}' },
    { raw: 'undefined' },
    { raw: 'NaN' },
    { raw: '\u0000' },
    { raw: '\uFEFF{}' },
    { raw: '[]' },
    { raw: '[{}]' },
    { raw: '42' },
    { raw: '-0' },
    { raw: '1e999' },
    { raw: '"text"' },
    { raw: 'null' },
    { raw: 'true' },
    { raw: '' },
    { raw: ' ' },
    { raw: '{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}}}' },
    { raw: '{"a":1,"a":2}' },
    { raw: '{}', contentType: 'text/plain' },
    { raw: 'a=1&b=2', contentType: 'application/x-www-form-urlencoded' },
    { raw: '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--', contentType: 'multipart/form-data; boundary=x' },
    { raw: '<xml/>', contentType: 'application/xml' },
    { raw: '{}', contentType: 'application/json; charset=gbk' },
    { raw: '!!!not base64***', base64: true },
    { raw: Buffer.from('{"a":').toString('base64'), base64: true },
    { raw: Buffer.from([0xff, 0xfe, 0xfd, 0x00]).toString('base64'), base64: true },
    { raw: `[${'['.repeat(5_000)}${']'.repeat(5_000)}]` },
    { raw: `{"a":"${'x'.repeat(70_000)}"}` },
  ),
  fc.string({ unit: 'binary', maxLength: 60 }).map((raw) => ({ raw })),
  fc.jsonValue({ maxDepth: 4 }).map((v) => ({ raw: JSON.stringify(v) ?? 'null' })),
);
