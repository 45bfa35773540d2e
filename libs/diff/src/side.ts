import type { LoadedSpec } from '@interlock/openapi';

export type Obj = Record<string, unknown>;

/** A schema as met during the walk: the object and its pointer in the bundled document. */
export interface Node {
  s: Obj;
  ptr: string;
}

const ANNOTATIONS = new Set([
  'description',
  'title',
  'example',
  'examples',
  'externalDocs',
  '$comment',
  'xml',
]);

/** One version of the API during a diff: the bundled document, with `$ref`s followed and allOf flattened on demand. */
export class Side {
  readonly doc: Obj;
  private readonly flat = new WeakMap<Obj, Node>();
  /** Pointers of property schemas that came from an allOf member, so changes point at where they were written. */
  readonly pointers = new WeakMap<object, string>();

  constructor(readonly spec: LoadedSpec) {
    this.doc = spec.document;
  }

  /** Follows `$ref` chains (local, as the bundler leaves them). A dangling or cyclic chain gives an empty schema. */
  deref(value: unknown, ptr: string): Node | undefined {
    let s = value;
    let at = ptr;
    for (let hops = 0; isObj(s) && typeof s.$ref === 'string'; hops++) {
      if (hops > 64) return { s: {}, ptr: at };
      const ref = s.$ref;
      if (!ref.startsWith('#')) return { s: {}, ptr: at };
      at = decodeURIComponent(ref.slice(1));
      s = get(this.doc, at);
      if (s === undefined) return { s: {}, ptr: at };
    }
    if (s === true) return { s: {}, ptr: at };
    if (s === false) return { s: { not: {} }, ptr: at };
    return isObj(s) ? { s, ptr: at } : undefined;
  }

  /**
   * The schema with allOf merged into it, so that splitting a schema with allOf (a refactor that keeps the wire
   * shape) compares equal to the schema written whole.
   */
  flatten(node: Node): Node {
    const all = node.s.allOf;
    if (!Array.isArray(all) || all.length === 0) return node;
    const cached = this.flat.get(node.s);
    if (cached) return cached;
    const merged: Obj = {};
    const props: Obj = {};
    const required = new Set<string>();
    const put = (n: Node): void => {
      for (const [k, v] of Object.entries(n.s)) {
        if (k === 'allOf') continue;
        if (k === 'properties' && isObj(v)) {
          for (const [name, p] of Object.entries(v)) {
            if (props[name] === undefined) {
              props[name] = p;
              if (isObj(p)) this.pointers.set(p, `${n.ptr}/properties/${esc(name)}`);
            }
          }
        } else if (k === 'required' && Array.isArray(v)) {
          for (const r of v) if (typeof r === 'string') required.add(r);
        } else if (!(k in merged)) merged[k] = v;
      }
    };
    this.flat.set(node.s, { s: merged, ptr: node.ptr });
    const own: Obj = { ...node.s };
    delete own.allOf;
    put({ s: own, ptr: node.ptr });
    all.forEach((member, i) => {
      const m = this.deref(member, `${node.ptr}/allOf/${i}`);
      if (m) put(this.flatten(m));
    });
    if (Object.keys(props).length) merged.properties = props;
    if (required.size) merged.required = [...required];
    return { s: merged, ptr: node.ptr };
  }

  /** The resolved, flattened schema of a child value, or undefined when there is none. */
  child(value: unknown, ptr: string): Node | undefined {
    const at = isObj(value) ? (this.pointers.get(value) ?? ptr) : ptr;
    const n = this.deref(value, at);
    return n && this.flatten(n);
  }
}

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function esc(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function get(doc: unknown, pointer: string): unknown {
  if (pointer === '' || pointer === '/') return doc;
  let cur = doc;
  for (const raw of pointer.slice(1).split('/')) {
    const t = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Obj)[t];
  }
  return cur;
}

/**
 * Whether two schemas describe the same wire shape: compared through `$ref`s and allOf, annotations ignored.
 * Pairs already under comparison count as equal (a recursive schema equals itself), and results are memoised per
 * pair of objects, so shared components are compared once.
 */
export class Sameness {
  private readonly memo = new WeakMap<object, WeakMap<object, boolean>>();
  private readonly active = new WeakMap<object, WeakSet<object>>();

  constructor(
    private readonly base: Side,
    private readonly revision: Side,
  ) {}

  schemas(b: unknown, r: unknown): boolean {
    const bn = b === undefined ? undefined : this.base.child(b, '');
    const rn = r === undefined ? undefined : this.revision.child(r, '');
    if (!bn || !rn) return bn === rn;
    return this.nodes(bn.s, rn.s);
  }

  private nodes(b: Obj, r: Obj): boolean {
    if (b === r) return true;
    const known = this.memo.get(b)?.get(r);
    if (known !== undefined) return known;
    let active = this.active.get(b);
    if (active?.has(r)) return true;
    if (!active) this.active.set(b, (active = new WeakSet()));
    active.add(r);
    const result = this.objects(b, r);
    active.delete(r);
    let m = this.memo.get(b);
    if (!m) this.memo.set(b, (m = new WeakMap()));
    m.set(r, result);
    return result;
  }

  private objects(b: Obj, r: Obj): boolean {
    const keys = new Set([...Object.keys(b), ...Object.keys(r)]);
    for (const k of keys) {
      if (ANNOTATIONS.has(k)) continue;
      const bv = b[k];
      const rv = r[k];
      if (SCHEMA_MAPS.has(k)) {
        if (!isObj(bv) || !isObj(rv)) {
          if (bv !== rv && !(isEmptyish(bv) && isEmptyish(rv))) return false;
          continue;
        }
        const names = new Set([...Object.keys(bv), ...Object.keys(rv)]);
        for (const n of names) if (!this.schemas(bv[n], rv[n])) return false;
      } else if (SCHEMA_LISTS.has(k)) {
        if (!Array.isArray(bv) || !Array.isArray(rv) || bv.length !== rv.length) {
          if (!(bv === undefined && rv === undefined)) return false;
          continue;
        }
        for (let i = 0; i < bv.length; i++) if (!this.schemas(bv[i], rv[i])) return false;
      } else if (SCHEMA_VALUES.has(k)) {
        if (isObj(bv) || isObj(rv)) {
          if (!this.schemas(bv, rv)) return false;
        } else if (bv !== rv) return false;
      } else if (!equalJson(bv, rv)) return false;
    }
    return true;
  }
}

function isEmptyish(v: unknown): boolean {
  return v === undefined || (isObj(v) && Object.keys(v).length === 0);
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs', 'definitions']);
const SCHEMA_LISTS = new Set(['oneOf', 'anyOf', 'prefixItems']);
const SCHEMA_VALUES = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'contentSchema',
]);

export function equalJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equalJson(x, bb[i]));
  }
  const ao = a as Obj;
  const bo = b as Obj;
  const ak = Object.keys(ao);
  if (ak.length !== Object.keys(bo).length) return false;
  return ak.every((k) => Object.hasOwn(bo, k) && equalJson(ao[k], bo[k]));
}
