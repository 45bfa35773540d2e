import { createRequire } from 'node:module';
import { preparedNodes } from './example-schema.js';

const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const { escapeFragment } = fromFunctions('ajv/dist/compile/util') as { escapeFragment(s: string): string };

type Json = Record<string, unknown>;
type Validate = ((this: unknown, data: unknown, cxt?: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvError {
  keyword: string;
  schemaPath: string;
}
interface Ajv {
  RULES: { all: Record<string, unknown> };
  opts: { allErrors?: boolean; unevaluated?: boolean; dynamicRef?: boolean; inlineRefs?: boolean | number };
  schemas: Record<string, { validate?: Validate } | undefined>;
  addSchema(schema: object, key: string): unknown;
  getSchema(key: string): Validate | undefined;
}

/** Prepared example schemas (example-schema.ts): the compile hook compiles them with shared subschemas apart. */
const roots = new WeakSet<object>();
export function markPreparedRoot(schema: object): void {
  roots.add(schema);
}
export const isPreparedRoot = (schema: unknown): schema is Json =>
  schema !== null && typeof schema === 'object' && roots.has(schema);

const PREFIX = 'urn:interlock:shared:';
let nextId = 0;
const idOf = new WeakMap<object, string>();
const byId = new Map<string, WeakRef<object>>();

function sharedId(node: object): string {
  let id = idOf.get(node);
  if (id === undefined) {
    id = `${PREFIX}${nextId++}`;
    idOf.set(node, id);
    byId.set(id, new WeakRef(node));
  }
  return id;
}

/**
 * A subschema is compiled apart if it is shared, pure, and has a keyword Ajv validates with: Ajv skips a subschema
 * without one, but would check a schema of its own (e.g. `nullable` without `type` is an error only there).
 */
function apart(ajv: Ajv, value: object): boolean {
  const facts = preparedNodes.get(value);
  if (facts === undefined || !facts.pure || !facts.shared) return false;
  for (const key in value) if (ajv.RULES.all[key]) return true;
  return false;
}

/** A prepared schema with each shared, pure subschema below `top` that Ajv took on its own replaced by a `$ref`. */
interface Shallow {
  schema: unknown;
  refs: number;
}
const shallowOf = new WeakMap<Ajv, WeakMap<object, Shallow>>();
/** Per instance: shared subschemas added (true) or rejected (false; those stay inline, as in Spectral). */
const added = new WeakMap<Ajv, Map<string, boolean>>();

function shallow(ajv: Ajv, top: object): Shallow {
  let forAjv = shallowOf.get(ajv);
  if (!forAjv) shallowOf.set(ajv, (forAjv = new WeakMap()));
  const known = forAjv.get(top);
  if (known) return known;
  let refs = 0;
  const visited = new Map<object, unknown>();
  const walk = (value: unknown): unknown => {
    if (value === null || typeof value !== 'object') return value;
    const seen = visited.get(value);
    if (seen !== undefined) return seen;
    let copy: unknown = value;
    if (value !== top && apart(ajv, value) && ensure(ajv, value)) {
      refs++;
      copy = { $ref: sharedId(value) };
    } else if (Array.isArray(value)) {
      const items = value.map(walk);
      if (items.some((item, i) => item !== value[i])) copy = items;
    } else {
      let changed: Json | undefined;
      for (const key in value as Json) {
        const item = (value as Json)[key];
        const walked = walk(item);
        if (walked !== item) changed ??= { ...(value as Json) };
        if (changed) changed[key] = walked;
      }
      if (changed) copy = changed;
    }
    visited.set(value, copy);
    return copy;
  };
  const result = { schema: walk(top), refs };
  forAjv.set(top, result);
  return result;
}

/**
 * Adds a shared subschema to the instance (first the shared ones in it), compiled once, its errors tagged with its
 * id. False when Ajv rejects it on its own: then it stays inline wherever it is used, as in Spectral.
 */
function ensure(ajv: Ajv, node: object): boolean {
  const id = sharedId(node);
  let status = added.get(ajv);
  if (!status) added.set(ajv, (status = new Map()));
  const known = status.get(id);
  if (known !== undefined) return known;
  status.set(id, false);
  try {
    const { schema, refs } = shallow(ajv, node);
    ajv.addSchema(schema as object, id);
    // One without references is inlined where it is used (its errors' schemaPath starts with the id); the others
    // are called, so their errors are tagged here.
    if (refs > 0 || ajv.opts.inlineRefs === false || typeof ajv.opts.inlineRefs === 'number') {
      const inner = ajv.getSchema(id) as Validate;
      const env = ajv.schemas[id] as { validate?: Validate };
      const tagged = function (this: unknown, data: unknown, cxt?: unknown) {
        const valid = inner.call(this, data, cxt);
        const errors = inner.errors;
        if (errors)
          for (const error of errors)
            if (error.schemaPath.startsWith('#')) error.schemaPath = id + error.schemaPath.slice(1);
        tagged.errors = errors;
        return valid;
      } as Validate;
      env.validate = tagged;
    }
  } catch {
    return false;
  }
  status.set(id, true);
  return true;
}

/**
 * Compiles a prepared example schema with its shared subschemas (components, which the resolved document repeats
 * in full wherever they are `$ref`d) as schemas of their own, each compiled once per Ajv instance: on GitHub's spec
 * the same components were compiled into thousands of validators. Ajv validates a `$ref` exactly as the inlined
 * subschema, with the same errors; only `schemaPath` differs, which OAS 3.0's `nullable` rewriting reads, so those
 * are given back as paths into the prepared schema. Returns undefined when the instance or schema does not allow it
 * (dialects that track evaluated properties across `$ref`, `allErrors`, a subschema Ajv rejects): then the caller
 * compiles it inline as before.
 */
export function compileWithSharedSubschemas(
  ajv: Ajv,
  root: Json,
  compile: (schema: object) => Validate,
): Validate | undefined {
  const { opts } = ajv;
  if (opts.allErrors || opts.unevaluated || opts.dynamicRef) return undefined;
  let validate: Validate;
  try {
    const { schema, refs } = shallow(ajv, root);
    if (refs === 0) return undefined;
    validate = compile(schema as object);
  } catch {
    return undefined;
  }
  let pointers: Map<object, string> | undefined;
  const wrapped = function (this: unknown, data: unknown, cxt?: unknown) {
    const valid = validate.call(this, data, cxt);
    const errors = validate.errors;
    if (errors)
      for (const error of errors) {
        if (error.keyword !== 'type' || !error.schemaPath.startsWith(PREFIX)) continue;
        const slash = error.schemaPath.indexOf('/');
        const id = slash < 0 ? error.schemaPath : error.schemaPath.slice(0, slash);
        const node = byId.get(id)?.deref();
        pointers ??= pointersIn(root);
        const at = node && pointers.get(node);
        if (at !== undefined) error.schemaPath = `#${at}${slash < 0 ? '' : error.schemaPath.slice(slash)}`;
      }
    wrapped.errors = errors;
    return valid;
  } as Validate;
  return wrapped;
}

/** Where each object first sits in a schema, as a URI-fragment JSON pointer (as Ajv writes `schemaPath`). */
function pointersIn(root: object): Map<object, string> {
  const at = new Map<object, string>([[root, '']]);
  const queue: object[] = [root];
  for (let i = 0; i < queue.length; i++) {
    const current = queue[i] as Json;
    const base = at.get(current) as string;
    for (const key in current) {
      const value = current[key];
      if (value === null || typeof value !== 'object' || at.has(value)) continue;
      at.set(value, `${base}/${escapeFragment(key)}`);
      queue.push(value);
    }
  }
  return at;
}
