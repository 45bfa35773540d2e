import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Resolver, ResolveError, ResolveResult } from '@stoplight/spectral-ref-resolver';
import { Draft, Unusual, finalize, getIn, setIn } from './draft-tree.js';
import { PointerGraph } from './pointer-graph.js';
import { resolutionFreezes } from './unfrozen-resolution.js';

type Json = Record<string, unknown>;
type Path = string[];
interface Uri {
  toString(): string;
}
interface Graph {
  hasNode(node: string): boolean;
  addNode(node: string, data?: unknown): void;
  addDependency(from: string, to: string): void;
  getNodeData(node: string): { refMap: Record<string, string> };
}
interface Runner {
  readonly baseUri: Uri;
  readonly root: string;
  readonly graph: Graph;
  readonly depth: number;
  readonly uriStack: string[];
  readonly getRef: unknown;
  readonly transformRef: unknown;
  readonly transformDereferenceResult: unknown;
  readonly dereferenceInline: boolean;
  readonly dereferenceRemote: boolean;
  _source: unknown;
  computeRef(opts: { key: string; val: unknown; pointerStack: string[] }): Uri | undefined;
  _setGraphNodeData(node: string, data: unknown): void;
}
/** The fields of json-ref-resolver's `Resolver` that its `resolve` hands to the runner. */
interface ResolverFields {
  uriCache: unknown;
  resolvers: unknown;
  getRef: unknown;
  transformRef: unknown;
  dereferenceInline: boolean;
  dereferenceRemote: boolean;
  parseResolveResult: unknown;
  transformDereferenceResult: unknown;
  ctx: unknown;
}
type ResolveOpts = Parameters<Resolver['resolve']>[1] & { jsonPointer?: string; ctx?: unknown };

// json-ref-resolver's own modules (the runner, its pointer helpers) and the very DepGraph and @stoplight/json it uses.
const fromSpectral = createRequire(
  createRequire(import.meta.url).resolve('@stoplight/spectral-ref-resolver'),
);
const fromResolver = createRequire(fromSpectral.resolve('@stoplight/json-ref-resolver'));
const resolverDir = dirname(fromSpectral.resolve('@stoplight/json-ref-resolver'));
const { ResolveRunner, defaultGetRef } = fromResolver(join(resolverDir, 'runner.js')) as {
  ResolveRunner: new (source: unknown, graph: Graph, opts: object) => Runner;
  defaultGetRef: (key: string, val: unknown) => string | undefined;
};
const Utils = fromResolver(join(resolverDir, 'utils.js')) as {
  addToJSONPointer(pointer: string, part: string): string;
  uriIsJSONPointer(ref: Uri): boolean;
  uriToJSONPointer(ref: Uri): string;
};
const { DepGraph } = fromResolver('dependency-graph') as { DepGraph: new (opts: object) => Graph };
const { pointerToPath, pathToPointer, startsWith } = fromResolver('@stoplight/json') as {
  pointerToPath(pointer: string): Path;
  pathToPointer(path: Path): string;
  startsWith(source: Path, value: Path): boolean;
};

/** A `$ref` the crawler would follow: where it is (`pointer`, `path`) and the pointer it targets. */
interface Site {
  pointer: string;
  path: Path;
  target: Target;
}
interface Target {
  pointer: string;
  path: Path;
}

/**
 * Spectral's resolver (json-ref-resolver's `Resolver`) for a document whose `$ref`s all point into itself, done the
 * way json-ref-resolver does it but without its costs: on GitHub's spec (10,460 `$ref`s) the crawl parses a URI per
 * `$ref`, dependency-graph answers membership with `indexOf` (quadratic) and recomputes the same transitive closure
 * for every `$ref` to a target, and Immer wraps each object on the way in a Proxy. The steps, their order (which
 * decides what a `$ref` to a `$ref` gets) and their results are json-ref-resolver's: the same `result` (the same
 * objects shared, the same key order), `refMap`, `errors` and dependency graph.
 *
 * Everything else goes to `resolver` itself: a `$ref` to another file or a URL (so files and URLs are read, or
 * refused, exactly as before), a `$ref` that is not a JSON pointer or points at the root, a key that pointers do not
 * give back as written, a ruleset whose functions need the resolved document frozen, and any other option.
 */
export function createInlineResolver(resolver: Resolver): Resolver {
  const fields = resolver as unknown as ResolverFields;
  const inline = {
    get uriCache() {
      return fields.uriCache;
    },
    async resolve(source: unknown, opts: ResolveOpts = {}): Promise<ResolveResult> {
      if (
        !resolutionFreezes() &&
        opts.jsonPointer === undefined &&
        source !== null &&
        typeof source === 'object'
      ) {
        const resolved = resolveInline(fields, source as Json, opts);
        if (resolved) return resolved;
      }
      return resolver.resolve(source, opts);
    },
  };
  return inline as unknown as Resolver;
}

