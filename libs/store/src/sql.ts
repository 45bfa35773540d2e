import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite, parse, protocol, type Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { lockDataDir, type DataDirLock } from './data-dir-lock.js';
import { StoreError } from './errors.js';
import { initDataFolder, pgliteStartParams } from './pglite-init.js';
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
  if (options.databaseUrl)
    return postgres(options.databaseUrl, options.source ?? 'StoreOptions.databaseUrl', options.schema);
  const url = process.env.DATABASE_URL;
  if (!options.dataDir && url) return postgres(url, 'DATABASE_URL', options.schema);
  const env = process.env.INTERLOCK_DATA_DIR;
  const [dir, source] = options.dataDir
    ? [options.dataDir, options.source ?? 'StoreOptions.dataDir']
    : env
      ? [env, 'INTERLOCK_DATA_DIR']
      : ['.interlock', 'the default'];
  return pglite(dir, source, options.cacheMb);
}

async function pglite(dataDir: string, source: string, cacheMb?: number): Promise<Database> {
  const memory = dataDir.startsWith('memory://');
  const path = memory ? dataDir : resolve(dataDir, 'pglite');
  const hint =
    'Set INTERLOCK_DATA_DIR to a folder this process can write, that no other Interlock process uses.';
  if (!memory)
    try {
      mkdirSync(path, { recursive: true });
    } catch (cause) {
      throw new StoreError(
        'data-dir',
        `Cannot create the data folder ${path} (${source}): ${reason(cause)}.`,
        hint,
        {
          cause,
        },
      );
    }
  // Before initdb: two processes on one folder would each initialise or write it without seeing the other.
  let lock: DataDirLock | undefined;
  if (!memory)
    try {
      lock = lockDataDir(resolve(dataDir), source);
    } catch (cause) {
      if (cause instanceof StoreError) throw cause;
      throw new StoreError(
        'data-dir',
        `Cannot lock the data folder ${resolve(dataDir)} (${source}): ${reason(cause)}.`,
        hint,
        { cause },
      );
    }
  const startParams = pgliteStartParams(PGlite.defaultStartParams, cacheMb);
  let db: PGlite;
  try {
    if (!memory) await initDataFolder(path, startParams);
    db = await PGlite.create(memory ? undefined : path, { startParams });
  } catch (cause) {
    lock?.release();
    throw new StoreError(
      'data-dir',
      `Cannot open the PGlite data in ${path} (${source}): ${reason(cause)}.`,
      hint,
      {
        cause,
      },
    );
  }
  // A Uint8Array parameter is sent in binary form (as node-postgres sends a Buffer), typed by the statement: PGlite
  // would otherwise serialise it by its type's text serialiser, if it has one. An array that spans its whole
  // ArrayBuffer is passed as that buffer: PGlite copies a view's bytes into a new one first (each publishing
  // statement sends tens of MB).
  const toParameter = (oid: number | string, value: unknown) =>
    value instanceof Uint8Array
      ? value.byteOffset === 0 && value.byteLength === value.buffer.byteLength
        ? (value.buffer as ArrayBuffer)
        : value
      : (db.serializers[oid] ?? String)(value);
  const serializers = new Proxy({}, { get: (_, oid: string) => (value: unknown) => toParameter(oid, value) });
  // PGlite is one session: a statement parsed once under a name (the protocol's Parse) serves every later query of
  // that name, which only binds and executes it; PostgreSQL plans it once when a generic plan is as good (its plan
  // cache). Parameters go through the same serialisers as unnamed statements (binary for a Uint8Array).
  const { serialize } = protocol;
  const parameterTypes = new Map<string, number[]>();
  const send = (message: Uint8Array) => db.execProtocolStream(message, { syncToFs: false });
  const runNamed = <Row>(name: string, text: string, params: unknown[], inTransaction: boolean) =>
    db.runExclusive(async () => {
      const messages = [];
      try {
        let types = parameterTypes.get(name);
        if (!types) {
          await send(serialize.parse({ name, text }));
          const described = await send(serialize.describe({ type: 'S', name }));
          types = parse.parseDescribeStatementResults(described);
          parameterTypes.set(name, types);
        }
        const values = params.map((value, i) =>
          value === null || value === undefined ? null : toParameter(types[i] as number, value),
        );
        messages.push(
          ...(await send(serialize.bind({ statement: name, values }))),
          ...(await send(serialize.describe({ type: 'P' }))),
          ...(await send(serialize.execute({}))),
        );
      } finally {
        messages.push(...(await send(serialize.sync())));
      }
      if (!inTransaction) await db.syncToFs();
      return (parse.parseResults(messages, db.parsers)[0]?.rows ?? []) as Row[];
    });
  const wrap = (q: PGlite | Transaction): Sql => ({
    async query<Row>(text: string, params?: unknown[], options?: { name?: string }) {
      if (options?.name)
        return { rows: await runNamed<Row>(identifier(options.name), text, params ?? [], q !== db) };
      const binary = params?.some((p) => p instanceof Uint8Array);
      return { rows: (await q.query<Row>(text, params, binary ? { serializers } : undefined)).rows };
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
    close: async () => {
      try {
        await db.close();
      } finally {
        // Only once the data is closed: a process that opens the folder next must find it whole.
        lock?.release();
      }
    },
  };
}

async function postgres(url: string, source: string, schema = 'public'): Promise<Database> {
  if (!IDENTIFIER.test(schema))
    throw new StoreError(
      'invalid-schema',
      `StoreOptions.schema must be an SQL identifier (letters, digits, _), got ${JSON.stringify(schema)}.`,
      'Pick a name such as interlock or test_1.',
    );
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    // Not echoed: it may hold a password.
  }
  if (!parsed || !['postgres:', 'postgresql:'].includes(parsed.protocol))
    throw new StoreError(
      'invalid-url',
      `${source} is not a PostgreSQL URL.`,
      'Use postgres://user:password@host:5432/database, or unset it to use the embedded PGlite.',
    );
  const where = `${parsed.host}${parsed.pathname}`;
  const pool = new pg.Pool({ connectionString: url, max: 10, options: `-c search_path=${schema}` });
  // A server that is down or refuses us should fail at start, with the reason.
  let client: pg.PoolClient;
  try {
    client = await pool.connect();
  } catch (cause) {
    await pool.end().catch(() => undefined);
    throw new StoreError(
      'connect',
      `Cannot connect to PostgreSQL at ${where} (${source}): ${reason(cause)}.`,
      'Check that the server runs and that host, port, user, password and database are right, or unset it to use the embedded PGlite.',
      { cause },
    );
  }
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
    async query<Row>(text: string, params?: unknown[], options?: { name?: string }) {
      // pg prepares a named statement on each connection the first time it runs there.
      const result = options?.name
        ? await q.query({ name: identifier(options.name), text, values: params as unknown[] })
        : await q.query(text, params as unknown[]);
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
  return {
    engine: 'postgres',
    where,
    ...wrap(pool),
    close: () => pool.end(),
  };
}

function reason(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const message = (e.message ?? String(error)).replace(/\.$/, '');
  return e.code && !message.includes(e.code) ? `${e.code} ${message}` : message;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/i;

function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a statement name: ${JSON.stringify(name)}.`);
  return name;
}
