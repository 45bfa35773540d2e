import type { Sql } from '@interlock/store';
import type { UsageBatch } from './aggregate.js';
import { LatencySketch } from './sketch.js';

export type Resolution = 'minute' | 'hour' | 'day';
const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day'];
export const BUCKET_MS: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** How long each resolution is kept, in days. */
export interface Retention {
  minute: number;
  hour: number;
  day: number;
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

const iso = (ms: number) => new Date(ms).toISOString();
const COARSER: Partial<Record<Resolution, Resolution>> = { minute: 'hour', hour: 'day' };

/** [lo, hi) as the fewest buckets: `resolution` at the ragged ends, whole hours and days from coarser rows. */
export function countPlan(resolution: Resolution, lo: number, hi: number): [Resolution, number, number][] {
  const coarser = COARSER[resolution];
  if (!coarser) return [[resolution, lo, hi]];
  const step = BUCKET_MS[coarser];
  const start = Math.ceil(lo / step) * step;
  const end = Math.floor(hi / step) * step;
  if (end <= start) return [[resolution, lo, hi]];
  return [
    ...(lo < start ? [[resolution, lo, start] as [Resolution, number, number]] : []),
    ...countPlan(coarser, start, end),
    ...(end < hi ? [[resolution, end, hi] as [Resolution, number, number]] : []),
  ];
}
const bucketOf = (ms: number, r: Resolution) => Math.floor(ms / BUCKET_MS[r]) * BUCKET_MS[r];

/**
 * Usage tables (migration 3 in @interlock/store). Counts are added by SQL (`count = count + excluded.count`);
 * sketches are read, merged and written back, one writer at a time per database (an advisory lock on PostgreSQL,
 * so several collectors can share it).
 */
export class UsageStore {
  constructor(
    private readonly sql: Sql,
    private readonly engine: 'pglite' | 'postgres',
  ) {}

  /** Writes one batch in one transaction: all of it or nothing. */
  async write(batch: UsageBatch): Promise<void> {
    if (batch.cells.length === 0 && batch.undocumented.length === 0) return;
    await this.sql.transaction(async (tx) => {
      if (this.engine === 'postgres') await tx.query('SELECT pg_advisory_xact_lock(7364111)');
      if (batch.cells.length) {
        await writeCounts(tx, batch);
        await writeLatency(tx, batch);
      }
      if (batch.undocumented.length) await writeUndocumented(tx, batch);
    });
  }

