/**
 * What json-ref-resolver does to a document through Immer (9, Proxy drafts, auto-freeze off), done without Proxies:
 * its inline dereferencing reads target values with lodash `get` and writes them over the `$ref`s with lodash `set`,
 * on a draft of the document. Immer's drafts belong to a place in the tree, not to an object: a value read from the
 * draft is the draft of that place, written elsewhere it stays that one draft (later writes under it show in both
 * places), and finalizing turns each draft into its base object if nothing under it changed, else into a shallow copy
 * holding the finalized drafts. `Draft` keeps that state as Immer's does (`base`, `copy`, `modified`, `parent`), and
 * the functions below do what the Proxy traps, lodash and `finalize` do, step for step, so the result is the same tree
 * with the same objects shared; on GitHub's spec this takes a fraction of the time the Proxies took.
 *
 * Anything the document could hold that is not JSON (an object that is not plain, nor an array) throws `Unusual`,
 * and the caller then resolves with json-ref-resolver itself.
 */
type Container = Record<PropertyKey, unknown>;

export class Unusual extends Error {}

export class Draft {
  copy: Container | undefined;
  modified = false;
  finalized = false;
  /** Keys of `copy` that were given a Draft (Immer's `finalize` visits every key; only these can hold one). */
  readonly drafted: PropertyKey[] = [];
  constructor(
    readonly base: Container,
    readonly parent: Draft | undefined,
  ) {}
}

const hasOwn = (object: object, key: PropertyKey) => Object.prototype.hasOwnProperty.call(object, key);
const latest = (draft: Draft) => draft.copy ?? draft.base;
const objectCtorString = Object.prototype.constructor.toString();
const DRAFTABLE = Symbol.for('immer-draftable');

/** Immer's `isPlainObject`. */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null) return true;
  const Ctor = hasOwn(proto, 'constructor') && (proto as { constructor: unknown }).constructor;
  if (Ctor === Object) return true;
  return typeof Ctor === 'function' && Function.toString.call(Ctor) === objectCtorString;
}

/** Immer's `isDraftable` for plain data; other objects (which JSON and YAML do not give) are left to Immer. */
function isDraftable(value: unknown): value is Container {
  if (!value || typeof value !== 'object') return false;
  if (Array.isArray(value) || isPlainObject(value)) return true;
  if ((value as Container)[DRAFTABLE] || value instanceof Map || value instanceof Set) throw new Unusual();
  const ctor = (value as { constructor?: Container }).constructor;
  if (ctor?.[DRAFTABLE]) throw new Unusual();
  return false;
}

/** Immer's `shallowCopy`: arrays sliced; objects re-created from their own property descriptors, made writable. */
function shallowCopy(base: Container): Container {
  if (Array.isArray(base)) return Array.prototype.slice.call(base) as unknown as Container;
  if (Object.getPrototypeOf(base) === Object.prototype) {
    // The same copy when every own property is enumerable (as in parsed JSON; not in the ordered objects of
    // @stoplight/yaml, which hold their key order in a hidden symbol): V8 copies those fast.
    const copy = Object.assign({}, base);
    if (Reflect.ownKeys(copy).length === Reflect.ownKeys(base).length) return copy;
  }
  const descriptors = Object.getOwnPropertyDescriptors(base) as Record<PropertyKey, PropertyDescriptor>;
  delete descriptors[Symbol.for('immer-state')];
  for (const key of Reflect.ownKeys(descriptors)) {
    const desc = descriptors[key] as PropertyDescriptor;
    if (desc.writable === false) {
      desc.writable = true;
      desc.configurable = true;
    }
    if (desc.get || desc.set)
      descriptors[key] = {
        configurable: true,
        writable: true,
        enumerable: desc.enumerable,
        value: base[key],
      };
  }
  return Object.create(Object.getPrototypeOf(base), descriptors) as Container;
}

