import { createRequire } from 'node:module';
import { ANNOTATIONS, OPENAPI_ONLY } from './validation-key.js';

// ajv-formats' formats and Ajv's string length, as Spectral's Ajv instances have them.
/** Loads modules as spectral-functions (whose `schema` function makes the Ajv instances) loads them. */
export const fromFunctions = createRequire(
  createRequire(import.meta.url).resolve('@stoplight/spectral-functions'),
);
export const { fullFormats } = fromFunctions('ajv-formats/dist/formats') as {
  fullFormats: Record<string, Format>;
};
export const { default: ucs2length } = fromFunctions('ajv/dist/runtime/ucs2length') as {
  default: (text: string) => number;
};

type Json = Record<string, unknown>;
type Check = ((value: string | number) => boolean) | RegExp;
type Format = Check | true | { type?: string; validate: Check; async?: boolean };

const isObject = (value: unknown): value is Json =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
const isCount = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/**
 * Keywords Ajv ignores here (not JSON Schema, no option of Spectral's instances adds them): any value. Ajv still
 * looks for ids and anchors in their objects, so those are checked for none.
 */
const IGNORED = new Set([...OPENAPI_ONLY, 'discriminator']);
const BOUND = ['$id', 'id', '$anchor', '$dynamicAnchor'];

/**
 * Whether a value Ajv walks for ids (an ignored keyword's, an annotation's) has none. Ajv's `getSchemaRefs` takes
 * an id or anchor only when it is a string (`typeof sch[schemaId] == "string"`, and so for anchors): an example
 * `{ "id": 42 }` binds nothing, while `{ "id": "abc" }` registers "abc" in the instance (and two alike in one
 * schema make Ajv throw), which is left to Ajv. On 100 corpus specs, 28 of the 63 schemas Ajv still compiled had
 * an example with an `id`.
 */
function unbound(value: unknown, seen = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return true;
  seen.add(value);
  if (Array.isArray(value)) return value.every((item) => unbound(item, seen));
  for (const key of BOUND)
    if (Object.hasOwn(value, key) && typeof (value as Json)[key] === 'string') return false;
  for (const key in value) if (!unbound((value as Json)[key], seen)) return false;
  return true;
}

// NaN (YAML's `.nan`) is left out: Ajv compares a long enum (200 values or more) with deep equality, where NaN
// equals NaN, and a short one with `===`.
const primitive = (v: unknown) =>
  v === null || ['string', 'boolean'].includes(typeof v) || (typeof v === 'number' && !Number.isNaN(v));
const uniqueStrings = (v: unknown) =>
  Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string') && new Set(v).size === v.length;

/**
 * Per schema object: whether it (and all below it) is one the checker knows Ajv compiles, and validates as it does;
 * and whether it is, but for `nullable` without `type` (which Ajv rejects when it compiles a schema having it).
 */
const known = { strict: new WeakMap<object, boolean>(), untypedNullable: new WeakMap<object, boolean>() };
const walking = new Set<object>();

/**
 * Whether Ajv compiles this schema (as a draft-04 or 2020-12 schema) without an error (it is valid against the dialect's meta-schema, and passes
 * Ajv's own checks), and it uses only keywords `valid` below evaluates as Ajv does: `type` (with OpenAPI's
 * `nullable`), `enum` of primitives, `properties`, `required`, `additionalProperties`, `items` (one schema),
 * `minItems`/`maxItems`, `minProperties`/`maxProperties`, `minLength`/`maxLength`, `pattern`, `minimum`/`maximum`, `format`, `allOf`/`anyOf`/`oneOf`.
 * Anything else (references, ids, other keywords, other values) and the answer is no. With `untypedNullable`,
 * `nullable` without `type` is allowed as well (untyped-nullable.ts predicts Ajv's error for those).
 */
export function checkable(schema: unknown, untypedNullable = false): boolean {
  if (!isObject(schema)) return false;
  const cache = untypedNullable ? known.untypedNullable : known.strict;
  const cached = cache.get(schema);
  if (cached !== undefined) return cached;
  if (walking.has(schema)) return false;
  walking.add(schema);
  let ok = true;
  try {
    for (const key in schema) {
      const value = schema[key];
      if (!keywordCheckable(key, value, schema, untypedNullable)) {
        ok = false;
        break;
      }
    }
  } finally {
    walking.delete(schema);
  }
  cache.set(schema, ok);
  return ok;
}

function keywordCheckable(key: string, value: unknown, schema: Json, untypedNullable: boolean): boolean {
  const below = (value: unknown) => checkable(value, untypedNullable);
  switch (key) {
    case 'type': {
      const types = Array.isArray(value) ? value : [value];
      if (!uniqueStrings(types) || !types.every((t) => JSON_TYPES.has(t as string))) return false;
      return !(types.includes('null') && schema.nullable === false);
    }
    case 'nullable':
      return typeof value === 'boolean' && (untypedNullable || schema.type !== undefined);
    case 'enum':
      return (
        Array.isArray(value) &&
        value.length > 0 &&
        value.every(primitive) &&
        new Set(value).size === value.length
      );
    case 'required':
      return uniqueStrings(value);
    case 'properties':
      // Ajv skips a property named `__proto__`, and allows it as an additional property only up to 8 properties
      // (beyond, it asks the `properties` object): left to Ajv.
      return isObject(value) && !Object.hasOwn(value, '__proto__') && Object.values(value).every(below);
    case 'additionalProperties':
      return typeof value === 'boolean' || below(value);
    case 'items':
      return below(value);
    case 'allOf':
    case 'anyOf':
    case 'oneOf':
      return Array.isArray(value) && value.length > 0 && value.every(below);
    case 'minItems':
    case 'maxItems':
    case 'minLength':
    case 'maxLength':
    case 'minProperties':
    case 'maxProperties':
      return isCount(value);
    case 'minimum':
    case 'maximum':
      return typeof value === 'number';
    case 'pattern':
      return (
        typeof value === 'string' && (fullFormats.regex as (s: string) => boolean)(value) && compiles(value)
      );
    case 'format': {
      if (typeof value !== 'string' || (value in fullFormats && !Object.hasOwn(fullFormats, value)))
        return false;
      const format = fullFormats[value];
      return !(typeof format === 'object' && !(format instanceof RegExp) && format.async);
    }
    default:
      if (Object.hasOwn(ANNOTATIONS, key))
        return (ANNOTATIONS[key] as (v: unknown) => boolean)(value) && (key === 'default' || unbound(value));
      return (key.startsWith('x-') || IGNORED.has(key)) && unbound(value);
  }
}