  /**
   * Requests per (API, operation, consumer, status class) in the buckets of `resolution` that overlap [from, to).
   * Whole hours and days inside the range are read from the coarser rows (written with the same counts), so a
   * month reads about 30 day rows per series, not 720 hour rows.
   */
  async counts(resolution: Resolution, from: number, to: number, apiId?: string): Promise<CountRow[]> {
    const params: unknown[] = [];
    const ranges = countPlan(resolution, bucketOf(from, resolution), to).map(([r, lo, hi]) => {
      params.push(r, iso(lo), iso(hi));
      const n = params.length;
      return `(resolution = $${n - 2} AND bucket >= $${n - 1} AND bucket < $${n})`;
    });
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

  async traffic(resolution: Resolution, from: number, to: number, apiId?: string): Promise<TrafficRow[]> {
    const { rows } = await this.sql.query<{
      api_id: string;
      bucket: Date | string;
      n: string | number;
      e: string | number | null;
    }>(
      `SELECT api_id, bucket, sum(count) AS n, sum(count) FILTER (WHERE status_class IN ('4xx', '5xx')) AS e
         FROM usage_counts WHERE resolution = $1 AND bucket >= $2 AND bucket < $3 ${apiId ? 'AND api_id = $4' : ''}
        GROUP BY api_id, bucket`,
      [resolution, iso(bucketOf(from, resolution)), iso(to), ...(apiId ? [apiId] : [])],
    );
    return rows.map((r) => ({
      apiId: r.api_id,
      bucket: new Date(r.bucket).getTime(),
      requests: Number(r.n),
      errors: Number(r.e ?? 0),
    }));
  }

  /** Each operation's durations over the buckets of `resolution` that overlap [from, to), merged. */
  async latency(resolution: Resolution, from: number, to: number, apiId?: string): Promise<LatencyRow[]> {
    const { rows } = await this.sql.query<{ api_id: string; operation_key: string; sketch: string }>(
      `SELECT api_id, operation_key, sketch FROM usage_latency
        WHERE resolution = $1 AND bucket >= $2 AND bucket < $3 ${apiId ? 'AND api_id = $4' : ''}`,
      [resolution, iso(bucketOf(from, resolution)), iso(to), ...(apiId ? [apiId] : [])],
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

  /** Drops rows older than the retention of their resolution. */
  async prune(now: number, retention: Retention = DEFAULT_RETENTION): Promise<void> {
    for (const resolution of RESOLUTIONS)
      for (const table of ['usage_counts', 'usage_latency'])
        await this.sql.query(`DELETE FROM ${table} WHERE resolution = $1 AND bucket < $2`, [
          resolution,
          iso(now - retention[resolution] * 86_400_000),
        ]);
  }
}

async function writeCounts(tx: Sql, batch: UsageBatch): Promise<void> {
  const rows = new Map<
    string,
    {
      r: Resolution;
      apiId: string;
      bucket: number;
      op: string;
      consumer: string;
      status: string;
      count: number;
      req: number;
      res: number;
    }
  >();
  for (const cell of batch.cells)
    for (const r of RESOLUTIONS) {
      const bucket = bucketOf(cell.minute, r);
      const key = `${r}\n${cell.apiId}\n${bucket}\n${cell.operationKey}\n${cell.consumer}\n${cell.statusClass}`;
      const at = rows.get(key);
      if (at) {
        at.count += cell.count;
        at.req += cell.requestBytes;
        at.res += cell.responseBytes;
      } else
        rows.set(key, {
          r,
          apiId: cell.apiId,
          bucket,
          op: cell.operationKey,
          consumer: cell.consumer,
          status: cell.statusClass,
          count: cell.count,
          req: cell.requestBytes,
          res: cell.responseBytes,
        });
    }
  const list = [...rows.values()];
  await tx.query(
    `INSERT INTO usage_counts (resolution, api_id, bucket, operation_key, consumer, status_class, count, request_bytes, response_bytes)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[])
     ON CONFLICT (resolution, api_id, bucket, operation_key, consumer, status_class) DO UPDATE
       SET count = usage_counts.count + EXCLUDED.count,
           request_bytes = usage_counts.request_bytes + EXCLUDED.request_bytes,
           response_bytes = usage_counts.response_bytes + EXCLUDED.response_bytes`,
    [
      list.map((x) => x.r),
      list.map((x) => x.apiId),
      list.map((x) => iso(x.bucket)),
      list.map((x) => x.op),
      list.map((x) => x.consumer),
      list.map((x) => x.status),
      list.map((x) => x.count),
      list.map((x) => x.req),
      list.map((x) => x.res),
    ],
  );
}

async function writeLatency(tx: Sql, batch: UsageBatch): Promise<void> {
  const rows = new Map<
    string,
    { r: Resolution; apiId: string; bucket: number; op: string; sketch: LatencySketch }
  >();
  for (const cell of batch.cells)
    for (const r of RESOLUTIONS) {
      const bucket = bucketOf(cell.minute, r);
      const key = `${r}\n${cell.apiId}\n${bucket}\n${cell.operationKey}`;
      const at = rows.get(key);
      if (at) at.sketch.merge(cell.durations);
      else {
        const sketch = LatencySketch.create();
        sketch.merge(cell.durations);
        rows.set(key, { r, apiId: cell.apiId, bucket, op: cell.operationKey, sketch });
      }
    }
  const list = [...rows.values()];
  const keys = [
    list.map((x) => x.r),
    list.map((x) => x.apiId),
    list.map((x) => iso(x.bucket)),
    list.map((x) => x.op),
  ];
  const existing = await tx.query<{
    resolution: string;
    api_id: string;
    bucket: Date | string;
    operation_key: string;
    sketch: string;
  }>(
    `SELECT u.resolution, u.api_id, u.bucket, u.operation_key, u.sketch FROM usage_latency u
       JOIN unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[]) AS k(resolution, api_id, bucket, operation_key)
       USING (resolution, api_id, bucket, operation_key)`,
    keys,
  );
  for (const old of existing.rows) {
    const row = rows.get(
      `${old.resolution}\n${old.api_id}\n${new Date(old.bucket).getTime()}\n${old.operation_key}`,
    );
    row?.sketch.merge(LatencySketch.decode(old.sketch));
  }
  await tx.query(
    `INSERT INTO usage_latency (resolution, api_id, bucket, operation_key, sketch)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[])
     ON CONFLICT (resolution, api_id, bucket, operation_key) DO UPDATE SET sketch = EXCLUDED.sketch`,
    [...keys, list.map((x) => x.sketch.encode())],
  );
}

async function writeUndocumented(tx: Sql, batch: UsageBatch): Promise<void> {
  const u = batch.undocumented;
  await tx.query(
    `INSERT INTO usage_undocumented (service, method, route, api_id, count, first_seen, last_seen, example)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::timestamptz[],
                          $7::timestamptz[], $8::text[])
     ON CONFLICT (service, method, route) DO UPDATE
       SET count = usage_undocumented.count + EXCLUDED.count,
           first_seen = LEAST(usage_undocumented.first_seen, EXCLUDED.first_seen),
           last_seen = GREATEST(usage_undocumented.last_seen, EXCLUDED.last_seen),
           api_id = COALESCE(EXCLUDED.api_id, usage_undocumented.api_id)`,
    [
      u.map((c) => c.service),
      u.map((c) => c.method),
      u.map((c) => c.route),
      u.map((c) => c.apiId ?? null),
      u.map((c) => c.count),
      u.map((c) => iso(c.firstSeen)),
      u.map((c) => iso(c.lastSeen)),
      u.map((c) => c.example),
    ],
  );
}
