import { describe, expect, it } from 'vitest';
import { migrate, migrations } from './migrations.js';
import { unpack } from './pack.js';
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
