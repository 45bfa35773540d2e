// Finds the spec operation a pact request is for: method and path, with or without a server's base path.
import { createRouteMatcher, type Api, type RouteMatch } from '@interlock/openapi';

export interface Router {
  find(method: string, path: string): RouteMatch | undefined;
}

export function createRouter(api: Api, options: { basePath?: string; caseInsensitive: boolean }): Router {
  const servers = options.basePath
    ? [...api.servers, { url: options.basePath, basePath: options.basePath.replace(/\/+$/, '') }]
    : api.servers;
  const lower = (s: string): string =>
    s.replace(/\{[^}]*\}|[^{]+/g, (m) => (m.startsWith('{') ? m : m.toLowerCase()));
  const operations = options.caseInsensitive
    ? api.operations.map((op) => ({ ...op, path: lower(op.path), original: op }))
    : api.operations;
  const matcher = createRouteMatcher({
    operations,
    servers: options.caseInsensitive
      ? servers.map((s) => ({ ...s, basePath: s.basePath.toLowerCase() }))
      : servers,
  });
  return {
    find(method, path) {
      // A query string inside `path` is a broken pact: the query belongs in `query`.
      if (path.includes('?')) return undefined;
      const withSlash = path.startsWith('/') ? path : `/${path}`;
      const hit = matcher.match(method, options.caseInsensitive ? lower(withSlash) : withSlash);
      if (!hit || hit.operation.method !== method.toUpperCase()) return undefined;
      const original = (hit.operation as { original?: RouteMatch['operation'] }).original;
      return original ? { operation: original, params: hit.params } : hit;
    },
  };
}
