import type { Context } from 'hono';
import { BadRequest } from './problem.js';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** `limit` + `cursor` pagination as every example API does it; the cursor is an opaque offset. */
export function paginate<T>(c: Context, items: readonly T[]): Page<T> {
  const rawLimit = c.req.query('limit');
  const limit = rawLimit === undefined ? 20 : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new BadRequest([{ pointer: '/limit', detail: 'limit must be an integer from 1 to 100' }]);
  const cursor = c.req.query('cursor');
  let offset = 0;
  if (cursor !== undefined) {
    offset = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Number.isInteger(offset) || offset < 0)
      throw new BadRequest([{ pointer: '/cursor', detail: 'cursor is not one this API gave out' }]);
  }
  const page = items.slice(offset, offset + limit);
  const next = offset + limit;
  return next < items.length
    ? { items: page, nextCursor: Buffer.from(String(next)).toString('base64url') }
    : { items: page };
}