const patterns = new Map<string, RegExp | null>();
/** Ajv compiles patterns without flags (Spectral's instances turn `unicodeRegExp` off). */
function pattern(source: string): RegExp | null {
  let regExp = patterns.get(source);
  if (regExp === undefined) {
    try {
      regExp = new RegExp(source, '');
    } catch {
      regExp = null;
    }
    patterns.set(source, regExp);
  }
  return regExp;
}
const compiles = (source: string) => pattern(source) !== null;
/** Whether a text matches a pattern of a `checkable` schema, as Ajv tests it. */
export const matchesPattern = (source: string, text: string) => (pattern(source) as RegExp).test(text);

/** Whether `data` is valid against a `checkable` schema, exactly as Ajv decides it. */
export function valid(schema: Json, data: unknown): boolean {
  const kind = dataKind(data);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    const nullable = schema.nullable === true && !types.includes('null');
    if (!types.some((type) => hasType(type, data, kind)) && !(nullable && data === null)) return false;
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((value) => value === data)) return false;
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[key] as Json[] | undefined;
    if (branches === undefined) continue;
    const passing = branches.filter((branch) => valid(branch, data)).length;
    if (key === 'allOf' ? passing !== branches.length : key === 'anyOf' ? passing === 0 : passing !== 1)
      return false;
  }
  switch (kind) {
    case 'object':
      return validObject(schema, data as Json);
    case 'array': {
      const items = data as unknown[];
      if (typeof schema.minItems === 'number' && items.length < schema.minItems) return false;
      if (typeof schema.maxItems === 'number' && items.length > schema.maxItems) return false;
      return !isObject(schema.items) || items.every((item) => valid(schema.items as Json, item));
    }
    case 'string': {
      const text = data as string;
      if (typeof schema.minLength === 'number' && ucs2length(text) < schema.minLength) return false;
      if (typeof schema.maxLength === 'number' && ucs2length(text) > schema.maxLength) return false;
      if (typeof schema.pattern === 'string' && !matchesPattern(schema.pattern, text)) return false;
      return validFormat(schema.format, text, 'string');
    }
    case 'number': {
      const number = data as number;
      if (typeof schema.minimum === 'number' && number < schema.minimum) return false;
      if (typeof schema.maximum === 'number' && number > schema.maximum) return false;
      return validFormat(schema.format, number, 'number');
    }
    default:
      return true;
  }
}

function validObject(schema: Json, data: Json): boolean {
  const { maxProperties: most, minProperties: least } = schema;
  if (typeof most === 'number' || typeof least === 'number') {
    const count = Object.keys(data).length;
    if ((typeof most === 'number' && count > most) || (typeof least === 'number' && count < least))
      return false;
  }
  if (Array.isArray(schema.required))
    for (const name of schema.required as string[]) if (data[name] === undefined) return false;
  const properties = isObject(schema.properties) ? schema.properties : undefined;
  if (properties)
    for (const name in properties) {
      const value = data[name];
      if (value !== undefined && !valid(properties[name] as Json, value)) return false;
    }
  const additional = schema.additionalProperties;
  if (additional === undefined || additional === true) return true;
  for (const name in data) {
    if (properties && Object.hasOwn(properties, name)) continue;
    if (additional === false || !valid(additional as Json, data[name])) return false;
  }
  return true;
}

/** Whether a value passes a format of a `checkable` schema in Ajv's keyword group of its kind. */
export function validFormat(name: unknown, value: string | number, kind: 'string' | 'number'): boolean {
  if (typeof name !== 'string') return true;
  const format = fullFormats[name];
  if (format === undefined || format === true) return true; // unknown formats are ignored (Spectral's instances)
  const [type, check] =
    typeof format === 'object' && !(format instanceof RegExp)
      ? [format.type ?? 'string', format.validate]
      : ['string', format];
  if (type !== kind) return true;
  return typeof check === 'function' ? check(value) : check.test(value as string);
}

type Kind = 'object' | 'array' | 'string' | 'number' | 'other';
function dataKind(data: unknown): Kind {
  if (typeof data === 'string') return 'string';
  if (typeof data === 'number') return 'number';
  if (Array.isArray(data)) return 'array';
  if (data !== null && typeof data === 'object') return 'object';
  return 'other';
}

// As Ajv's checkDataType.
export function hasType(type: string, data: unknown, kind: Kind = dataKind(data)): boolean {
  switch (type) {
    case 'null':
      return data === null;
    case 'array':
      return kind === 'array';
    case 'object':
      return kind === 'object';
    case 'integer':
      return kind === 'number' && !((data as number) % 1) && !Number.isNaN(data);
    case 'number':
      return kind === 'number';
    default:
      return typeof data === type;
  }
}
