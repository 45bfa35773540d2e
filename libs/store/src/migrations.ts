import { StoreError } from './errors.js';
import type { Engine, Sql } from './types.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
}

/** Every table of Interlock, in order. Add a migration by appending to this list; never edit a shipped one. */
export const migrations: Migration[] = [
  {
    id: 1,
    name: 'catalog',
    sql: `
      CREATE TABLE apis (
        id text PRIMARY KEY,
        title text NOT NULL,
        description text,
        owner jsonb,
        owner_name text,
        lifecycle text NOT NULL,
        tags text[] NOT NULL DEFAULT '{}',
        latest_version text,
        version_count integer NOT NULL DEFAULT 0,
        operation_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX apis_owner ON apis (owner_name);
      CREATE INDEX apis_lifecycle ON apis (lifecycle);
      CREATE INDEX apis_tags ON apis USING gin (tags);

      CREATE TABLE api_versions (
        seq bigserial UNIQUE,
        api_id text NOT NULL REFERENCES apis (id),
        version text NOT NULL,
        hash text NOT NULL,
        spec_text text NOT NULL,
        media_type text NOT NULL,
        format text NOT NULL,
        operation_count integer NOT NULL,
        model text NOT NULL,
        document text,
        published_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (api_id, version)
      );

      CREATE TABLE operations (
        api_id text NOT NULL,
        version text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        operation_id text,
        summary text,
        description text,
        tags text[] NOT NULL DEFAULT '{}',
        deprecated boolean NOT NULL DEFAULT false,
        PRIMARY KEY (api_id, version, key),
        FOREIGN KEY (api_id, version) REFERENCES api_versions (api_id, version)
      );

      CREATE TABLE schemas (
        api_id text NOT NULL,
        version text NOT NULL,
        name text NOT NULL,
        description text,
        properties text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (api_id, version, name),
        FOREIGN KEY (api_id, version) REFERENCES api_versions (api_id, version)
      );

      -- The full-text index: operations and schemas of each API's latest version, in narrow rows so that a
      -- broad query reads few pages.
      CREATE TABLE search_entries (
        api_id text NOT NULL REFERENCES apis (id),
        version text NOT NULL,
        kind text NOT NULL,
        name text NOT NULL,
        method text,
        path text,
        operation_id text,
        summary text,
        search tsvector NOT NULL,
        PRIMARY KEY (api_id, kind, name)
      );
      CREATE INDEX search_entries_search ON search_entries USING gin (search);

      CREATE TABLE artifacts (
        api_id text NOT NULL,
        version text NOT NULL,
        kind text NOT NULL,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (api_id, version, kind),
        FOREIGN KEY (api_id, version) REFERENCES api_versions (api_id, version)
      );

      CREATE TABLE settings (
        key text PRIMARY KEY,
        value text NOT NULL
      );
    `,
  },
  {
    id: 2,
    name: 'search-pending-list',
    // A GIN index collects new entries in a pending list that every search scans in full until it is merged into
    // the index. PostgreSQL's autovacuum merges it now and then; PGlite has no autovacuum, so the list grew to the
    // 4 MB default and made searches over 100k entries 3× slower. A 256 kB list costs publishing under 10 %.
    sql: `
      ALTER INDEX search_entries_search SET (gin_pending_list_limit = 256);
      SELECT gin_clean_pending_list('search_entries_search'::regclass);
    `,
  },
  {
    id: 3,
    name: 'usage',
    // Usage at three resolutions, each written as traffic arrives (so rollups are exact and never late): a minute
    // row, its hour and its day. Counts per consumer and status class are summed by SQL; durations are a DDSketch
    // (base64) per operation and bucket, merged on write — one per operation, not per consumer, so a report over
    // a month of 1,000 operations merges thousands of sketches, not millions.
    sql: `
      CREATE TABLE usage_counts (
        resolution text NOT NULL CHECK (resolution IN ('minute', 'hour', 'day')),
        api_id text NOT NULL,
        bucket timestamptz NOT NULL,
        operation_key text NOT NULL,
        consumer text NOT NULL,
        status_class text NOT NULL,
        count bigint NOT NULL,
        request_bytes bigint NOT NULL DEFAULT 0,
        response_bytes bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (resolution, api_id, bucket, operation_key, consumer, status_class)
      );
      CREATE INDEX usage_counts_bucket ON usage_counts (resolution, bucket);

      CREATE TABLE usage_latency (
        resolution text NOT NULL CHECK (resolution IN ('minute', 'hour', 'day')),
        api_id text NOT NULL,
        bucket timestamptz NOT NULL,
        operation_key text NOT NULL,
        sketch text NOT NULL,
        PRIMARY KEY (resolution, api_id, bucket, operation_key)
      );
      CREATE INDEX usage_latency_bucket ON usage_latency (resolution, bucket);

      CREATE TABLE usage_undocumented (
        service text NOT NULL,
        method text NOT NULL,
        route text NOT NULL,
        api_id text,
        count bigint NOT NULL,
        first_seen timestamptz NOT NULL,
        last_seen timestamptz NOT NULL,
        example text NOT NULL,
        PRIMARY KEY (service, method, route)
      );
    `,
  },
];

/** Applies what is missing, in one transaction; on PostgreSQL an advisory lock makes concurrent starters wait. */
export async function migrate(sql: Sql, engine: Engine): Promise<number[]> {
  return sql.transaction(async (tx) => {
    if (engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7364110)');
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      id integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = (await tx.query<{ id: number; name: string }>('SELECT id, name FROM schema_migrations'))
      .rows;
    const known = new Set(migrations.map((m) => m.id));
    const unknown = rows.find((r) => !known.has(r.id));
    if (unknown)
      throw new StoreError(
        'newer-schema',
        `The database has migration ${unknown.id} (${unknown.name}), which this version of Interlock does not know: ` +
          'a newer version migrated it.',
        'Run that version (or newer), or point Interlock at another database.',
      );
    const done = new Set(rows.map((r) => r.id));
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.id)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
