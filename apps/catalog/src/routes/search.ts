import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import type { SearchResult } from '../api-types.js';
import { problem } from '../problem.js';
import { intParam } from './apis.js';

export function searchRoutes(store: Store): Hono {
  return new Hono().get('/api/search', async (c) => {
    const query = c.req.query('q') ?? '';
    const limit = intParam(c.req.query('limit'), 20, 1, 100);
    if (!query.trim() || query.length > 200 || limit === undefined) {
      return problem(
        c,
        400,
        'bad-parameter',
        'Invalid parameter',
        '`q` must have 1–200 characters and `limit` be 1–100.',
      );
    }
    const api = c.req.query('api');
    const items = await store.search(query, { limit, ...(api ? { apiId: api } : {}) });
    return c.json({ query, items } satisfies SearchResult);
  });
}
