import { createRequire } from 'node:module';

// Spectral's json-schema-traverse, so keyword tables (and their `in` checks) are the ones its `oasExample` walks by.
const fromRulesets = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-rulesets'));
const traverse = fromRulesets('json-schema-traverse') as {
  keywords: object;
  arrayKeywords: object;
  propsKeywords: object;
  skipKeywords: object;
};
const KNOWN = new Set([
  ...Object.keys(traverse.keywords),
  ...Object.keys(traverse.arrayKeywords),
  ...Object.keys(traverse.propsKeywords),
]);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keys that make a subschema depend on where it sits (base URIs, anchors, references): such ones stay inline. */
const PLACE_BOUND = [
  '$ref',
  '$id',
  'id',
  '$schema',
  '$anchor',
  '$dynamicRef',
  '$dynamicAnchor',
  '$recursiveRef',
  '$recursiveAnchor',
];

/** What a prepared subschema is: where it sits in the prepared schema, and whether it may be compiled on its own. */
export interface PreparedNode {
  /** No references, ids or anchors in it: it validates the same wherever it sits. */
  pure: boolean;
  /** At a schema position, and one of the resolved document's shared objects (a `$ref`d component). */
  shared: boolean;
}

/** Facts about prepared objects, for the compiler (compile-shared-schemas.ts). */
export const preparedNodes = new WeakMap<object, PreparedNode>();

class Unpreparable extends Error {}

/**
 * Spectral's `oasExample` prepares a schema for example validation by deep-copying it (JSON round trip) and then:
 * deleting `id` from objects under keys that are not schema keywords (walked with `allKeys`), and, for request
 * examples, dropping `readOnly` properties from `required` (response examples: `writeOnly`), except under `not`.
 * This gives the same object, but copies each object of the resolved document once per way it is reached, so
 * subschemas shared in the document (components) stay shared in the prepared schemas.
 */
export function createExampleSchemaPreparer(readOnly: boolean, writeOnly: boolean, shared: WeakSet<object>) {
  const relax = readOnly || writeOnly;
  // By source object, then by how it is reached (walked by each pass, under `not`, `id` dropped).
  const memo = new WeakMap<object, Map<number, unknown>>();

  const copyJson = (value: unknown): unknown =>
    value !== null && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value;

  /**
   * `inC`: reached by the `allKeys` pass (ids dropped under non-keywords); `inD`: reached by the readOnly/writeOnly
   * pass (keywords only); `underNot`: that pass skips it; `dropId`: its parent key is not a keyword.
   */
  function node(source: Json, inC: boolean, inD: boolean, underNot: boolean, dropId: boolean): Json {
    const how = (inC ? 1 : 0) | (inD ? 2 : 0) | (underNot ? 4 : 0) | (dropId ? 8 : 0);
    let byHow = memo.get(source);
    if (!byHow) memo.set(source, (byHow = new Map()));
    const known = byHow.get(how);
    if (known !== undefined) return known as Json;
    if (typeof (source as { toJSON?: unknown }).toJSON === 'function') throw new Unpreparable();
    const out: Json = {};
    let pure = true;
    const child = (value: unknown, parentKeyword: string, walkedByD: boolean, notBelow: boolean): unknown => {
      if (!isObject(value)) return copyJson(value);
      const prepared = node(value, inC, walkedByD, notBelow, inC && !KNOWN.has(parentKeyword));
      if (!preparedNodes.get(prepared)?.pure) pure = false;
      return prepared;
    };
    for (const key in source) {
      if (key === '__proto__') throw new Unpreparable();
      const value = source[key];
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      let copied: unknown;
      if (!inC && !inD) copied = copyJson(value);
      else if (Array.isArray(value)) {
        if (key in traverse.arrayKeywords)
          copied = value.map((item) => {
            const c = child(item, key, inD, underNot);
            return c === undefined ? null : c;
          });
        else copied = copyJson(value);
      } else if (key in traverse.propsKeywords) {
        if (isObject(value)) {
          const props: Json = {};
          for (const prop in value) {
            if (prop === '__proto__') throw new Unpreparable();
            const c = child(value[prop], key, inD, underNot);
            if (c !== undefined) props[prop] = c;
          }
          copied = props;
        } else copied = copyJson(value);
      } else if (key in traverse.keywords) {
        copied = child(value, key, inD, underNot || (inD && key === 'not'));
      } else if (inC && !(key in traverse.skipKeywords)) {
        copied = child(value, key, false, underNot);
      } else copied = copyJson(value);
      if (copied !== undefined) out[key] = copied;
    }
    if (dropId) delete out.id; // sic: Spectral deletes `id` (not `$id`) for both
    if (relax && inD && !underNot && isObject(out.properties)) {
      const properties = out.properties;
      for (const name in properties) {
        const property = properties[name];
        if (!isObject(property)) continue;
        if ((property.readOnly === true && readOnly) || (property.writeOnly === true && writeOnly)) {
          if (out.required === undefined || Array.isArray(out.required)) {
            const required = (out.required as string[] | undefined)?.filter((p) => p !== name);
            if (required === undefined || required.length === 0) delete out.required;
            else out.required = required;
          }
        }
      }
    }
    if (pure) for (const key of PLACE_BOUND) if (key in out) pure = false;
    preparedNodes.set(out, { pure, shared: inC && inD && shared.has(source) });
    byHow.set(how, out);
    return out;
  }

  /** The prepared schema, or undefined when this source cannot be prepared this way (then use Spectral's way). */
  return (schema: Json, dropBooleanRequired: boolean): Json | undefined => {
    try {
      if (!dropBooleanRequired) return node(schema, true, relax, false, false);
      const source = { ...schema };
      delete source.required;
      return node(source, true, relax, false, false);
    } catch (error) {
      if (error instanceof Unpreparable) return undefined;
      throw error;
    }
  };
}

/** Objects reached more than once in a resolved document: the `$ref`d ones. */
export function sharedObjects(root: unknown): WeakSet<object> {
  const seen = new WeakSet<object>();
  const shared = new WeakSet<object>();
  if (root === null || typeof root !== 'object') return shared;
  const stack: object[] = [root];
  seen.add(root);
  while (stack.length > 0) {
    const current = stack.pop() as Json;
    for (const key in current) {
      const value = current[key];
      if (value === null || typeof value !== 'object') continue;
      if (seen.has(value)) shared.add(value);
      else {
        seen.add(value);
        stack.push(value);
      }
    }
  }
  return shared;
}
