import semver from 'semver';
import { loadSpecText, type Api } from '@interlock/openapi';
import { migrate } from './migrations.js';
import { packVersion, unpack, type PackedVersion } from './pack.js';
import { createSql } from './sql.js';
import type {
  ApiFilter,
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
import { searchInSql, toHit } from './search.js';
import { prefixQuery } from './words.js';

/** Opens the store (PostgreSQL when configured, else PGlite) and brings its schema up to date. */
export async function createStore(options: StoreOptions = {}): Promise<Store> {
  const db = await createSql(options);
  try {
    await migrate(db, db.engine);
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return new SqlStore(db, db.engine, () => db.close());
}

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

  constructor(
    readonly sql: Sql,
    readonly engine: Store['engine'],
    private readonly closeDb: () => Promise<void>,
  ) {
    this.lint = new SqlLintResults(sql);
  }

  async publish(input: PublishInput | PackedVersion): Promise<PublishResult> {
    const packed = 'params' in input ? input : packVersion(input);
    const existing = await this.versionRow(packed.apiId, packed.version);
    if (existing)
      return existing.hash === packed.hash
        ? { status: 'unchanged', version: existing }
        : { status: 'conflict', existing };
    try {
      const version = await this.sql.transaction(async (tx) => {
        // The API's row exists and is locked (ON CONFLICT DO UPDATE locks it) before deciding whether this version
        // becomes the latest; then the version and everything derived from it go in as one statement.
        const current = await tx.query<{ latest_version: string | null }>(
          `INSERT INTO apis (id, title, lifecycle) VALUES ($1, $2, $3)
           ON CONFLICT (id) DO UPDATE SET id = EXCLUDED.id RETURNING latest_version`,
          [packed.apiId, packed.title, packed.lifecycle],
        );
        const latest = becomesLatest(packed.version, current.rows[0]?.latest_version ?? null);
        const inserted = await tx.query<VersionRow>(
          publishStatement(latest),
          latest ? [...packed.params, ...packed.latest] : packed.params,
        );
        return toVersion(inserted.rows[0] as VersionRow);
      });
      return { status: 'created', version };
    } catch (error) {
      // Another writer stored this version first: its content decides between unchanged and conflict.
      if ((error as { code?: string }).code !== '23505') throw error;
      const winner = await this.versionRow(packed.apiId, packed.version);
      if (!winner) throw error;
      return winner.hash === packed.hash
        ? { status: 'unchanged', version: winner }
        : { status: 'conflict', existing: winner };
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
    const { rows } = await this.sql.query<VersionRow & { model: string }>(
      `SELECT ${VERSION_COLUMNS}, encode(model_gz, 'base64') AS model FROM api_versions WHERE ${versionClause(version)}`,
      [apiId, version],
    );
    const row = rows[0];
    return row ? { ...toVersion(row), api: JSON.parse(unpack(row.model)) as Api } : undefined;
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
    const rows = await searchInSql(this.sql, tsquery, limit, options.apiId);
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

  private async versionRow(apiId: string, version: string): Promise<VersionSummary | undefined> {
    const { rows } = await this.sql.query<VersionRow>(
      `SELECT ${VERSION_COLUMNS} FROM api_versions WHERE api_id = $1 AND version = $2`,
      [apiId, version],
    );
    return rows[0] ? toVersion(rows[0]) : undefined;
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

/**
 * One statement for a new version: its row, its operations and schemas, the API's counts and, when it becomes the
 * latest, the API's fields and its search entries (upserted, and those of operations it no longer has deleted:
 * the two touch different rows, as one statement must). PGlite runs each statement on its one thread, so fewer of
 * them is most of what publishing a small spec costs. Parameters: `PackedVersion`'s, all text (lists as array
 * literals, search vectors as tsvector literals).
 */
function publishStatement(latest: boolean): string {
  return `
    WITH v AS (
      INSERT INTO api_versions (api_id, version, hash, spec_gz, media_type, format, operation_count, model_gz)
      VALUES ($1, $2, $3, decode($4, 'base64'), $5, $6, $7, decode($8, 'base64'))
      RETURNING ${VERSION_COLUMNS}
    ), o AS (
      SELECT * FROM unnest($9::text::text[], $10::text::text[], $11::text::text[], $12::text::text[],
                           $13::text::text[], $14::text::text[], $15::text::text[], $16::text::boolean[],
                           $17::text::tsvector[]) AS u(k, m, p, oid, s, d, t, dep, search)
    ), ops AS (
      INSERT INTO operations (api_id, version, key, method, path, operation_id, summary, description, tags, deprecated)
      SELECT $1, $2, k, m, p, oid, s, d, t::text[], dep FROM o
    ), sc AS (
      SELECT * FROM unnest($18::text::text[], $19::text::text[], $20::text::text[], $21::text::tsvector[])
        AS u(n, d, p, search)
    ), sch AS (
      INSERT INTO schemas (api_id, version, name, description, properties) SELECT $1, $2, n, d, p::text[] FROM sc
    ), a AS (
      UPDATE apis SET updated_at = now(), version_count = version_count + 1
        ${
          latest
            ? `, latest_version = $2, operation_count = $7, title = $22, description = $23, owner = $24::jsonb,
               owner_name = $25, lifecycle = $26, tags = $27::text::text[]`
            : ''
        }
      WHERE id = $1
    )${latest ? `, entries AS (${SEARCH_ENTRIES}), se AS (${UPSERT_ENTRIES}), del AS (${STALE_ENTRIES})` : ''}
    SELECT * FROM v`;
}

/** The search entries of the latest version: its operations and schemas. */
const SEARCH_ENTRIES = `
  SELECT 'operation' AS kind, k AS n, m, p, oid, left(s, 300) AS s, search FROM o
  UNION ALL
  SELECT 'schema', n, NULL, NULL, NULL, left(d, 300), search FROM sc`;
const UPSERT_ENTRIES = `
  INSERT INTO search_entries (api_id, version, kind, name, method, path, operation_id, summary, search)
  SELECT $1, $2, kind, n, m, p, oid, s, search FROM entries
  ON CONFLICT (api_id, kind, name) DO UPDATE SET version = EXCLUDED.version, method = EXCLUDED.method,
    path = EXCLUDED.path, operation_id = EXCLUDED.operation_id, summary = EXCLUDED.summary, search = EXCLUDED.search`;
const STALE_ENTRIES = `
  DELETE FROM search_entries WHERE api_id = $1 AND (kind, name) NOT IN (SELECT kind, n FROM entries)`;

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
