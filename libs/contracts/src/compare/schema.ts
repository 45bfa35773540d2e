// Turns an OpenAPI schema from the bundled document into a JSON Schema that ajv validates a pact's values with.
// OpenAPI's dialect differs from JSON Schema in ways that matter here: `nullable`, boolean exclusive bounds (3.0),
// `discriminator` with `mapping`, `readOnly`/`writeOnly`, and what a consumer may leave out of a response.
import { getAt } from '@interlock/openapi';
import { refPointer } from './context.js';

export type Schema = Record<string, unknown>;
export type Direction = 'request' | 'response';

export interface PrepareOptions {
  /** The bundled document the schema's `$ref`s point into. */
  document: Record<string, unknown>;
  direction: Direction;
  /** OpenAPI 3.1 schemas are JSON Schema 2020-12 (validated with that dialect). */
  openapi31: boolean;
}

/**
 * A self-contained schema: the schema itself at the root, and every schema it reaches through `$ref` copied to the
 * same pointer inside it (`#/components/schemas/Pet` resolves against the root), all rewritten for validation.
 */
export function prepareSchema(schema: unknown, options: PrepareOptions): Schema {
  const root = rewriteTree(clone(schema), options);
  const pending = refsOf(root);
  const done = new Set<string>();
  while (pending.length) {
    const ref = pending.shift() as string;
    if (done.has(ref)) continue;
    done.add(ref);
    const target = getAt(options.document, refPointer(ref));
    if (target === undefined) continue;
    const copy = rewriteTree(clone(target), options);
    setAt(root, refPointer(ref), copy);
    pending.push(...refsOf(copy));
  }
  flattenAllOf(root, root, new Set());
  for (const ref of done) {
    const target = getAt(root, refPointer(ref));
    if (isObj(target)) flattenAllOf(target, root, new Set());
  }
  if (options.direction === 'response') relaxForResponse(root, root, new Set());
  return root;
}

/** Visits every subschema once (not across `$ref`). */
function each(schema: unknown, visit: (s: Schema) => void): void {
  if (!isObj(schema)) return;
  visit(schema);
  for (const key of ['allOf', 'oneOf', 'anyOf', 'prefixItems']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) each(s, visit);
  }
  for (const key of ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']) {
    const map = schema[key];
    if (isObj(map)) for (const s of Object.values(map)) each(s, visit);
  }
  for (const key of [
    'not',
    'items',
    'additionalProperties',
    'if',
    'then',
    'else',
    'contains',
    'propertyNames',
  ])
    each(schema[key], visit);
}

function rewriteTree(schema: unknown, options: PrepareOptions): Schema {
  if (!isObj(schema)) return (schema === false ? { not: {} } : {}) as Schema;
  each(schema, (s) => rewrite(s, options));
  return schema;
}

function rewrite(s: Schema, { document, direction }: PrepareOptions): void {
  // OpenAPI 3.0's dialect; honoured in 3.1 documents too, where specs migrated from 3.0 still carry it.
  {
    for (const [flag, bound] of [
      ['exclusiveMinimum', 'minimum'],
      ['exclusiveMaximum', 'maximum'],
    ] as const) {
      if (s[flag] === true) {
        s[flag] = s[bound];
        delete s[bound];
      } else if (s[flag] === false) delete s[flag];
    }
    if (s.nullable === true) {
      let type = s.type;
      if (type === undefined && typeof s.$ref === 'string') {
        const target = getAt(document, refPointer(s.$ref));
        if (isObj(target)) type = target.type;
      }
      if (type === undefined && (s.allOf || s.oneOf || s.anyOf)) type = 'object';
      if (typeof type === 'string') s.type = [type, 'null'];
      if (Array.isArray(s.enum) && !s.enum.includes(null)) s.enum = [...s.enum, null];
    }
  }
  delete s.nullable;
  if (isObj(s.discriminator)) rewriteDiscriminator(s, document);
  // A consumer must not send what the provider owns (readOnly), and is not promised what it only accepts
  // (writeOnly): such properties are not required in that direction.
  if (isObj(s.properties) && Array.isArray(s.required)) {
    const hidden = direction === 'request' ? 'readOnly' : 'writeOnly';
    const props = s.properties;
    s.required = s.required.filter((name) => {
      const prop = props[name as string];
      return !(isObj(prop) && prop[hidden] === true);
    });
  }
}

/**
 * ajv's `discriminator` needs `oneOf`, the tag required, and each alternative's tag as a `const`/`enum`; OpenAPI
 * also allows `mapping` and implicit names. Each alternative gets its tag values stated beside its `$ref`.
 */
