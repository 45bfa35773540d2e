import type { Engine, Sql } from '@interlock/store';
import type { UsageBatch } from './aggregate.js';
import { encodeBatch, JOURNAL_FORMAT, JournalMerger } from './journal.js';
import { LatencySketch } from './sketch.js';
import { BUCKET_MS, bucketOf, countPlan, iso, RESOLUTIONS, type Resolution } from './usage-buckets.js';
import { writeBatch } from './usage-writes.js';

export { BUCKET_MS, countPlan, type Resolution };

const USAGE_TABLES = [
  'usage_counts',
  'usage_latency',
  'usage_traffic',
  'usage_undocumented',
  'usage_journal',
];

/** How long each resolution is kept, in days. Week rows are kept as long as day rows unless said otherwise. */
export interface Retention {
  minute: number;
  hour: number;
  day: number;
  week?: number;
}
export const DEFAULT_RETENTION: Retention = { minute: 2, hour: 35, day: 400 };

/** Requests of one (API, operation, consumer, status class) summed over a range. */
export interface CountRow {
  apiId: string;
  operationKey: string;
  consumer: string;
  statusClass: string;
  count: number;
}

/** Requests and errors of one API in one bucket. */
export interface TrafficRow {
  apiId: string;
  bucket: number;
  requests: number;
  errors: number;
}

/** Durations of one operation over a range, merged. */
export interface LatencyRow {
  apiId: string;
  operationKey: string;
  sketch: LatencySketch;
}

/**
 * Usage tables (migrations 3 and 5 in @interlock/store). A group commit appends its aggregates to the journal as
 * one row: that row is what makes its requests durable. Folding moves journal rows into the minute, hour and day
 * rows (counts added by SQL, sketches read, merged and written back) and deletes them in the same transaction, so
 * every row is folded exactly once, by whichever process gets to it first (an advisory lock on PostgreSQL, where
 * several collectors share the tables). Reads fold first: they see every acknowledged span.
 */
