import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSql } from './sql.js';
import { openError } from './test-support/open-error.js';

describe('createSql refuses bad settings with what, where and what to do', () => {
  it('a URL that is not PostgreSQL, without echoing it', async () => {
    const error = await openError({ databaseUrl: 'mysql://root:hunter2@db/x' });
    expect(error.code).toBe('invalid-url');
    expect(error.message).toContain('StoreOptions.databaseUrl is not a PostgreSQL URL');
    expect(error.message).not.toContain('hunter2');
  });

  it('a server that cannot be reached, naming it without the password', async () => {
    const error = await openError({ databaseUrl: 'postgres://postgres:hunter2@127.0.0.1:1/test' });
    expect(error.code).toBe('connect');
    expect(error.message).toMatch(/Cannot connect to PostgreSQL at 127\.0\.0\.1:1\/test .*ECONNREFUSED/);
    expect(error.hint).toMatch(/server runs/);
    expect(error.message).not.toContain('hunter2');
  });

  it('a schema name that is not an identifier', async () => {
    const error = await openError({ databaseUrl: 'postgres://127.0.0.1:1/x', schema: 'a; DROP TABLE apis' });
    expect(error.code).toBe('invalid-schema');
  });

  it('a data folder that cannot be created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-sql-'));
    try {
      writeFileSync(join(dir, 'file'), '');
      const error = await openError({ dataDir: join(dir, 'file') });
      expect(error.code).toBe('data-dir');
      expect(error.message).toContain(join(dir, 'file', 'pglite'));
      expect(error.message).toMatch(/ENOTDIR|EEXIST/);
      expect(error.hint).toContain('INTERLOCK_DATA_DIR');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('named statements on PGlite', () => {
  it('are parsed once and run again with new parameters, binary ones included', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      await db.exec('CREATE TABLE blobs (id int PRIMARY KEY, body bytea NOT NULL, tags text[] NOT NULL)');
      const insert = (id: number, body: Uint8Array, tags: string) =>
        db.query<{ id: number; size: number }>(
          'INSERT INTO blobs VALUES ($1, $2, $3::text::text[]) RETURNING id, length(body) AS size',
          [id, body, tags],
          { name: 'test_insert_blob' },
        );
      expect((await insert(1, new Uint8Array([0, 1, 2, 255]), '{a,b}')).rows).toEqual([{ id: 1, size: 4 }]);
      // A view into a larger buffer: only its own bytes are sent.
      const view = new Uint8Array(new Uint8Array([9, 8, 7, 6, 5]).buffer, 1, 3);
      expect((await insert(2, view, '{}')).rows).toEqual([{ id: 2, size: 3 }]);
      const { rows } = await db.query<{ body: Uint8Array; tags: string[] }>(
        'SELECT body, tags FROM blobs WHERE id = $1',
        [2],
        { name: 'test_select_blob' },
      );
      expect([...(rows[0]?.body ?? [])]).toEqual([8, 7, 6]);
      expect(rows[0]?.tags).toEqual([]);
    } finally {
      await db.close();
    }
  });

  it('fail with the database error inside a transaction, and serve again after its rollback', async () => {
    const db = await createSql({ dataDir: 'memory://' });
    try {
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)');
      const add = (sql: typeof db | Parameters<Parameters<typeof db.transaction>[0]>[0], id: number) =>
        sql.query('INSERT INTO t VALUES ($1)', [id], { name: 'test_add' });
      await add(db, 1);
      const error = await db
        .transaction(async (tx) => {
          await add(tx, 2);
          await add(tx, 1);
        })
        .catch((e: unknown) => e);
      expect((error as { code?: string }).code).toBe('23505');
      await add(db, 3);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM t ORDER BY id');
      expect(rows.map((r) => r.id)).toEqual([1, 3]);
      await expect(db.query('SELECT nope FROM t', [], { name: 'test_bad' })).rejects.toThrow(/nope/);
      expect((await db.query<{ n: number }>('SELECT 1 AS n', [], { name: 'test_bad' })).rows).toEqual([
        { n: 1 },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe("PGlite's buffer pool", () => {
  it('is 16 MB unless the caller asks for more', async () => {
    for (const [cacheMb, expected] of [
      [undefined, '16MB'],
      [128, '128MB'],
    ] as const) {
      const db = await createSql({ dataDir: 'memory://', ...(cacheMb ? { cacheMb } : {}) });
      try {
        const { rows } = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
        expect(rows[0]?.shared_buffers).toBe(expected);
      } finally {
        await db.close();
      }
    }
  });
});
