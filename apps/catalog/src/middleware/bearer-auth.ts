import { verifyToken } from '@interlock/catalog';
import type { MiddlewareHandler } from 'hono';
import { problem } from '../problem.js';

/** Writes need the admin token: 401 without a bearer token, 403 with another one. */
export function bearerAuth(tokenHash: string): MiddlewareHandler {
  return async function bearerAuth(c, next) {
    const header = c.req.header('authorization');
    const token = header?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (!token) {
      c.header('WWW-Authenticate', 'Bearer realm="interlock"');
      return problem(
        c,
        401,
        'unauthorized',
        'Authentication required',
        'Send the admin token as `Authorization: Bearer <token>`.',
      );
    }
    if (!verifyToken(token, tokenHash)) {
      return problem(
        c,
        403,
        'forbidden',
        'Token not accepted',
        "The bearer token is not the catalog's admin token.",
      );
    }
    await next();
  };
}
