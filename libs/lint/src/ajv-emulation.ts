import { hasType, matchesPattern, ucs2length, validFormat } from './example-check.js';

type Json = Record<string, unknown>;

/** An error as Ajv's validators report it with Spectral's options (`messages` on, no `verbose`). */
export interface AjvError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: string;
}

export interface Outcome {
  valid: boolean;
  /** What the compiled validator leaves in its `errors`: null when valid. */
  errors: AjvError[] | null;
}

/**
 * The keywords of a `checkable` schema that are among Ajv's rules (`RULES.all`; the others, annotations, are not).
 * A subschema with none of them is "always valid" to Ajv: it generates no code for it and skips the keywords that
 * would apply it (`properties`, `items`, `allOf`, a whole `anyOf`).
 */
export const RULE_KEYWORDS = new Set([
  '$comment',
  'type',
  'nullable',
  'enum',
  'anyOf',
  'oneOf',
  'allOf',
  'maximum',
  'minimum',
  'maxLength',
  'minLength',
  'pattern',
  'format',
  'maxItems',
  'minItems',
  'items',
  'maxProperties',
  'minProperties',
  'required',
  'additionalProperties',
  'properties',
]);

export function alwaysValid(schema: Json): boolean {
  for (const key in schema) if (RULE_KEYWORDS.has(key)) return false;
  return true;
}

/** Ajv's non-composite report: the validator returns at once with this one error (`returnErrors`). */
class Exit {
  constructor(readonly errors: AjvError[]) {}
}