function rewriteDiscriminator(s: Schema, document: Record<string, unknown>): void {
  const d = s.discriminator as Schema;
  const tag = d.propertyName;
  if (typeof tag !== 'string' || !Array.isArray(s.oneOf)) {
    delete s.discriminator;
    return;
  }
  s.required = [...new Set([...(Array.isArray(s.required) ? s.required : []), tag])];
  const mapping = isObj(d.mapping) ? d.mapping : {};
  s.oneOf = s.oneOf.map((alt: unknown) => {
    if (!isObj(alt) || typeof alt.$ref !== 'string') return alt;
    const ref = alt.$ref;
    const values = Object.entries(mapping)
      .filter(([, target]) => target === ref || `#/components/schemas/${String(target)}` === ref)
      .map(([value]) => value);
    const target = getAt(document, refPointer(ref));
    const declared =
      isObj(target) && isObj(target.properties) && isObj(target.properties[tag])
        ? target.properties[tag]
        : undefined;
    if (values.length === 0 && declared && ('const' in declared || 'enum' in declared)) return alt;
    if (values.length === 0) values.push(ref.slice(ref.lastIndexOf('/') + 1));
    return { ...alt, properties: { [tag]: { enum: values } } };
  });
  delete d.mapping;
}

/**
 * OpenAPI's `allOf` composes one object from parts; validated as JSON Schema, each part would refuse the others'
 * properties once `additionalProperties: false` applies. The parts are merged into their parent instead.
 */
function flattenAllOf(schema: Schema, root: Schema, seen: Set<Schema>): void {
  each(schema, (s) => {
    if (seen.has(s) || !Array.isArray(s.allOf)) return;
    seen.add(s);
    const parts = s.allOf.map((part: unknown) => resolve(part, root));
    delete s.allOf;
    for (const part of parts) {
      if (!isObj(part)) continue;
      flattenAllOf(part, root, seen);
      merge(s, part);
    }
  });
}

function resolve(part: unknown, root: Schema): unknown {
  let value = part;
  const seen = new Set<string>();
  while (
    isObj(value) &&
    typeof value.$ref === 'string' &&
    Object.keys(value).length === 1 &&
    !seen.has(value.$ref)
  ) {
    seen.add(value.$ref);
    value = getAt(root, refPointer(value.$ref));
  }
  return clone(value);
}

const SUBSCHEMA_KEYS = ['items', 'additionalProperties', 'not'];

function merge(into: Schema, from: Schema): void {
  for (const [key, value] of Object.entries(from)) {
    const existing = into[key];
    if (key === 'required' && Array.isArray(value)) {
      into.required = [...new Set([...(Array.isArray(existing) ? existing : []), ...value])];
    } else if (key === 'properties' && isObj(value)) {
      const props = isObj(existing) ? existing : (into.properties = {});
      for (const [name, sub] of Object.entries(value)) {
        const current = (props as Schema)[name];
        (props as Schema)[name] = isObj(current) && isObj(sub) ? { allOf: [current, sub] } : sub;
      }
    } else if (SUBSCHEMA_KEYS.includes(key) && isObj(existing) && isObj(value)) {
      into[key] = { allOf: [existing, value] };
    } else if (key === '$ref' && typeof existing === 'string') {
      into.allOf = [...(Array.isArray(into.allOf) ? into.allOf : []), { $ref: value }];
    } else if (!(key in into)) {
      into[key] = value;
    }
  }
  if (Array.isArray(into.allOf) && into.allOf.length === 0) delete into.allOf;
}

/**
 * What a consumer may assume of a response: no property the spec does not define (an object without composition
 * keywords gets `additionalProperties: false`), but it need not mention every required one (a pact is a sample).
 */
function relaxForResponse(schema: unknown, root: Schema, seen: Set<unknown>): void {
  if (!isObj(schema) || seen.has(schema)) return;
  seen.add(schema);
  if (typeof schema.$ref === 'string') relaxForResponse(getAt(root, refPointer(schema.$ref)), root, seen);
  for (const key of ['allOf', 'oneOf', 'anyOf', 'prefixItems']) {
    const list = schema[key];
    if (Array.isArray(list)) for (const s of list) relaxForResponse(s, root, seen);
  }
  for (const key of ['properties', 'patternProperties']) {
    const map = schema[key];
    if (isObj(map)) for (const s of Object.values(map)) relaxForResponse(s, root, seen);
  }
  // `if`/`then`/`else` state conditional requirements on purpose: those stay.
  for (const key of ['not', 'items', 'additionalProperties']) relaxForResponse(schema[key], root, seen);
  const composed = schema.allOf || schema.oneOf || schema.anyOf;
  // Only a plain `type: object`: a nullable one (`[object, null]`) stays open, as openapi-pact-comparator has it.
  if (
    schema.type === 'object' &&
    !composed &&
    (schema.additionalProperties === undefined || schema.additionalProperties === true)
  )
    schema.additionalProperties = false;
  // The tag of a discriminated union stays required: it is how the alternative is chosen.
  if (!schema.oneOf) delete schema.required;
}

function refsOf(schema: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (isObj(node)) {
      for (const [k, v] of Object.entries(node)) {
        if (k === '$ref' && typeof v === 'string' && v.startsWith('#/')) out.push(v);
        else if (k !== 'enum' && k !== 'const' && k !== 'example' && k !== 'examples' && k !== 'default')
          walk(v);
      }
    }
  };
  walk(schema);
  return out;
}

function setAt(root: Schema, pointer: string, value: unknown): void {
  const tokens = pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Schema = root;
  tokens.forEach((t, i) => {
    if (i === tokens.length - 1) node[t] = value;
    else {
      if (!isObj(node[t])) node[t] = {};
      node = node[t] as Schema;
    }
  });
}

function clone<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

function isObj(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