export class UsageStore {
  private folding: Promise<number> | undefined;
  private weeksFromMs: number | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly engine: Engine,
  ) {}

  /** Makes one batch durable: a journal row, written in one statement. */
  async append(batch: UsageBatch): Promise<void> {
    if (batch.cells.length === 0 && batch.latencies.length === 0 && batch.undocumented.length === 0) return;
    await this.sql.query('INSERT INTO usage_journal (format, spans, batch) VALUES ($1, $2, $3)', [
      JOURNAL_FORMAT,
      batch.spans,
      Buffer.from(encodeBatch(batch)).toString('base64'),
    ]);
  }

  /** Writes one batch straight into the tables, in one transaction: all of it or nothing. */
  async write(batch: UsageBatch): Promise<void> {
    if (batch.cells.length === 0 && batch.latencies.length === 0 && batch.undocumented.length === 0) return;
    await this.sql.transaction(async (tx) => {
      if (this.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7364111)');
      await writeBatch(tx, batch);
    });
  }

  /**
   * Folds the journal into the tables; resolves with the number of rows folded. One fold at a time per store;
   * asked for while one runs, it waits for it and folds what arrived since. A journal row that cannot be read is
   * set aside (format 0) with a warning instead of blocking every later fold.
   */
  async fold(onWarning?: (message: string) => void): Promise<number> {
    while (this.folding) await this.folding.catch(() => undefined);
    const folding = this.foldAll(onWarning);
    this.folding = folding;
    try {
      return await folding;
    } finally {
      if (this.folding === folding) this.folding = undefined;
    }
  }

  private async foldAll(onWarning?: (message: string) => void): Promise<number> {
    let folded = 0;
    for (;;) {
      const pending = await this.sql.query<{ one: number }>(
        'SELECT 1 AS one FROM usage_journal WHERE format = $1 LIMIT 1',
        [JOURNAL_FORMAT],
      );
      if (pending.rows.length === 0) return folded;
      folded += await this.sql.transaction(async (tx) => {
        if (this.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7364111)');
        const merger = new JournalMerger();
        const done: (string | number)[] = [];
        const unreadable: (string | number)[] = [];
        // Read a page at a time (a result set is copied whole through PGlite's memory), up to 1,000 rows a fold.
        for (let after = 0, page = 0; page < 10; page++) {
          const { rows } = await tx.query<{ id: string | number; batch: string }>(
            'SELECT id, batch FROM usage_journal WHERE format = $1 AND id > $2 ORDER BY id LIMIT 100',
            [JOURNAL_FORMAT, after],
          );
          for (const row of rows) {
            try {
              merger.add(Buffer.from(row.batch, 'base64'));
              done.push(row.id);
            } catch (error) {
              unreadable.push(row.id);
              onWarning?.(
                `usage journal row ${row.id} cannot be read and is set aside: ${(error as Error).message}`,
              );
            }
          }
          if (rows.length < 100) break;
          after = Number(rows[rows.length - 1]?.id);
        }
        if (done.length) await writeBatch(tx, merger.batch());
        if (done.length) await tx.query('DELETE FROM usage_journal WHERE id = ANY($1::bigint[])', [done]);
        if (unreadable.length)
          await tx.query('UPDATE usage_journal SET format = 0 WHERE id = ANY($1::bigint[])', [unreadable]);
        return done.length;
      });
    }
  }

  /**
   * Requests per (API, operation, consumer, status class) in the buckets of `resolution` that overlap [from, to).
   * Whole hours, days and weeks inside the range are read from the coarser rows (written with the same counts), so
   * a month reads about 10 day and week rows per series, not 720 hour rows.
   */
  async counts(resolution: Resolution, from: number, to: number, apiId?: string): Promise<CountRow[]> {
    await this.fold();
    const params: unknown[] = [];
    const ranges = await this.ranges(resolution, from, to, params);
    if (apiId) params.push(apiId);
    const { rows } = await this.sql.query<{
      api_id: string;
      operation_key: string;
      consumer: string;
      status_class: string;
      n: string | number;
    }>(
      `SELECT api_id, operation_key, consumer, status_class, sum(count) AS n FROM usage_counts
        WHERE (${ranges.join(' OR ')}) ${apiId ? `AND api_id = $${params.length}` : ''}
        GROUP BY api_id, operation_key, consumer, status_class`,
      params,
    );
    return rows.map((r) => ({
      apiId: r.api_id,
      operationKey: r.operation_key,
      consumer: r.consumer,
      statusClass: r.status_class,
      count: Number(r.n),
    }));
  }

  /** Requests and errors per API in the buckets of `resolution` that overlap [from, to) (the traffic rollup). */
  async traffic(resolution: Resolution, from: number, to: number, apiId?: string): Promise<TrafficRow[]> {
    await this.fold();
    const { rows } = await this.sql.query<{
      api_id: string;
      bucket: Date | string;
      requests: string | number;
      errors: string | number;
    }>(
      `SELECT api_id, bucket, requests, errors FROM usage_traffic
        WHERE resolution = $1 AND bucket >= $2 AND bucket < $3 ${apiId ? 'AND api_id = $4' : ''}`,
      [resolution, iso(bucketOf(from, resolution)), iso(to), ...(apiId ? [apiId] : [])],
    );
    return rows.map((r) => ({
      apiId: r.api_id,
      bucket: new Date(r.bucket).getTime(),
      requests: Number(r.requests),
      errors: Number(r.errors),
    }));
  }

  /**
   * Each operation's durations over the buckets of `resolution` that overlap [from, to), merged; whole hours, days
   * and weeks are read from coarser rows, as counts are (sketches merge exactly: the result is the same).
   */
  async latency(resolution: Resolution, from: number, to: number, apiId?: string): Promise<LatencyRow[]> {
    await this.fold();
    const params: unknown[] = [];
    const ranges = await this.ranges(resolution, from, to, params);
    if (apiId) params.push(apiId);
    const { rows } = await this.sql.query<{ api_id: string; operation_key: string; sketch: string }>(
      `SELECT api_id, operation_key, sketch FROM usage_latency
        WHERE (${ranges.join(' OR ')}) ${apiId ? `AND api_id = $${params.length}` : ''}`,
      params,
    );
    const grouped = new Map<string, { apiId: string; operationKey: string; sketches: string[] }>();
    for (const r of rows) {
      const key = `${r.api_id}\n${r.operation_key}`;
      const at = grouped.get(key);
      if (at) at.sketches.push(r.sketch);
      else grouped.set(key, { apiId: r.api_id, operationKey: r.operation_key, sketches: [r.sketch] });
    }
    return [...grouped.values()].map((g) => ({
      apiId: g.apiId,
      operationKey: g.operationKey,
      sketch: LatencySketch.mergeEncoded(g.sketches),
    }));
  }

  async undocumented(from: number, to: number, apiId?: string) {
    await this.fold();
    const { rows } = await this.sql.query<{
      service: string;
      api_id: string | null;
      method: string;
      route: string;
      count: string | number;
      first_seen: Date | string;
      last_seen: Date | string;
      example: string;
    }>(
      `SELECT * FROM usage_undocumented WHERE last_seen >= $1 AND first_seen < $2 ${apiId ? 'AND api_id = $3' : ''}
        ORDER BY count DESC, service, method, route LIMIT 1000`,
      [iso(from), iso(to), ...(apiId ? [apiId] : [])],
    );
    return rows.map((r) => ({
      service: r.service,
      apiId: r.api_id ?? undefined,
      method: r.method,
      route: r.route,
      requests: Number(r.count),
      firstSeen: new Date(r.first_seen).toISOString(),
      lastSeen: new Date(r.last_seen).toISOString(),
      example: r.example,
    }));
  }

  /** Consumers and undocumented routes already stored, for the aggregator's cardinality caps. */
  async seen(): Promise<{
    consumers: { apiId: string; consumer: string }[];
    routes: { service: string; key: string }[];
  }> {
    const consumers = await this.sql.query<{ api_id: string; consumer: string }>(
      `SELECT DISTINCT api_id, consumer FROM usage_counts WHERE resolution = 'day'`,
    );
    const routes = await this.sql.query<{ service: string; method: string; route: string }>(
      'SELECT service, method, route FROM usage_undocumented',
    );
    return {
      consumers: consumers.rows.map((r) => ({ apiId: r.api_id, consumer: r.consumer })),
      routes: routes.rows.map((r) => ({ service: r.service, key: `${r.method} ${r.route}` })),
    };
  }

  /**
   * PGlite has no autovacuum: the dead rows that folding's upserts leave pile up, and the planner has no
   * statistics (without them it sorts a month of counts on disk instead of hashing them). Vacuums and analyzes
   * the usage tables there; PostgreSQL's autovacuum does it on its own.
   */
  async maintain(): Promise<void> {
    if (this.engine === 'pglite') await this.sql.exec(`VACUUM ANALYZE ${USAGE_TABLES.join(', ')}`);
  }

  /** On PGlite, analyzes the usage tables that were never analyzed (see `maintain`). */
  async analyzeIfNeeded(): Promise<void> {
    if (this.engine !== 'pglite') return;
    const { rows } = await this.sql.query<{ relname: string }>(
      `SELECT relname FROM pg_class
        WHERE relname = ANY($1::text[]) AND relkind = 'r' AND reltuples < 0 AND relnamespace = 'public'::regnamespace`,
      [USAGE_TABLES],
    );
    if (rows.length) await this.sql.exec(`ANALYZE ${rows.map((r) => r.relname).join(', ')}`);
  }

  /** Drops rows older than the retention of their resolution. */
  async prune(now: number, retention: Retention = DEFAULT_RETENTION): Promise<void> {
    for (const resolution of RESOLUTIONS)
      for (const table of ['usage_counts', 'usage_latency', 'usage_traffic'])
        await this.sql.query(`DELETE FROM ${table} WHERE resolution = $1 AND bucket < $2`, [
          resolution,
          iso(now - (retention[resolution] ?? retention.day) * 86_400_000),
        ]);
  }

  /** The plan for [from, to) as SQL conditions on (resolution, bucket); their values are pushed to `params`. */
  private async ranges(
    resolution: Resolution,
    from: number,
    to: number,
    params: unknown[],
  ): Promise<string[]> {
    const weeksFrom = await this.weeksFrom();
    return countPlan(resolution, bucketOf(from, resolution), to, weeksFrom).map(([r, lo, hi]) => {
      params.push(r, iso(lo), iso(hi));
      const n = params.length;
      return `(resolution = $${n - 2} AND bucket >= $${n - 1} AND bucket < $${n})`;
    });
  }

  /** Where week rows begin to hold everything (migration 5 sets it when it finds older usage); 0 when always. */
  private async weeksFrom(): Promise<number> {
    if (this.weeksFromMs === undefined) {
      const { rows } = await this.sql.query<{ value: string }>(
        `SELECT value FROM settings WHERE key = 'usage-weeks-from'`,
      );
      this.weeksFromMs = Number(rows[0]?.value ?? 0);
    }
    return this.weeksFromMs;
  }
}
