// For other libraries' tests: a suite run on every engine the store has.
import { afterAll, describe, it } from 'vitest';
import { createSql } from '../sql.js';
import { createStore } from '../store.js';
import type { Store } from '../types.js';

/**
 * Declares `body` once per engine: on PGlite (in memory), and on PostgreSQL when `DATABASE_URL` is set, in a schema
 * of its own that is dropped afterwards. Under CI (`CI=true`) without `DATABASE_URL` the PostgreSQL suite fails
 * instead of skipping: CI must test both engines. `open` gives a store of that engine; the suite closes it.
 */
export function describeOnEngines(name: string, body: (open: () => Promise<Store>) => void): void {
  describe(`${name} on PGlite`, () => body(() => createStore({ dataDir: 'memory://' })));
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `test_${name.replace(/\W+/g, '_').toLowerCase()}_${process.pid}_${Date.now()}`;
    describe(`${name} on PostgreSQL`, () => {
      // Registered first, so it runs after the suite's own hooks have closed its stores.
      afterAll(async () => {
        const db = await createSql({ databaseUrl: url });
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.close();
      });
      body(() => createStore({ databaseUrl: url, schema }));
    });
  } else if (process.env.CI === 'true') {
    it(`${name} on PostgreSQL`, () => {
      throw new Error(`DATABASE_URL is not set: under CI, ${name} must be tested on PostgreSQL too`);
    });
  } else it.skip(`${name} on PostgreSQL (set DATABASE_URL to run it)`, () => undefined);
}
