import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSql, createStore, migrations } from './index.js';
import { storeCases } from './store.case.js';
import { describeOnEngines } from './testing/engines.js';
import { makeApi, makeOperation, publishInput } from './test-support/api.js';

describeOnEngines('store', storeCases);

const url = process.env.DATABASE_URL;

describe('PGlite data folder', () => {
  it('keeps what was published across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-store-'));
    try {
      const first = await createStore({ dataDir: dir });
      await first.publish(publishInput(makeApi()));
      await first.close();
      const second = await createStore({ dataDir: dir });
      expect((await second.listVersions('crm')).map((v) => v.version)).toEqual(['1.0.0']);
      expect((await second.search('customer')).length).toBeGreaterThan(0);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('builds the search index again on opening, when a bulk load stopped without building it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-store-'));
    try {
      const first = await createStore({ dataDir: dir });
      await first.publish(publishInput(makeApi()));
      await first.sql.exec('DROP INDEX operations_search, schemas_search');
      await first.close();
      const second = await createStore({ dataDir: dir });
      const { rows } = await second.sql.query<{ found: boolean }>(
        "SELECT to_regclass('operations_search') IS NOT NULL AND to_regclass('schemas_search') IS NOT NULL AS found",
      );
      expect(rows[0]?.found).toBe(true);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PGlite maintenance', () => {
  it('vacuums away the rows a new latest version leaves dead, once they pass a fifth of the searchable ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-store-'));
    const store = await createStore({ dataDir: dir });
    try {
      const herd = (version: string) =>
        store.publish(
          publishInput(
            makeApi({
              id: 'andes',
              version,
              operations: Array.from({ length: 100 }, (_, i) => makeOperation('GET', `/llamas/${i}`)),
              schemas: [],
            }),
          ),
        );
      const operations = async () =>
        (
          await store.sql.query<{ vacuums: number; dead: number }>(
            `SELECT vacuum_count::int AS vacuums, n_dead_tup::int AS dead FROM pg_stat_user_tables WHERE relname = 'operations'`,
          )
        ).rows[0];
      await herd('1.0.0'); // 100 rows: statistics gathered, nothing dead
      expect(await operations()).toMatchObject({ vacuums: 0 });
      await herd('2.0.0'); // the first version's 100 rows dead, 100 searchable
      expect(await operations()).toEqual({ vacuums: 1, dead: 0 });
      const hits = await store.search('llamas', { limit: 200 });
      expect(new Set(hits.map((h) => h.version))).toEqual(new Set(['2.0.0']));
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrations', () => {
  it.skipIf(!url)(
    'several processes migrating one PostgreSQL at once apply each migration once',
    async () => {
      if (!url) return;
      const schema = `test_migrate_${process.pid}`;
      const stores = await Promise.all([1, 2, 3].map(() => createStore({ databaseUrl: url, schema })));
      try {
        const { rows } = await (stores[0] as (typeof stores)[number]).sql.query<{ n: string }>(
          'SELECT count(*) AS n FROM schema_migrations',
        );
        expect(Number(rows[0]?.n)).toBe(migrations.length);
      } finally {
        for (const s of stores) await s.close();
        const db = await createSql({ databaseUrl: url });
        await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await db.close();
      }
    },
  );
});
