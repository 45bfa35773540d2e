import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { problem } from '../problem.js';

/** Unexpected errors become a 500 problem without internal details; the details go to the log. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof HTTPException) {
    const status = error.status;
    return problem(
      c,
      status as 400,
      status === 413 ? 'too-large' : 'http-error',
      error.message || 'Request refused',
    );
  }
  console.error(`${c.req.method} ${new URL(c.req.url).pathname} failed:`, error);
  return problem(
    c,
    500,
    'internal',
    'Internal error',
    'The catalog could not answer; the error is in its log.',
  );
};

export const notFound: NotFoundHandler = (c) =>
  problem(c, 404, 'not-found', 'Not found', `Nothing at ${new URL(c.req.url).pathname}`);