/** Where a subschema is applied. */
interface Place {
  /** Ajv's `vErrors`: what composite rules (`anyOf`, `oneOf`) collect below them. */
  errors: AjvError[];
  /** Below `anyOf`/`oneOf` (Ajv's `compositeRule`): errors are collected instead of returned at once. */
  composite: boolean;
  data: unknown;
  /** The data's `instancePath`, the subschema's `schemaPath` (a URI fragment). */
  at: string;
  path: string;
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
const escapeFragment = (key: string) => encodeURIComponent(escapePointer(key));

/**
 * What a validator Ajv compiles from a `checkable` schema (example-check.ts) returns and leaves in `errors`, with
 * Spectral's options (`allErrors` off, so it stops at the first error except under `anyOf`/`oneOf`), for draft-04
 * and 2020-12 alike: for these keywords the two generate the same checks in the same order. It follows the code
 * Ajv generates (compile/validate/index.js): the type check first, then the keyword groups in `RULES` order (any
 * type: `enum`, `anyOf`, `oneOf`, `allOf`; number: `maximum`, `minimum`, `format`; string: `maxLength`,
 * `minLength`, `pattern`, `format`; array: `maxItems`, `minItems`, `items`; object: `maxProperties`,
 * `minProperties`, `required`,
 * `additionalProperties`, `properties`), each group skipped once an error is reported in that schema.
 */
export function emulateAjv(schema: Json, data: unknown): Outcome {
  if (alwaysValid(schema)) return { valid: true, errors: null };
  const errors: AjvError[] = [];
  try {
    subschema({ errors, composite: false, data, at: '', path: '#' }, schema);
  } catch (exit) {
    if (exit instanceof Exit) return { valid: false, errors: exit.errors };
    throw exit;
  }
  return errors.length === 0 ? { valid: true, errors: null } : { valid: false, errors };
}

/** Ajv's `reportError`: under a composite rule the error is collected and validation goes on, else it returns. */
function report(place: Place, keyword: string, params: Record<string, unknown>, message: string): false {
  const error = { instancePath: place.at, schemaPath: `${place.path}/${keyword}`, keyword, params, message };
  if (!place.composite) throw new Exit([error]);
  place.errors.push(error);
  return false;
}

/** Ajv's `reportExtraError` (a combinator's own error): added after what its branches collected. */
function reportExtra(place: Place, keyword: string, params: Record<string, unknown>, message: string): false {
  place.errors.push({
    instancePath: place.at,
    schemaPath: `${place.path}/${keyword}`,
    keyword,
    params,
    message,
  });
  if (!place.composite) throw new Exit(place.errors);
  return false;
}

/** The place of a subschema: `keyword` (and `key`) under this one's, on this data or a part of it. */
function below(place: Place, keyword: string, key?: string | number, part?: { data: unknown; name: string }) {
  const path = `${place.path}/${keyword}${key === undefined ? '' : `/${escapeFragment(String(key))}`}`;
  const at = part === undefined ? place.at : `${place.at}/${escapePointer(part.name)}`;
  const composite = place.composite || keyword === 'anyOf' || keyword === 'oneOf';
  return { errors: place.errors, composite, data: part === undefined ? place.data : part.data, at, path };
}

const GROUPS = ['number', 'string', 'array', 'object'] as const;
type Group = (typeof GROUPS)[number];
const GROUP_KEYWORDS: Record<Group, string[]> = {
  number: ['maximum', 'minimum', 'format'],
  string: ['maxLength', 'minLength', 'pattern', 'format'],
  array: ['maxItems', 'minItems', 'items'],
  object: ['maxProperties', 'minProperties', 'required', 'additionalProperties', 'properties'],
};
const usesGroup = (schema: Json, group: Group) =>
  GROUP_KEYWORDS[group].some((keyword) => schema[keyword] !== undefined);

function inGroup(group: Group, data: unknown): boolean {
  switch (group) {
    case 'number':
      return typeof data === 'number';
    case 'string':
      return typeof data === 'string';
    case 'array':
      return Array.isArray(data);
    default:
      return data !== null && typeof data === 'object' && !Array.isArray(data);
  }
}

/** A subschema with rules (`subSchemaObjCode`): whether it added no errors. */
function subschema(place: Place, schema: Json): boolean {
  const start = place.errors.length;
  const declared = schema.type;
  const types =
    declared === undefined ? [] : Array.isArray(declared) ? [...(declared as string[])] : [declared];
  if (schema.nullable === true && !types.includes('null')) types.push('null');
  // One type whose keyword group the schema uses: Ajv checks the type there (`else` of the group), not first.
  const deferred =
    types.length === 1 && GROUPS.includes(types[0] as Group) && usesGroup(schema, types[0] as Group);
  // Ajv adds `null` for `nullable` to the schema's own `type` array (getSchemaTypes pushes to it), so its errors
  // show it; a single type is copied into a new array first, so they do not.
  const shown = Array.isArray(declared) ? types : declared;
  const typeError = () => report(place, 'type', { type: shown }, `must be ${shown as string}`);
  if (types.length > 0 && !deferred && !types.some((type) => hasType(type as string, place.data)))
    typeError();
  // The first group runs even after that error (composite only: otherwise it returned); each later one only while
  // this schema has reported nothing.
  anyTypeKeywords(place, schema);
  for (const group of GROUPS) {
    if (place.errors.length !== start) return false;
    if (!usesGroup(schema, group)) continue;
    if (inGroup(group, place.data)) groupKeywords(place, group, schema);
    else if (deferred && types[0] === group) typeError();
  }
  return place.errors.length === start;
}

function anyTypeKeywords(place: Place, schema: Json): boolean {
  if (Array.isArray(schema.enum) && !schema.enum.some((value) => value === place.data))
    return report(
      place,
      'enum',
      { allowedValues: schema.enum },
      'must be equal to one of the allowed values',
    );
  if (Array.isArray(schema.anyOf) && !anyOf(place, schema.anyOf as Json[])) return false;
  if (Array.isArray(schema.oneOf) && !oneOf(place, schema.oneOf as Json[])) return false;
  if (Array.isArray(schema.allOf))
    for (const [i, branch] of (schema.allOf as Json[]).entries())
      if (!alwaysValid(branch) && !subschema(below(place, 'allOf', i), branch)) return false;
  return true;
}

function anyOf(place: Place, branches: Json[]): boolean {
  // Draft-04 generates no code for an `anyOf` with an always valid branch; 2020-12 (tracking evaluated properties)
  // validates every branch, but then one passes and what the others collected is dropped: the same outcome.
  if (branches.some(alwaysValid)) return true;
  const count = place.errors.length;
  for (const [i, branch] of branches.entries())
    if (subschema(below(place, 'anyOf', i), branch)) {
      place.errors.length = count;
      return true;
    }
  return reportExtra(place, 'anyOf', {}, 'must match a schema in anyOf');
}

function oneOf(place: Place, branches: Json[]): boolean {
  const count = place.errors.length;
  let valid = false;
  let passing: number | [number, number] | null = null;
  for (const [i, branch] of branches.entries()) {
    const passed = alwaysValid(branch) || subschema(below(place, 'oneOf', i), branch);
    // Ajv stops at the second passing branch (the rest are in the `else` of that check).
    if (passed && valid) {
      valid = false;
      passing = [passing as number, i];
      break;
    }
    if (passed) {
      valid = true;
      passing = i;
    }
  }
  if (valid) {
    place.errors.length = count;
    return true;
  }
  return reportExtra(place, 'oneOf', { passingSchemas: passing }, 'must match exactly one schema in oneOf');
}

/** The keywords of a type's group, in order, until one reports an error. */
function groupKeywords(place: Place, group: Group, schema: Json): void {
  const data = place.data;
  for (const keyword of GROUP_KEYWORDS[group]) {
    const value = schema[keyword];
    if (value === undefined) continue;
    let ok = true;
    switch (keyword) {
      case 'maximum':
      case 'minimum': {
        const [comparison, out] =
          keyword === 'maximum'
            ? (['<=', (data as number) > (value as number)] as const)
            : (['>=', (data as number) < (value as number)] as const);
        if (out || Number.isNaN(data))
          ok = report(place, keyword, { comparison, limit: value }, `must be ${comparison} ${value}`);
        break;
      }
      case 'maxLength':
      case 'minLength':
      case 'maxItems':
      case 'minItems': {
        const length = group === 'string' ? ucs2length(data as string) : (data as unknown[]).length;
        const more = keyword.startsWith('max');
        const unit = group === 'string' ? 'characters' : 'items';
        if (more ? length > (value as number) : length < (value as number))
          ok = report(
            place,
            keyword,
            { limit: value },
            `must NOT have ${more ? 'more' : 'fewer'} than ${value} ${unit}`,
          );
        break;
      }
      case 'maxProperties':
      case 'minProperties': {
        const count = Object.keys(data as Json).length;
        const more = keyword === 'maxProperties';
        if (more ? count > (value as number) : count < (value as number))
          ok = report(
            place,
            keyword,
            { limit: value },
            `must NOT have ${more ? 'more' : 'fewer'} than ${value} properties`,
          );
        break;
      }
      case 'pattern':
        if (!matchesPattern(value as string, data as string))
          ok = report(place, keyword, { pattern: value }, `must match pattern "${value as string}"`);
        break;
      case 'format':
        if (!validFormat(value, data as string | number, group as 'string' | 'number'))
          ok = report(place, keyword, { format: value }, `must match format "${value as string}"`);
        break;
      case 'items':
        ok = items(place, value as Json);
        break;
      case 'required': {
        const missing = (value as string[]).find((name) => (data as Json)[name] === undefined);
        if (missing !== undefined)
          ok = report(
            place,
            keyword,
            { missingProperty: missing },
            `must have required property '${missing}'`,
          );
        break;
      }
      case 'additionalProperties':
        ok = additionalProperties(place, schema);
        break;
      case 'properties':
        ok = properties(place, value as Json);
        break;
    }
    if (!ok) return;
  }
}

function items(place: Place, schema: Json): boolean {
  if (alwaysValid(schema)) return true;
  const data = place.data as unknown[];
  for (let i = 0; i < data.length; i++)
    if (!subschema(below(place, 'items', undefined, { data: data[i], name: String(i) }), schema))
      return false;
  return true;
}

function properties(place: Place, schemas: Json): boolean {
  const data = place.data as Json;
  for (const name of Object.keys(schemas)) {
    const schema = schemas[name] as Json;
    if (name === '__proto__' || alwaysValid(schema) || data[name] === undefined) continue;
    if (!subschema(below(place, 'properties', name, { data: data[name], name }), schema)) return false;
  }
  return true;
}

function additionalProperties(place: Place, parent: Json): boolean {
  const schema = parent.additionalProperties as Json | boolean;
  if (schema === true || (schema !== false && alwaysValid(schema))) return true;
  const start = place.errors.length;
  const known = parent.properties as Json | undefined;
  const data = place.data as Json;
  for (const key in data) {
    if (known !== undefined && key !== '__proto__' && Object.hasOwn(known, key)) continue;
    if (schema === false) {
      report(
        place,
        'additionalProperties',
        { additionalProperty: key },
        'must NOT have additional properties',
      );
      break;
    }
    if (!subschema(below(place, 'additionalProperties', undefined, { data: data[key], name: key }), schema))
      break;
  }
  return place.errors.length === start;
}
