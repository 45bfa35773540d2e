import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Problem } from './api-types.js';

/** An RFC 9457 problem detail: `type` names the kind of problem, relative to the catalog. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  kind: string,
  title: string,
  detail?: string,
  extensions: Record<string, unknown> = {},
): Response {
  const body: Problem & Record<string, unknown> = {
    type: `/problems/${kind}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: new URL(c.req.url).pathname,
    ...extensions,
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}
