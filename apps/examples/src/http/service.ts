import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { BadRequest, badRequest, problem } from './problem.js';

/**
 * Callers are services with OAuth 2.0 client credentials. The examples check that a bearer token is present, not
 * who issued it: they stand for real services, and the token check is the gateway's job.
 */
export function requireBearer(isPublic: (c: Context) => boolean = () => false): MiddlewareHandler {
  return async (c, next) => {
    if (isPublic(c)) return next();
    const header = c.req.header('authorization') ?? '';
    if (!/^Bearer \S+$/i.test(header)) {
      c.header('www-authenticate', 'Bearer');
      return problem(
        c,
        401,
        'unauthorized',
        'Unauthorized',
        'Send an OAuth 2.0 access token as a bearer token.',
      );
    }
    return next();
  };
}

/** A Hono app with the examples' error handling: invalid requests are 400 problems, the rest 500 problems. */
export function serviceApp(service: string): Hono {
  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof BadRequest) return badRequest(c, error);
    console.error(`${service}:`, error);
    return problem(
      c,
      500,
      'internal',
      'Internal error',
      'Something went wrong on our side; try again later.',
    );
  });
  app.notFound((c) =>
    problem(c, 404, 'not-found', 'Not found', `${service} has no ${c.req.method} ${c.req.path}.`),
  );
  return app;
}
