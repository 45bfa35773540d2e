import { recordHttpRoute } from '@interlock/telemetry';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
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
  // The matched route template goes on the server span (`http.route`), for the collector to map to an operation.
  app.use('*', async (c, next) => {
    await next();
    // The handler's route, not the middleware's (`/*`); none when nothing matched (a 404 for an unknown path).
    const route = matchedRoutes(c).findLast((r) => r.method !== 'ALL')?.path;
    if (route) recordHttpRoute(c.req.method, route);
  });
  app.notFound((c) =>
    problem(c, 404, 'not-found', 'Not found', `${service} has no ${c.req.method} ${c.req.path}.`),
  );
  return app;
}
