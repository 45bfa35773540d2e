import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import type { Health } from '../api-types.js';

export function healthRoutes(store: Store): Hono {
  return new Hono().get('/healthz', async (c) => {
    await store.sql.query('SELECT 1');
    return c.json({ status: 'ok', engine: store.engine } satisfies Health);
  });
}
