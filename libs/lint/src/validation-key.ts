import { createHash } from 'node:crypto';
import { preparedNodes } from './example-schema.js';

type Json = Record<string, unknown>;

const isString = (value: unknown) => typeof value === 'string';
const isBoolean = (value: unknown) => typeof value === 'boolean';
const any = () => true;

/**
 * JSON Schema's annotations, which do not take part in validation as Spectral's Ajv instances are set up (no
 * `useDefaults`, not `strict`, no `verbose`, so errors do not carry the schema), each with the values that every
 * meta-schema Ajv checks a schema against accepts: with another value the keyword makes the schema invalid.
 */
export const ANNOTATIONS: Record<string, (value: unknown) => boolean> = {
  title: isString,
  description: isString,
  $comment: isString,
  examples: Array.isArray,
  default: any,
  deprecated: isBoolean,
  readOnly: isBoolean,
  writeOnly: isBoolean,
  // The content vocabulary (2019-09 on; draft-04 does not know it): annotations only, Ajv does not decode content.
  contentEncoding: isString,
  contentMediaType: isString,
};
/** OpenAPI's keywords of a schema object that JSON Schema does not know (as `x-*`): Ajv ignores them. */
export const OPENAPI_ONLY = ['example', 'externalDocs', 'xml'];
const isAnnotation = (key: string, value: unknown) =>
  key.startsWith('x-') ||
  OPENAPI_ONLY.includes(key) ||
  (Object.hasOwn(ANNOTATIONS, key) && (ANNOTATIONS[key] as (v: unknown) => boolean)(value));

// Where subschemas sit (json-schema-traverse's tables, as Ajv walks, and the 2019-09/2020-12 applicators).
const SUBSCHEMA = new Set([
  'additionalItems',
  'items',
  'contains',
  'additionalProperties',
  'propertyNames',
  'not',
  'if',
  'then',
  'else',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);
const SUBSCHEMA_ARRAY = new Set(['items', 'prefixItems', 'allOf', 'anyOf', 'oneOf']);
const SUBSCHEMA_MAP = new Set([
  '$defs',
  'definitions',
  'properties',
  'patternProperties',
  'dependencies',
  'dependentSchemas',
]);

/** Ids, anchors and references to the schema's own parts: then no part may be left out (they could point there). */
const BOUND = [
  '$id',
  'id',
  '$anchor',
  '$dynamicAnchor',
  '$recursiveAnchor',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
];
/** References to shared subschemas compiled apart (compile-shared-schemas.ts), which point at no part of this one. */
const SHARED_REF = 'urn:interlock:shared:';

/** Thrown where a schema must be keyed by all its content. */
class Bound extends Error {}

const isBound = (object: Json) => {
  for (const key of BOUND) {
    if (!Object.hasOwn(object, key)) continue;
    if (key !== '$ref' || typeof object.$ref !== 'string' || !object.$ref.startsWith(SHARED_REF)) return true;
  }
  return false;
};

// Prepared example schemas are never changed once made, so what is found for them is kept.
const strippedSchemas = new WeakMap<object, unknown>();
const scannedValues = new WeakSet<object>();
const walking = new Set<object>();

/** A value that is not a schema (an example, an enum, a default): kept whole, but checked for ids and references. */
function scan(value: unknown): void {
  if (value === null || typeof value !== 'object' || scannedValues.has(value)) return;
  if (Array.isArray(value)) for (const item of value) scan(item);
  else {
    if (isBound(value as Json)) throw new Bound();
    for (const key in value) scan((value as Json)[key]);
  }
  if (preparedNodes.has(value)) scannedValues.add(value);
}

/** A schema without its annotations (the same object when it has none), its subschemas likewise. */
function strip(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) {
    scan(schema);
    return schema;
  }
  const known = strippedSchemas.get(schema);
  if (known !== undefined) return known;
  const object = schema as Json;
  if (isBound(object)) throw new Bound();
  if (walking.has(object)) throw new Bound(); // cyclic: JSON.stringify will say so
  walking.add(object);
  let copy: Json | undefined;
  for (const key in object) {
    const value = object[key];
    let kept: unknown = value;
    if (isAnnotation(key, value)) {
      scan(value); // Ajv looks for ids in every object of a schema, annotations too
      kept = undefined;
    } else if (SUBSCHEMA_ARRAY.has(key) && Array.isArray(value)) {
      const items = value.map(strip);
      if (items.some((item, i) => item !== value[i])) kept = items;
    } else if (
      SUBSCHEMA_MAP.has(key) &&
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value)
    ) {
      let map: Json | undefined;
      for (const name in value as Json) {
        const item = (value as Json)[name];
        const stripped = strip(item);
        if (stripped !== item) map ??= copyUpTo(value as Json);
        if (map) map[name] = stripped;
      }
      if (map) kept = map;
    } else if (SUBSCHEMA.has(key)) kept = strip(value);
    else scan(value);
    if (kept !== value) copy ??= copyUpTo(object, key);
    if (copy && kept !== undefined) copy[key] = kept;
  }
  walking.delete(object);
  const result = copy ?? object;
  if (preparedNodes.has(schema)) strippedSchemas.set(schema, result);
  return result;
}

/**
 * A plain copy of `object`'s keys (before `stop`). Key order is part of a key (Ajv checks properties in that order),
 * and a copy would list integer-like keys first: an object with one is keyed by all its content instead.
 */
function copyUpTo(object: Json, stop?: string): Json {
  const copy: Json = {};
  let copying = true;
  for (const key in object) {
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) throw new Bound();
    if (key === stop) copying = false;
    if (copying) copy[key] = object[key];
  }
  return copy;
}

/**
 * A digest of what a compiled validator depends on: the schema without its annotations (`description`, `title`,
 * examples, defaults, `x-*` …; only at schema positions, so a property named `description` stays), since Ajv
 * compiles two schemas that differ only in those into validators that accept and reject the same data with the same
 * errors (`schemaPath`s included: they lead to validating keywords only). A schema with ids, anchors, or
 * references into itself is keyed by all its content. `meta` is Ajv's flag for validating against meta-schemas.
 */
export function validationKey(schema: object, meta?: boolean): string {
  let text: string;
  try {
    text = `v${JSON.stringify(strip(schema))}`;
  } catch (error) {
    walking.clear();
    if (!(error instanceof Bound)) throw error;
    text = `c${JSON.stringify(schema)}`;
  }
  return createHash('sha1')
    .update(`${meta === true ? 'm' : ''}${text}`)
    .digest('base64');
}
