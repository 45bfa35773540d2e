// Finds the spec operation a pact request is for: method and path, with or without a server's base path.
import { createRouteMatcher, type Api, type Operation, type RouteMatch } from '@interlock/openapi';

export interface Router {
  find(method: string, path: string): RouteMatch | undefined;
}

export interface RouterOptions {
  /** A prefix the pact's paths carry besides the servers' base paths. */
  basePath?: string;
  caseInsensitive: boolean;
}

type Tagged = Operation & { original: Operation };

export function createRouter(api: Api, options: RouterOptions): Router {
  const fold = (s: string): string =>
    options.caseInsensitive
      ? s.replace(/\{[^}]*\}|[^{]+/g, (m) => (m.startsWith('{') ? m : m.toLowerCase()))
      : s;
  const servers = (
    options.basePath
      ? [...api.servers, { url: options.basePath, basePath: options.basePath.replace(/\/+$/, '') }]
      : api.servers
  ).map((s) => ({ ...s, basePath: fold(s.basePath) }));
  const tagged: Tagged[] = api.operations.map((op) => ({ ...op, path: fold(op.path), original: op }));
  const matcher = createRouteMatcher({ operations: tagged, servers });
  // `/path/` and `/path` are different paths when a spec lists both; the shared matcher ignores the slash.
  const trailing = createRouteMatcher({
    operations: tagged.filter((op) => op.path.length > 1 && op.path.endsWith('/')),
    servers,
  });
  // `/files/**`: a wildcard some specs use for "anything below" (not OpenAPI, but common in gateways' specs).
  const wildcards = tagged
    .filter((op) => /(^|\/)\*+(\/|$)/.test(op.path))
    .map((op) => ({
      operation: op,
      pattern: new RegExp(
        `^${op.path
          .split(/\*+/)
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ),
    }));
  return {
    find(rawMethod, rawPath) {
      // A query string inside `path` is a broken pact: the query belongs in `query`.
      if (rawPath.includes('?')) return undefined;
      const method = rawMethod.toUpperCase();
      const path = fold(rawPath.startsWith('/') ? rawPath : `/${rawPath}`);
      const exact = (m: ReturnType<typeof createRouteMatcher>): RouteMatch | undefined => {
        const hit = m.match(method, path);
        return hit && hit.operation.method === method ? hit : undefined;
      };
      const hit = (path.length > 1 && path.endsWith('/') ? exact(trailing) : undefined) ?? exact(matcher);
      if (hit) return { operation: (hit.operation as Tagged).original, params: hit.params };
      const wild = wildcards.find((w) => w.operation.method === method && w.pattern.test(path));
      return wild ? { operation: wild.operation.original, params: {} } : undefined;
    },
  };
}
