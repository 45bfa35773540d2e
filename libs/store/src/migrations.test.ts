import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.js';
import { operationVector, schemaVector, unpack } from './pack.js';
import { createSql, type Database } from './sql.js';

type Open = () => Promise<{ db: Database; done: () => Promise<void> }>;

/** A database with nothing in it: PGlite in memory, and a schema of its own on PostgreSQL when DATABASE_URL is set. */
function engines(): [string, Open][] {
  const list: [string, Open][] = [
    [
      'PGlite',
      async () => {
        const db = await createSql({ dataDir: 'memory://' });
        return { db, done: () => db.close() };
      },
    ],
  ];
  const url = process.env.DATABASE_URL;
  if (url)
    list.push([
      'PostgreSQL',
      async () => {
        const schema = `test_migration_${process.pid}_${Date.now()}`;
        const db = await createSql({ databaseUrl: url, schema });
        return {
          db,
          done: async () => {
            await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
            await db.close();
          },
        };
      },
    ]);
  return list;
}

describe('migrations', () => {
  it('are numbered 1, 2, 3 … in order, with kebab-case names and SQL', () => {
    expect(migrations.map((m) => m.id)).toEqual(migrations.map((_, i) => i + 1));
    for (const m of migrations) {
      expect(m.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.sql.trim()).not.toBe('');
    }
  });

  it('apply once: a second run finds nothing to do', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      expect(await migrate(db, db.engine)).toEqual(migrations.map((m) => m.id));
      expect(await migrate(db, db.engine)).toEqual([]);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
    } finally {
      await db.close();
    }
  });

  it('pack the texts of versions stored before migration 6, keeping them exactly', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      for (const m of migrations.filter((m) => m.id < 6)) await db.exec(m.sql);
      await db.exec(`CREATE TABLE schema_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const m of migrations.filter((m) => m.id < 6))
        await db.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      const text = 'openapi: 3.1.0\ninfo: { title: Ünïcödé, version: 1.0.0 }\npaths: {}\n';
      await db.query(`INSERT INTO apis (id, title, lifecycle) VALUES ('a', 'A', 'stable')`);
      await db.query(
        `INSERT INTO api_versions (api_id, version, hash, spec_text, media_type, format, operation_count, model, document)
         VALUES ('a', '1.0.0', 'h', $1, 'application/yaml', 'openapi-3.1', 0, '{"id":"a"}', NULL)`,
        [text],
      );
      expect(await migrate(db, db.engine)).toEqual(migrations.filter((m) => m.id >= 6).map((m) => m.id));
      const { rows } = await db.query<{ spec: string; model: string }>(
        `SELECT encode(spec_gz, 'base64') AS spec, encode(model_gz, 'base64') AS model FROM api_versions`,
      );
      expect(rows.map((r) => [unpack(r.spec), unpack(r.model)])).toEqual([[text, '{"id":"a"}']]);
      await expect(db.query('SELECT spec_text FROM api_versions')).rejects.toThrow(/spec_text/);
    } finally {
      await db.close();
    }
  });

  it('rebuild the search vectors the database made (before migration 10) as Interlock makes them', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      await db.exec(`CREATE TABLE schema_migrations (
        id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const m of migrations.filter((m) => m.id < 10)) {
        await db.exec(m.sql);
        await m.run?.(db);
        await db.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      }
      await db.exec(`
        INSERT INTO apis (id, title, lifecycle, latest_version) VALUES ('a', 'A', 'stable', '1.0.0');
        INSERT INTO api_versions (api_id, version, hash, media_type, format, operation_count, spec_gz, model_gz)
          VALUES ('a', '1.0.0', 'h', 'application/json', 'openapi-3.1', 1, '', '');
        INSERT INTO operations (api_id, version, key, method, path, operation_id, summary, tags)
          VALUES ('a', '1.0.0', 'GET /customers', 'GET', '/customers', 'listCustomers', 'List customers', '{crm}');
        INSERT INTO schemas (api_id, version, name, properties) VALUES ('a', '1.0.0', 'Customer', '{firstName}');
        INSERT INTO search_entries (api_id, version, kind, name, method, path, operation_id, summary, search) VALUES
          ('a', '1.0.0', 'operation', 'GET /customers', 'GET', '/customers', 'listCustomers', 'List customers',
           to_tsvector('english', 'customers listcustomers')),
          ('a', '1.0.0', 'schema', 'Customer', NULL, NULL, NULL, NULL, to_tsvector('english', 'customer'));
      `);
      expect(await migrate(db, db.engine)).toEqual(migrations.filter((m) => m.id >= 10).map((m) => m.id));
      // Migration 10 rebuilt the vectors; migration 13 moved them onto the rows, found through the partial indexes.
      const canonical = await db.query<{ same: boolean; n: number }>(
        `SELECT bool_and(search = (CASE kind WHEN 'operation' THEN $1 ELSE $2 END)::tsvector) AS same, count(*)::int AS n
           FROM (SELECT 'operation' AS kind, search FROM operations WHERE search @@ 'custom'::tsquery
                 UNION ALL SELECT 'schema', search FROM schemas WHERE search @@ 'custom'::tsquery) e`,
        [
          operationVector({
            path: '/customers',
            operationId: 'listCustomers',
            summary: 'List customers',
            tags: ['crm'],
          }),
          schemaVector({ name: 'Customer', properties: ['firstName'] }),
        ],
      );
      expect(canonical.rows[0]).toEqual({ same: true, n: 2 });
      expect(
        (await db.query<{ t: string | null }>(`SELECT to_regclass('search_entries')::text AS t`)).rows,
      ).toEqual([{ t: null }]);
      // Operations no longer need their version's row: they are written by the same statement.
      await db.query(
        `INSERT INTO operations (api_id, version, key, method, path) VALUES ('b', '1', 'k', 'GET', '/')`,
      );
    } finally {
      await db.close();
    }
  });

  it.each(engines())(
    'move the search entries of a store migrated to 12 onto its latest rows (%s)',
    async (_name, open) => {
      const { db, done } = await open();
      try {
        await db.exec(`CREATE TABLE schema_migrations (
          id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
        for (const m of migrations.filter((m) => m.id <= 12)) {
          await db.exec(m.sql);
          await db.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
        }
        // Two versions, the entries (in their partitions) of the latest one only, as publishing left them.
        await db.exec(`
          INSERT INTO apis (id, title, lifecycle, latest_version) VALUES ('a', 'A', 'stable', '2.0.0');
          INSERT INTO operations (api_id, version, key, method, path, summary) VALUES
            ('a', '1.0.0', 'GET /customers', 'GET', '/customers', 'List customers'),
            ('a', '2.0.0', 'GET /customers', 'GET', '/customers', 'List customers'),
            ('a', '2.0.0', 'GET /orders', 'GET', '/orders', 'List orders');
          INSERT INTO schemas (api_id, version, name) VALUES ('a', '1.0.0', 'Customer'), ('a', '2.0.0', 'Customer');
          INSERT INTO search_entries (api_id, version, kind, name, method, path, operation_id, summary, search) VALUES
            ('a', '2.0.0', 'operation', 'GET /customers', 'GET', '/customers', NULL, 'List customers',
             'custom:1 list:2'),
            ('a', '2.0.0', 'operation', 'GET /orders', 'GET', '/orders', NULL, 'List orders', 'list:1 order:2'),
            ('a', '2.0.0', 'schema', 'Customer', NULL, NULL, NULL, NULL, 'custom:1');
        `);
        expect(await migrate(db, db.engine)).toEqual([13]);
        const { rows } = await db.query<{
          kind: string;
          version: string;
          name: string;
          search: string | null;
        }>(
          `SELECT 'operation' AS kind, version, key AS name, search::text FROM operations
           UNION ALL SELECT 'schema', version, name, search::text FROM schemas ORDER BY 1, 2, 3`,
        );
        expect(rows).toEqual([
          { kind: 'operation', version: '1.0.0', name: 'GET /customers', search: null },
          { kind: 'operation', version: '2.0.0', name: 'GET /customers', search: "'custom':1 'list':2" },
          { kind: 'operation', version: '2.0.0', name: 'GET /orders', search: "'list':1 'order':2" },
          { kind: 'schema', version: '1.0.0', name: 'Customer', search: null },
          { kind: 'schema', version: '2.0.0', name: 'Customer', search: "'custom':1" },
        ]);
        const found = await db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM operations WHERE search @@ 'list'::tsquery)::int AS n`,
        );
        expect(found.rows).toEqual([{ n: 2 }]);
      } finally {
        await done();
      }
    },
  );

  it('refuse a database migrated by a newer version, saying what to do', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      await migrate(db, db.engine);
      await db.query(`INSERT INTO schema_migrations (id, name) VALUES (999, 'from-the-future')`);
      await expect(migrate(db, db.engine)).rejects.toMatchObject({
        code: 'newer-schema',
        message: expect.stringMatching(/migration 999 \(from-the-future\).*newer version/),
      });
    } finally {
      await db.close();
    }
  });
});
