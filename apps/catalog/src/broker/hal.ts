import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export const HAL = 'application/hal+json;charset=utf-8';

/** The broker's base URL: configured (as the Pact Broker's PACT_BROKER_BASE_URL), else the request's origin. */
export function baseUrl(c: Context): string {
  const configured = c.get('brokerBaseUrl' as never) as string | undefined;
  if (configured) return configured.replace(/\/$/, '');
  return new URL(c.req.url).origin;
}

export const seg = (s: string): string => encodeURIComponent(s);

/** A HAL response as the Pact Broker sends it. */
export function hal(
  c: Context,
  body: unknown,
  status: ContentfulStatusCode = 200,
  headers: Record<string, string> = {},
): Response {
  return c.body(JSON.stringify(body), status, { 'content-type': HAL, ...headers });
}

/** The Pact Broker's error body: `{"errors": [...]}` or `{"errors": {"field": [...]}}`. */
export function errors(
  c: Context,
  status: 400 | 404 | 409 | 415 | 422,
  list: string[] | Record<string, string[]>,
): Response {
  return hal(c, { errors: list }, status);
}

export function notFound(
  c: Context,
  what = 'The requested document was not found on this server.',
): Response {
  return hal(c, { error: what }, 404);
}

/** Reads a JSON body; a body that is not JSON is the Pact Broker's 400 with the parser's message. */
export async function jsonBody(
  c: Context,
): Promise<{ ok: true; value: unknown } | { ok: false; response: Response }> {
  const text = await c.req.text();
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return {
      ok: false,
      response: errors(c, 400, { body: [`Error parsing JSON: ${(error as Error).message}`] }),
    };
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v);