function resolveInline(fields: ResolverFields, source: Json, opts: ResolveOpts): ResolveResult | undefined {
  // As `Resolver.resolve` starts its runner.
  const graph = new DepGraph({ circular: true });
  const runner = new ResolveRunner(source, graph, {
    uriCache: fields.uriCache,
    resolvers: fields.resolvers,
    getRef: fields.getRef,
    transformRef: fields.transformRef,
    dereferenceInline: fields.dereferenceInline,
    dereferenceRemote: fields.dereferenceRemote,
    parseResolveResult: fields.parseResolveResult,
    transformDereferenceResult: fields.transformDereferenceResult,
    ...opts,
    ctx: Object.assign({}, fields.ctx || {}, opts.ctx || {}),
  });
  const base = runner.baseUri.toString();
  if (
    runner.getRef !== defaultGetRef ||
    runner.transformRef ||
    runner.transformDereferenceResult ||
    !runner.dereferenceInline ||
    runner.depth !== 0 ||
    base === '' // graph nodes would then be bare pointers, which the runner also gives data to
  )
    return undefined;
  try {
    const sites = survey(runner, source);
    return sites && dereference(runner, source, sites, base);
  } catch {
    // `Unusual`, or something in the document that json-ref-resolver stumbles on too: it answers, as it would.
    return undefined;
  }
}

const unsafeKey = (key: string) => key === '__proto__' || key === 'constructor' || key === 'prototype';

/**
 * The crawl of `ResolveCrawler.computeGraph` (own keys in `for…in` order; a `$ref` is not looked into): the `$ref`s in
 * the order the crawler meets them. Undefined when one is not a pointer into this document.
 */
function survey(runner: Runner, source: Json): Site[] | undefined {
  if (getRef(source) !== undefined) return undefined;
  const targets = new Map<string, Target | null>();
  const sites: Site[] = [];
  const path: Path = [];
  const walk = (object: Json) => {
    for (const key in object) {
      // As the crawler asks it (an object without this method, or with a key of that name, fails there too).
      // eslint-disable-next-line no-prototype-builtins
      if (!object.hasOwnProperty(key)) continue;
      const val = object[key];
      path.push(key);
      const ref = getRef(val);
      if (ref !== undefined) {
        let target = targets.get(ref);
        if (target === undefined) {
          target = targetOf(runner, key, val);
          targets.set(ref, target);
        }
        if (target === null) throw new Unusual();
        const pointer = path.reduce(Utils.addToJSONPointer, '#');
        // The crawler's pointer is decoded again (percent-decoding too) to find the `$ref`; it must lead back here.
        const back = pointerToPath(pointer);
        if (back.length !== path.length || back.some((part, i) => part !== path[i] || unsafeKey(part)))
          throw new Unusual();
        sites.push({ pointer, path: path.slice(), target });
      } else if (typeof val === 'object') walk(val as Json);
      path.pop();
    }
  };
  walk(source);
  return sites;
}

/** json-ref-resolver's `defaultGetRef` (the key is not read). */
const getRef = (val: unknown) => defaultGetRef('', val);

/** The pointer a `$ref` targets, as the runner computes it; null when it is not a pointer into this document. */
function targetOf(runner: Runner, key: string, val: unknown): Target | null {
  const ref = runner.computeRef({ key, val, pointerStack: [] });
  if (ref === undefined || !Utils.uriIsJSONPointer(ref)) return null;
  const pointer = Utils.uriToJSONPointer(ref);
  let path: Path;
  try {
    path = pointerToPath(pointer);
  } catch {
    return null; // the crawler reports PARSE_POINTER
  }
  if (path.length === 0 || path.some(unsafeKey)) return null;
  return { pointer, path };
}

