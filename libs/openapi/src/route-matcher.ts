import type { Api, Operation } from './types.js';

export interface RouteMatch {
  operation: Operation;
  /** Path parameters by the operation's names, percent-decoded. */
  params: Record<string, string>;
}

export interface RouteMatcher {
  /**
   * The operation for a method and a path: a route template (`/customers/{id}`, `/customers/:id`) or a concrete
   * path (`/v1/customers/42?x=1`), with or without a server's base path. Static segments win over parameters.
   */
  match(method: string, pathOrTemplate: string): RouteMatch | undefined;
}

interface Target {
  operation: Operation;
  /** Parameter names in segment order; `null` for a segment captured by a complex pattern. */
  names: string[];
}

interface Complex {
  pattern: RegExp;
  names: string[];
  node: Node;
}

interface Node {
  statics: Map<string, Node>;
  param: Node | undefined;
  complex: Complex[];
  targets: Map<string, Target>;
}

const node = (): Node => ({ statics: new Map(), param: undefined, complex: [], targets: new Map() });
const TEMPLATE_PARAM = /^\{[^{}]+\}$/;

/** Compiles the operations' path templates into a segment trie, once per API version. */
export function createRouteMatcher(api: Pick<Api, 'operations' | 'servers'>): RouteMatcher {
  const root = node();
  for (const operation of api.operations) {
    let at = root;
    const names: string[] = [];
    for (const segment of segments(operation.path)) {
      if (TEMPLATE_PARAM.test(segment)) {
        names.push(segment.slice(1, -1));
        at = at.param ??= node();
      } else if (segment.includes('{')) {
        const complexNames: string[] = [];
        const source = segment
          .split(/(\{[^{}]+\})/)
          .map((part) => {
            if (TEMPLATE_PARAM.test(part)) {
              complexNames.push(part.slice(1, -1));
              return '([^/]+?)';
            }
            return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
          })
          .join('');
        let entry = at.complex.find((c) => c.pattern.source === `^${source}$`);
        if (!entry)
          at.complex.push(
            (entry = { pattern: new RegExp(`^${source}$`), names: complexNames, node: node() }),
          );
        names.push(...complexNames);
        at = entry.node;
      } else {
        let next = at.statics.get(segment);
        if (!next) at.statics.set(segment, (next = node()));
        at = next;
      }
    }
    if (!at.targets.has(operation.method)) at.targets.set(operation.method, { operation, names });
  }
  const basePaths = [...new Set(api.servers.map((s) => s.basePath).filter((b) => b && b !== '/'))].sort(
    (a, b) => b.length - a.length,
  );

  const find = (method: string, parts: string[], template: boolean): RouteMatch | undefined => {
    const captured: string[] = [];
    const hit = walk(root, parts, 0, method, captured, template);
    if (!hit) return undefined;
    const params: Record<string, string> = {};
    hit.names.forEach((name, i) => {
      params[name] = captured[i] as string;
    });
    return { operation: hit.operation, params };
  };

  return {
    match(rawMethod, pathOrTemplate) {
      const method = rawMethod.toUpperCase();
      let path = pathOrTemplate;
      const q = path.search(/[?#]/);
      if (q !== -1) path = path.slice(0, q);
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path))
        path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '') || '/';
      const template = path.includes('{') || path.includes('/:');
      const candidates: string[] = [];
      for (const base of basePaths)
        if (path === base || path.startsWith(`${base}/`)) candidates.push(path.slice(base.length) || '/');
      candidates.push(path);
      for (const candidate of candidates) {
        const parts = segments(candidate).map((s) => (template ? normaliseTemplateSegment(s) : decode(s)));
        const hit =
          find(method, parts, template) ?? (method === 'HEAD' ? find('GET', parts, template) : undefined);
        if (hit) return hit;
      }
      return undefined;
    },
  };
}

function walk(
  at: Node,
  parts: string[],
  i: number,
  method: string,
  captured: string[],
  template: boolean,
): Target | undefined {
  if (i === parts.length) return at.targets.get(method);
  const part = parts[i] as string;
  const isParam = template && TEMPLATE_PARAM.test(part);
  if (!isParam) {
    const next = at.statics.get(part);
    if (next) {
      const hit = walk(next, parts, i + 1, method, captured, template);
      if (hit) return hit;
    }
  }
  if (at.param) {
    captured.push(part);
    const hit = walk(at.param, parts, i + 1, method, captured, template);
    if (hit) return hit;
    captured.pop();
  }
  for (const c of at.complex) {
    if (isParam) continue;
    const m = c.pattern.exec(part);
    if (!m) continue;
    const before = captured.length;
    for (let k = 1; k < m.length; k++) captured.push(m[k] as string);
    const hit = walk(c.node, parts, i + 1, method, captured, template);
    if (hit) return hit;
    captured.length = before;
  }
  return undefined;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function normaliseTemplateSegment(s: string): string {
  return s.startsWith(':') ? `{${s.slice(1)}}` : s;
}

function decode(s: string): string {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
