// Folding aggregates into the usage tables: each minute cell is added to its minute, hour and day rows, and to the
// API's traffic rows; latency sketches are merged with the stored ones. Runs inside the fold's transaction.
import type { Sql } from '@interlock/store';
import type { UsageBatch } from './aggregate.js';
import { LatencySketch } from './sketch.js';
import { bucketOf, iso, RESOLUTIONS, type Resolution } from './usage-buckets.js';

export async function writeBatch(tx: Sql, batch: UsageBatch): Promise<void> {
  if (batch.cells.length) {
    await writeCounts(tx, batch);
    await writeTraffic(tx, batch);
  }
  if (batch.latencies.length) await writeLatency(tx, batch);
  if (batch.undocumented.length) await writeUndocumented(tx, batch);
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

/** Requests and errors per API and bucket: what a report's traffic chart reads, a row per bucket. */
async function writeTraffic(tx: Sql, batch: UsageBatch): Promise<void> {
  const rows = new Map<string, { r: Resolution; apiId: string; bucket: number; n: number; e: number }>();
  for (const cell of batch.cells)
    for (const r of RESOLUTIONS) {
      const bucket = bucketOf(cell.minute, r);
      const key = `${r}\n${cell.apiId}\n${bucket}`;
      let at = rows.get(key);
      if (!at) rows.set(key, (at = { r, apiId: cell.apiId, bucket, n: 0, e: 0 }));
      at.n += cell.count;
      if (cell.statusClass === '4xx' || cell.statusClass === '5xx') at.e += cell.count;
    }
  const list = [...rows.values()];
  await tx.query(
    `INSERT INTO usage_traffic (resolution, api_id, bucket, requests, errors)
     SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::bigint[], $5::bigint[])
     ON CONFLICT (resolution, api_id, bucket) DO UPDATE
       SET requests = usage_traffic.requests + EXCLUDED.requests, errors = usage_traffic.errors + EXCLUDED.errors`,
    [
      list.map((x) => x.r),
      list.map((x) => x.apiId),
      list.map((x) => iso(x.bucket)),
      list.map((x) => x.n),
      list.map((x) => x.e),
    ],
  );
}

async function writeLatency(tx: Sql, batch: UsageBatch): Promise<void> {
  const rows = new Map<
    string,
    { r: Resolution; apiId: string; bucket: number; op: string; sketch: LatencySketch }
  >();
  for (const cell of batch.latencies)
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