function prepareCopy(draft: Draft): Container {
  draft.copy ??= shallowCopy(draft.base);
  return draft.copy;
}

function markChanged(draft: Draft | undefined): void {
  while (draft && !draft.modified) {
    draft.modified = true;
    draft = draft.parent;
  }
}

/** The Proxy's `get` trap: a draftable value still the base's becomes (and stays) the draft of its place. */
function read(draft: Draft, key: PropertyKey): unknown {
  const source = latest(draft);
  if (!hasOwn(source, key)) return source[key]; // from the prototype, as Immer's `readPropFromProto`
  const value = source[key];
  if (value instanceof Draft || !isDraftable(value)) return value;
  if (value !== draft.base[key]) return value;
  const child = new Draft(value, draft);
  prepareCopy(draft)[key] = child;
  draft.drafted.push(key);
  return child;
}

/** The Proxy's `set` trap (for an array draft, Immer's development build accepts only indices and `length`). */
function write(draft: Draft, key: PropertyKey, value: unknown): void {
  if (Array.isArray(draft.base) && key !== 'length' && Number.isNaN(Number.parseInt(key as string)))
    throw new Unusual();
  if (!draft.modified) {
    const current = latest(draft)[key];
    if (current instanceof Draft && current.base === value) {
      (draft.copy as Container)[key] = value;
      return;
    }
    if (Object.is(value, current) && (value !== undefined || hasOwn(draft.base, key))) return;
    prepareCopy(draft);
    markChanged(draft);
  }
  const copy = draft.copy as Container;
  if (
    (copy[key] === value && (value !== undefined || key in copy)) ||
    (Number.isNaN(value) && Number.isNaN(copy[key]))
  )
    return;
  copy[key] = value;
  if (value instanceof Draft) draft.drafted.push(key);
}

/** A property of a draft or of a plain value, as lodash reads it through the draft. */
function property(object: unknown, key: string): unknown {
  if (object instanceof Draft) return read(object, key);
  return (object as Container)[key];
}

/** lodash `get(draft, path)` (a non-empty path). */
export function getIn(root: Draft, path: readonly string[]): unknown {
  let object: unknown = root;
  let index = 0;
  while (object != null && index < path.length) object = property(object, path[index++] as string);
  return index && index === path.length ? object : undefined;
}

const unsafeKey = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';
const isObject = (value: unknown) =>
  value != null && (typeof value === 'object' || typeof value === 'function');
const sameValueZero = (a: unknown, b: unknown) => a === b || (a !== a && b !== b);

/**
 * lodash `set(draft, path, value)` for a path whose every parent is a draft (the caller's paths lead to a `$ref` the
 * crawler found, through objects that are never replaced); anything else throws `Unusual`.
 */
export function setIn(root: Draft, path: readonly string[], value: unknown): void {
  let nested: unknown = root;
  const last = path.length - 1;
  for (let index = 0; nested != null && index <= last; index++) {
    const key = path[index] as string;
    if (unsafeKey(key)) return;
    if (!(nested instanceof Draft)) throw new Unusual();
    let newValue = value;
    if (index !== last) {
      const objValue = read(nested, key);
      if (!isObject(objValue)) throw new Unusual(); // lodash would make an object here
      newValue = objValue;
    }
    // lodash `assignValue`: no write when the draft already holds the same value.
    const objValue = read(nested, key);
    if (!(hasOwn(latest(nested), key) && sameValueZero(objValue, newValue))) write(nested, key, newValue);
    nested = read(nested, key);
  }
}

/** Immer's `finalize` (auto-freeze off): an unchanged draft is its base, a changed one its copy with drafts finalized. */
export function finalize(draft: Draft): unknown {
  if (!draft.modified) return draft.base;
  const copy = draft.copy as Container;
  if (!draft.finalized) {
    draft.finalized = true;
    for (const key of draft.drafted) {
      const child = copy[key];
      if (child instanceof Draft) copy[key] = finalize(child);
    }
  }
  return copy;
}
