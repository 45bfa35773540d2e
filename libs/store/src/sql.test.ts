import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStoreError, type StoreError } from './errors.js';
import { createSql } from './sql.js';

async function openError(options: Parameters<typeof createSql>[0]): Promise<StoreError> {
  const error = await createSql(options).then(
    async (db) => {
      await db.close();
      return undefined;
    },
    (e: unknown) => e,
  );
  if (!isStoreError(error)) throw new Error(`expected a StoreError, got ${String(error)}`);
  return error;
}

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
