import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import type { Engine, Sql, StoreOptions } from './types.js';

export interface Database extends Sql {
  readonly engine: Engine;
  /** Where the data lives, for messages: the data folder or the server (without credentials). */
  readonly where: string;
  close(): Promise<void>;
}

/**
 * PostgreSQL when a URL is given, else PGlite when a data folder is given; then the same from the environment
 * (`DATABASE_URL`, `INTERLOCK_DATA_DIR`); else PGlite in `.interlock/`.
 */
export async function createSql(options: StoreOptions = {}): Promise<Database> {
  if (options.databaseUrl) return postgres(options.databaseUrl, options.schema);
  if (options.dataDir) return pglite(options.dataDir);
  const url = process.env.DATABASE_URL;
  return url ? postgres(url, options.schema) : pglite(process.env.INTERLOCK_DATA_DIR ?? '.interlock');
}

async function pglite(dataDir: string): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  const path = memory ? dataDir : resolve(dataDir, 'pglite');
  if (!memory) mkdirSync(path, { recursive: true });
  const db = await PGlite.create(memory ? undefined : path);
  const wrap = (q: PGlite | Transaction): Sql => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await q.query<Row>(text, params);
      return { rows: result.rows };
    },
    async exec(text: string) {
      await q.exec(text);
    },
    transaction: (fn) => (q === db ? db.transaction((tx) => fn(wrap(tx))) : fn(wrap(q))),
  });
  return {
    engine: 'pglite',
    where: memory ? 'memory' : path,
    ...wrap(db),
    close: () => db.close(),
  };
}

async function postgres(url: string, schema = 'public'): Promise<Database> {
  if (!/^[a-z_][a-z0-9_]*$/i.test(schema))
    throw new RangeError(`StoreOptions.schema must be an identifier, got ${schema}`);
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  // A bad connection string or a server that is down should fail at start, with the reason.
  const client = await pool.connect();
  try {
    // CREATE SCHEMA IF NOT EXISTS races with itself across processes: serialise it like the migrations.
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(7364110)');
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  const wrap = (q: pg.Pool | pg.PoolClient): Sql => ({
    async query<Row>(text: string, params?: unknown[]) {
      const result = await q.query(text, params as unknown[]);
      return { rows: result.rows as Row[] };
    },
    async exec(text: string) {
      await q.query(text);
    },
    async transaction(fn) {
      if (q !== pool) return fn(wrap(q));
      const tx = await pool.connect();
      try {
        await tx.query('BEGIN');
        const result = await fn(wrap(tx));
        await tx.query('COMMIT');
        return result;
      } catch (error) {
        await tx.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        tx.release();
      }
    },
  });
  const where = new URL(url);
  where.password = '';
  where.username = '';
  return {
    engine: 'postgres',
    where: `${where.host}${where.pathname}`,
    ...wrap(pool),
    close: () => pool.end(),
  };
}
