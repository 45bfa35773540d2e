import { verifyToken } from '@interlock/catalog';
import type { MiddlewareHandler } from 'hono';
import { hal } from './hal.js';

export interface BrokerTokens {
  /** sha256 of the read-write token (the catalog's admin token). */
  writeTokenHash: string;
  /** sha256 of a read-only token. When set, reads need a token too (read-only or read-write); else reads are open. */
  readTokenHash?: string | undefined;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Bearer tokens as the Pact Broker's: writes need the read-write token; the read-only token is refused them (403). */
export function brokerAuth(tokens: BrokerTokens): MiddlewareHandler {
  return async function brokerAuth(c, next) {
    const read = READS.has(c.req.method);
    const token = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const writer = token !== undefined && verifyToken(token, tokens.writeTokenHash);
    const reader =
      token !== undefined && tokens.readTokenHash !== undefined && verifyToken(token, tokens.readTokenHash);
    if (read && (tokens.readTokenHash === undefined || writer || reader)) return next();
    if (!read && writer) return next();
    if (!token || (!writer && !reader)) {
      c.header('WWW-Authenticate', 'Bearer realm="interlock"');
      return hal(
        c,
        {
          error: token
            ? 'The bearer token is not valid for this broker.'
            : 'Authentication required: send Authorization: Bearer <token>.',
        },
        401,
      );
    }
    return hal(
      c,
      { error: 'The token is read-only: publishing and recording need the read-write token.' },
      403,
    );
  };
}
