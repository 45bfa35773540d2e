import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Store } from '@interlock/store';

const SETTING = 'admin-token-sha256';

export interface AdminToken {
  /** sha256 of the token, hex: all that is kept. */
  hash: string;
  /** The token itself, only to the process that generated it, to print once. */
  generated?: string;
}

/**
 * `INTERLOCK_ADMIN_TOKEN` when set; else the token generated at first start, of which the store keeps only the hash.
 * Several processes starting at once agree on one token (insert-if-absent).
 */
export async function ensureAdminToken(
  store: Store,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AdminToken> {
  const configured = env.INTERLOCK_ADMIN_TOKEN;
  if (configured) return { hash: hashToken(configured) };
  const token = `il_${randomBytes(24).toString('base64url')}`;
  const hash = hashToken(token);
  const stored = await store.initSetting(SETTING, hash);
  return stored === hash ? { hash, generated: token } : { hash: stored };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function verifyToken(token: string, hash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}
