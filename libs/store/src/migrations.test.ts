import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.js';
import { operationVector, schemaVector, unpack } from './pack.js';
import { createSql } from './sql.js';

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
      const canonical = await db.query<{ same: boolean }>(
        `SELECT bool_and(search = (CASE kind WHEN 'operation' THEN $1 ELSE $2 END)::tsvector) AS same FROM search_entries`,
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
      expect(canonical.rows[0]?.same).toBe(true);
      // Migration 11 moved the entries into the partitions of a partitioned table, found through its index.
      const moved = await db.query<{ kind: string; found: number }>(
        `SELECT (SELECT relkind FROM pg_class WHERE oid = 'search_entries'::regclass)::text AS kind,
                (SELECT count(*)::int FROM search_entries WHERE search @@ 'custom'::tsquery) AS found`,
      );
      expect(moved.rows[0]).toEqual({ kind: 'p', found: 2 });
      // Operations no longer need their version's row: they are written by the same statement.
      await db.query(
        `INSERT INTO operations (api_id, version, key, method, path) VALUES ('b', '1', 'k', 'GET', '/')`,
      );
    } finally {
      await db.close();
    }
  });

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
