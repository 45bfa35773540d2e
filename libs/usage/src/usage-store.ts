import type { Sql } from '@interlock/store';
import type { UsageBatch } from './aggregate.js';
import { LatencySketch } from './sketch.js';

export type Resolution = 'minute' | 'hour' | 'day';
const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day'];
const SPAN_MS: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

/** How long each resolution is kept, in days. */
export interface Retention {
  minute: number;
  hour: number;
  day: number;
}
export const DEFAULT_RETENTION: Retention = { minute: 2, hour: 35, day: 400 };

export interface RollupRow {
  apiId: string;
  bucket: number;
  operationKey: string;
  consumer: string;
  statusClass: string;
  count: number;
  sketch: LatencySketch;
}

interface Row {
  resolution: Resolution;
  api_id: string;
  bucket: Date | string;
  operation_key: string;
  consumer: string;
  status_class: string;
  count: string | number;
  sketch: string;
  request_bytes: string | number;
  response_bytes: string | number;
}

/**
 * Usage tables (migration 4 in @interlock/store). One writer at a time per database (an advisory lock on
 * PostgreSQL, so several collectors can share it): rows are read, their sketches merged, and written back.
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
      if (batch.cells.length) await writeCells(tx, batch);
      if (batch.undocumented.length) await writeUndocumented(tx, batch);
    });
  }

  /** Rows of one resolution in [from, to), optionally for one API. */
  async rollups(resolution: Resolution, from: number, to: number, apiId?: string): Promise<RollupRow[]> {
    const params: unknown[] = [resolution, new Date(from).toISOString(), new Date(to).toISOString()];
    if (apiId) params.push(apiId);
    const { rows } = await this.sql.query<Row>(
      `SELECT api_id, bucket, operation_key, consumer, status_class, count, sketch FROM usage_rollups
        WHERE resolution = $1 AND bucket >= $2 AND bucket < $3 ${apiId ? 'AND api_id = $4' : ''}`,
      params,
    );
    return rows.map((r) => ({
      apiId: r.api_id,
      bucket: new Date(r.bucket).getTime(),
      operationKey: r.operation_key,
      consumer: r.consumer,
      statusClass: r.status_class,
      count: Number(r.count),
      sketch: LatencySketch.decode(r.sketch),
    }));
  }

  async undocumented(from: number, to: number, apiId?: string) {
    const params: unknown[] = [new Date(from).toISOString(), new Date(to).toISOString()];
    if (apiId) params.push(apiId);
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
      params,
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
      `SELECT DISTINCT api_id, consumer FROM usage_rollups WHERE resolution = 'day'`,
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
      await this.sql.query('DELETE FROM usage_rollups WHERE resolution = $1 AND bucket < $2', [
        resolution,
        new Date(now - retention[resolution] * 86_400_000).toISOString(),
      ]);
  }
}

interface Merged {
  resolution: Resolution;
  apiId: string;
  bucket: number;
  operationKey: string;
  consumer: string;
  statusClass: string;
  count: number;
  sketch: LatencySketch;
  requestBytes: number;
  responseBytes: number;
}

async function writeCells(tx: Sql, batch: UsageBatch): Promise<void> {
  // Each minute cell also adds to its hour and its day.
  const merged = new Map<string, Merged>();
  for (const cell of batch.cells) {
    for (const resolution of RESOLUTIONS) {
      const bucket = Math.floor(cell.minute / SPAN_MS[resolution]) * SPAN_MS[resolution];
      const key = [resolution, cell.apiId, bucket, cell.operationKey, cell.consumer, cell.statusClass].join(
        '\n',
      );
      const at = merged.get(key);
      if (at) {
        at.count += cell.count;
        at.sketch.merge(cell.durations);
        at.requestBytes += cell.requestBytes;
        at.responseBytes += cell.responseBytes;
      } else {
        const sketch = LatencySketch.create();
        sketch.merge(cell.durations);
        merged.set(key, {
          resolution,
          apiId: cell.apiId,
          bucket,
          operationKey: cell.operationKey,
          consumer: cell.consumer,
          statusClass: cell.statusClass,
          count: cell.count,
          sketch,
          requestBytes: cell.requestBytes,
          responseBytes: cell.responseBytes,
        });
      }
    }
  }
  const rows = [...merged.values()];
  const columns = (rs: Merged[]) => [
    rs.map((r) => r.resolution),
    rs.map((r) => r.apiId),
    rs.map((r) => new Date(r.bucket).toISOString()),
    rs.map((r) => r.operationKey),
    rs.map((r) => r.consumer),
    rs.map((r) => r.statusClass),
  ];
  const existing = await tx.query<Row>(
    `SELECT u.* FROM usage_rollups u
       JOIN unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[])
         AS k(resolution, api_id, bucket, operation_key, consumer, status_class)
       USING (resolution, api_id, bucket, operation_key, consumer, status_class)`,
    columns(rows),
  );
  const byKey = new Map(
    rows.map((r) => [
      [r.resolution, r.apiId, r.bucket, r.operationKey, r.consumer, r.statusClass].join('\n'),
      r,
    ]),
  );
  for (const old of existing.rows) {
    const key = [
      old.resolution,
      old.api_id,
      new Date(old.bucket).getTime(),
      old.operation_key,
      old.consumer,
      old.status_class,
    ].join('\n');
    const row = byKey.get(key);
    if (!row) continue;
    row.count += Number(old.count);
    row.sketch.merge(LatencySketch.decode(old.sketch));
    row.requestBytes += Number(old.request_bytes);
    row.responseBytes += Number(old.response_bytes);
  }
  await tx.query(
    `INSERT INTO usage_rollups (resolution, api_id, bucket, operation_key, consumer, status_class, count, sketch,
                                request_bytes, response_bytes)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                          $7::bigint[], $8::text[], $9::bigint[], $10::bigint[])
     ON CONFLICT (resolution, api_id, bucket, operation_key, consumer, status_class) DO UPDATE
       SET count = EXCLUDED.count, sketch = EXCLUDED.sketch,
           request_bytes = EXCLUDED.request_bytes, response_bytes = EXCLUDED.response_bytes`,
    [
      ...columns(rows),
      rows.map((r) => r.count),
      rows.map((r) => r.sketch.encode()),
      rows.map((r) => r.requestBytes),
      rows.map((r) => r.responseBytes),
    ],
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
      u.map((c) => new Date(c.firstSeen).toISOString()),
      u.map((c) => new Date(c.lastSeen).toISOString()),
      u.map((c) => c.example),
    ],
  );
}
