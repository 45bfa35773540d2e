import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldError {
  pointer: string;
  detail: string;
}

/** An RFC 9457 problem detail, as every example API answers errors. */
export function problem(
  c: Context,
  status: ContentfulStatusCode,
  type: string,
  title: string,
  detail?: string,
  errors?: FieldError[],
): Response {
  const body = {
    type: `https://errors.acme.test/${type}`,
    title,
    status,
    ...(detail ? { detail } : {}),
    instance: new URL(c.req.url).pathname,
    ...(errors?.length ? { errors } : {}),
  };
  return c.body(JSON.stringify(body), status, { 'content-type': 'application/problem+json' });
}

export const notFound = (c: Context, what: string, id: string): Response =>
  problem(c, 404, 'not-found', 'Not found', `There is no ${what} ${id}.`);

/** A request that does not match the spec: 400 with what is wrong, field by field. */
export class BadRequest extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => `${e.pointer || '/'}: ${e.detail}`).join('; '));
  }
}

export function badRequest(c: Context, error: BadRequest): Response {
  return problem(c, 400, 'bad-request', 'The request is not valid', error.message, error.errors);
}
