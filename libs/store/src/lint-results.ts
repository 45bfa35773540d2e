import type {
  LintGrade,
  LintRecord,
  LintResults,
  LintSeverity,
  LintStatus,
  Sql,
  StoredFinding,
  StoredLint,
  VersionKey,
} from './types.js';

/** A row that is not current for ruleset `$hash`: to be queued (again). `running` rows past the lease count too. */
const stale = (row: string, hash: string, leaseMs: string) =>
  `(${row}.ruleset_hash <> ${hash} OR ${row}.status = 'failed'
    OR (${row}.status = 'running' AND ${row}.started_at < now() - ${leaseMs} * interval '1 millisecond'))`;

/** A row queued again starts afresh: the old ruleset's findings no longer say anything. */
const RESET = `ruleset_hash = EXCLUDED.ruleset_hash, status = 'queued', errors = 0, warnings = 0, infos = 0,
  hints = 0, grade = NULL, findings = NULL, error_message = NULL, duration_ms = NULL, queued_at = now(),
  started_at = NULL, linted_at = NULL`;

interface LintRow {
  api_id: string;
  version: string;
  ruleset_hash: string;
  status: LintStatus;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
  grade: LintGrade | null;
  findings: string | null;
  error_message: string | null;
  duration_ms: number | null;
  queued_at: Date | string;
  linted_at: Date | string | null;
}

/** Lint results in the `lint_results` table (migration 8), the same SQL on PGlite and PostgreSQL. */
export class SqlLintResults implements LintResults {
  constructor(private readonly sql: Sql) {}

  async enqueue(keys: VersionKey[], rulesetHash: string): Promise<void> {
    if (keys.length === 0) return;
    await this.sql.query(
      `INSERT INTO lint_results (api_id, version, ruleset_hash, status)
       SELECT a, v, $3, 'queued' FROM unnest($1::text[], $2::text[]) AS u(a, v)
       ON CONFLICT (api_id, version) DO UPDATE SET ${RESET}
       WHERE lint_results.ruleset_hash <> EXCLUDED.ruleset_hash OR lint_results.status = 'failed'`,
      [keys.map((k) => k.apiId), keys.map((k) => k.version), rulesetHash],
    );
  }

  async enqueueStale(rulesetHash: string, leaseMs: number): Promise<VersionKey[]> {
    // The condition is checked again on conflict: another process may have claimed the row in the meantime.
    await this.sql.query(
      `INSERT INTO lint_results (api_id, version, ruleset_hash, status)
       SELECT v.api_id, v.version, $1, 'queued'
         FROM api_versions v LEFT JOIN lint_results l ON l.api_id = v.api_id AND l.version = v.version
        WHERE l.api_id IS NULL OR ${stale('l', '$1', '$2')}
       ON CONFLICT (api_id, version) DO UPDATE SET ${RESET}
       WHERE ${stale('lint_results', '$1', '$2')}`,
      [rulesetHash, leaseMs],
    );
    const { rows } = await this.sql.query<{ api_id: string; version: string }>(
      `SELECT l.api_id, l.version FROM lint_results l
         JOIN api_versions v ON v.api_id = l.api_id AND v.version = l.version
         JOIN apis a ON a.id = l.api_id
        WHERE l.status = 'queued' AND l.ruleset_hash = $1
        ORDER BY (a.latest_version = l.version) DESC, v.seq DESC`,
      [rulesetHash],
    );
    return rows.map((r) => ({ apiId: r.api_id, version: r.version }));
  }

  async claim(key: VersionKey, rulesetHash: string, leaseMs: number): Promise<boolean> {
    const { rows } = await this.sql.query(
      `UPDATE lint_results SET status = 'running', started_at = now()
        WHERE api_id = $1 AND version = $2 AND ruleset_hash = $3
          AND (status = 'queued' OR (status = 'running' AND started_at < now() - $4 * interval '1 millisecond'))
       RETURNING 1`,
      [key.apiId, key.version, rulesetHash, leaseMs],
    );
    return rows.length === 1;
  }

  async record(key: VersionKey, rulesetHash: string, result: LintRecord): Promise<void> {
    const { counts } = result;
    await this.sql.query(
      `UPDATE lint_results SET status = $4, errors = $5, warnings = $6, infos = $7, hints = $8, grade = $9,
              findings = $10, error_message = $11, duration_ms = $12, linted_at = now()
        WHERE api_id = $1 AND version = $2 AND ruleset_hash = $3 AND status = 'running'`,
      [
        key.apiId,
        key.version,
        rulesetHash,
        result.status,
        counts.error,
        counts.warn,
        counts.info,
        counts.hint,
        result.grade,
        JSON.stringify(result.findings),
        result.message ?? null,
        Math.round(result.durationMs),
      ],
    );
  }

  async release(key: VersionKey, rulesetHash: string): Promise<void> {
    await this.sql.query(
      `UPDATE lint_results SET status = 'queued', started_at = NULL
        WHERE api_id = $1 AND version = $2 AND ruleset_hash = $3 AND status = 'running'`,
      [key.apiId, key.version, rulesetHash],
    );
  }

  async get(key: VersionKey): Promise<StoredLint | undefined> {
    const { rows } = await this.sql.query<LintRow>(
      `SELECT api_id, version, ruleset_hash, status, errors, warnings, infos, hints, grade, findings,
              error_message, duration_ms, queued_at, linted_at
         FROM lint_results WHERE api_id = $1 AND version = $2`,
      [key.apiId, key.version],
    );
    return rows[0] ? toStoredLint(rows[0]) : undefined;
  }
}

function toStoredLint(row: LintRow): StoredLint {
  const counts: Record<LintSeverity, number> = {
    error: Number(row.errors),
    warn: Number(row.warnings),
    info: Number(row.infos),
    hint: Number(row.hints),
  };
  return {
    apiId: row.api_id,
    version: row.version,
    rulesetHash: row.ruleset_hash,
    status: row.status,
    counts,
    grade: row.grade,
    findings: row.findings ? (JSON.parse(row.findings) as StoredFinding[]) : [],
    ...(row.error_message !== null ? { message: row.error_message } : {}),
    ...(row.duration_ms !== null ? { durationMs: Number(row.duration_ms) } : {}),
    queuedAt: iso(row.queued_at),
    ...(row.linted_at !== null ? { lintedAt: iso(row.linted_at) } : {}),
  };
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}