/** `ResolveCrawler._resolveRef` for local pointers, then the runner's inline dereferencing, as in `runner.js`. */
function dereference(runner: Runner, source: Json, sites: Site[], base: string): ResolveResult {
  const graph = runner.graph;
  const pointerGraph = new PointerGraph();
  const stemGraph = new PointerGraph();
  const linked = new Set<string>();
  // A `$ref` to one of its own parents is left as it is (the crawler skips it).
  const followed = sites.filter(({ path, target }) => !target.path.every((part, i) => path[i] === part));
  // The stem graph answers one question: which targets a target leads to (`dependenciesOf`). Its edges go from each
  // parent of a `$ref` (below where its path leaves the target's) to the target, so only edges from targets are ever
  // walked; the others are left out (most of them: they are long strings, each hashed for DepGraph's maps).
  const targets = new Set(followed.map((site) => site.target.pointer));
  const targetLengths = new Set([...targets].map((pointer) => pointer.length));
  for (const { pointer: parentPointer, path: parentPath, target } of followed) {
    const { pointer: targetPointer, path: targetPath } = target;
    stemGraph.addNode(targetPointer);
    let stem = '#';
    let tail = '';
    for (let i = 0; i < parentPath.length; i++) {
      const part = parentPath[i] as string;
      if (part === targetPath[i]) stem += `/${part}`;
      else {
        tail += `/${part}`;
        const dep = `${stem}${tail}`;
        if (
          dep !== parentPointer &&
          dep !== targetPointer &&
          targetLengths.has(dep.length) &&
          targets.has(dep)
        ) {
          stemGraph.addNode(dep);
          stemGraph.addDependency(dep, targetPointer);
        }
      }
    }
    pointerGraph.addNode(parentPointer);
    pointerGraph.addNode(targetPointer);
    const targetRef = `${base}${targetPointer}`;
    if (!graph.hasNode(targetRef)) graph.addNode(targetRef, { refMap: {} });
    // DepGraph keeps an edge once (checked by `indexOf`): skipping repeats here saves the scans.
    if (runner.root !== targetRef && !linked.has(targetRef)) {
      linked.add(targetRef);
      graph.addDependency(runner.root, targetRef);
    }
    pointerGraph.addDependency(parentPointer, targetPointer);
  }

  const refMap: Record<string, string> = {};
  const errors: ResolveError[] = [];
  const rootRefMap = graph.getNodeData(runner.root).refMap;
  const draft = new Draft(source, undefined);
  // Pure functions of a pointer or of the (finished) graphs, asked the same questions many times over.
  const paths = new Map<string, Path>(sites.map((site) => [site.pointer, site.path]));
  const pathOf = (pointer: string) => {
    let path = paths.get(pointer);
    if (path === undefined) paths.set(pointer, (path = pointerToPath(pointer)));
    return path;
  };
  // `pathToPointer` encodes each segment alone and joins them: the encoded segments (few distinct) are kept.
  const segments = new Map<string, string>();
  const encoded = (segment: string) => {
    let code = segments.get(segment);
    if (code === undefined) segments.set(segment, (code = pathToPointer([segment]).slice(2)));
    return code;
  };
  const pointers = new Map<string, string>();
  const uriPointerOf = (pointer: string, path: Path) => {
    let uriPointer = pointers.get(pointer);
    if (uriPointer === undefined) pointers.set(pointer, (uriPointer = `#/${path.map(encoded).join('/')}`));
    return uriPointer;
  };
  // json-ref-resolver stops dereferencing at an error and keeps what it has done; here any error hands the whole
  // document to it instead, so that it is its own failure with its own partial result.
  for (const pointer of pointerGraph.overallOrder()) {
    const dependants = pointerGraph.dependantsOf(pointer);
    if (!dependants.length) continue;
    const pointerPath = pathOf(pointer);
    if (pointerPath.length === 0) throw new Unusual(); // the runner reads Immer's `original` then
    const val = getIn(draft, pointerPath);
    let stems: string[] | undefined;
    for (const dependant of dependants) {
      const dependantPath = pathOf(dependant);
      stems ??= stemGraph.dependenciesOf(pointer);
      let isCircular = false;
      for (const stem of stems)
        if (startsWith(dependantPath, pathOf(stem))) {
          isCircular = true;
          break;
        }
      if (isCircular) continue;
      const from = uriPointerOf(dependant, dependantPath);
      const to = uriPointerOf(pointer, pointerPath);
      refMap[from] = to;
      rootRefMap[from] = to;
      if (val !== undefined) {
        setIn(draft, dependantPath, val);
        if (graph.hasNode(to)) throw new Unusual(); // the runner would give that node the draft as data
      } else
        errors.push({
          code: 'POINTER_MISSING',
          message: `'${pointer}' does not exist`,
          path: dependantPath,
          uri: runner.baseUri as ResolveError['uri'],
          uriStack: runner.uriStack,
          pointerStack: [],
        });
    }
  }
  const result = finalize(draft);
  runner._source = result;
  runner._setGraphNodeData(runner.root, result);
  return { result, refMap, errors, graph: graph as unknown as ResolveResult['graph'] };
}
