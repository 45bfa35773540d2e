import type { ResolveResult } from '@stoplight/spectral-ref-resolver';

interface Graph {
  nodes: Record<string, { refMap?: Record<string, string>; data?: unknown }>;
  outgoingEdges: Record<string, string[]>;
  incomingEdges: Record<string, string[]>;
  overallOrder(): string[];
}

/**
 * How two resolutions of one document differ, as a list of findings (empty: none). Compared: `refMap` and `errors`
 * (their order too), the dependency graph (nodes in order, edges, refMaps, which node holds the result, the order
 * Spectral's unused-component rules read), and the resolved document: the same keys in the same order, the same
 * values, the same objects of the unresolved document where one holds them, and new objects shared (or circular) in
 * the same places, frozen or not alike.
 */
export function resolutionDifferences(
  source: unknown,
  actual: ResolveResult,
  expected: ResolveResult,
): string[] {
  const found: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    const [x, y] = [JSON.stringify(a), JSON.stringify(b)];
    if (x !== y) found.push(`${what}: ${x.slice(0, 300)} ≠ ${y.slice(0, 300)}`);
  };
  same('refMap', Object.entries(actual.refMap), Object.entries(expected.refMap));
  const errors = (result: ResolveResult) =>
    result.errors.map((e) => ({ ...e, uri: String(e.uri), path: e.path.map(String) }));
  same('errors', errors(actual), errors(expected));

  const [ga, gb] = [actual.graph as unknown as Graph, expected.graph as unknown as Graph];
  same('graph nodes', Object.keys(ga.nodes), Object.keys(gb.nodes));
  same('graph outgoing', ga.outgoingEdges, gb.outgoingEdges);
  same('graph incoming', ga.incomingEdges, gb.incomingEdges);
  same('graph order', ga.overallOrder(), gb.overallOrder());
  for (const node of Object.keys(gb.nodes)) {
    const [a, b] = [ga.nodes[node], gb.nodes[node]];
    same(`graph ${node} refMap`, Object.entries(a?.refMap ?? {}), Object.entries(b?.refMap ?? {}));
    same(`graph ${node} data keys`, Object.keys(a ?? {}), Object.keys(b ?? {}));
    if ((a?.data === actual.result) !== (b?.data === expected.result)) found.push(`graph ${node} data`);
  }

  const original = new Set<object>();
  const collect = (value: unknown) => {
    if (value === null || typeof value !== 'object' || original.has(value)) return;
    original.add(value);
    for (const key of Reflect.ownKeys(value)) collect((value as Record<PropertyKey, unknown>)[key]);
  };
  collect(source);
  const pairs = new Map<object, object>();
  const paired = new Set<object>();
  const walk = (a: unknown, b: unknown, path: string) => {
    if (found.length > 20) return;
    if (a === null || typeof a !== 'object' || b === null || typeof b !== 'object') {
      if (!Object.is(a, b)) found.push(`${path}: ${String(a)} ≠ ${String(b)}`);
      return;
    }
    if (original.has(a) || original.has(b)) {
      if (a !== b) found.push(`${path}: not the same object of the unresolved document`);
      return;
    }
    if (pairs.has(a) || paired.has(b)) {
      if (pairs.get(a) !== b) found.push(`${path}: objects shared differently`);
      return;
    }
    pairs.set(a, b);
    paired.add(b);
    if (Array.isArray(a) !== Array.isArray(b)) found.push(`${path}: array or not`);
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) found.push(`${path}: prototype`);
    if (Object.isFrozen(a) !== Object.isFrozen(b)) found.push(`${path}: frozen or not`);
    const [ka, kb] = [Reflect.ownKeys(a), Reflect.ownKeys(b)];
    if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i]))
      found.push(`${path}: keys ${ka.map(String).join(',')} ≠ ${kb.map(String).join(',')}`);
    for (const key of kb) {
      const [da, db] = [Object.getOwnPropertyDescriptor(a, key), Object.getOwnPropertyDescriptor(b, key)];
      if (da?.enumerable !== db?.enumerable || da?.writable !== db?.writable)
        found.push(`${path}/${String(key)}: descriptor`);
      walk(da?.value, db?.value, `${path}/${String(key)}`);
    }
  };
  walk(actual.result, expected.result, '#');
  return found;
}
