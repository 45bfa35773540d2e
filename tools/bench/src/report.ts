import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toPublishInput } from '@interlock/catalog';
import { loadSpecText } from '@interlock/openapi';
import { createStore, type Store } from '@interlock/store';
import { LatencySketch, UsageService } from '@interlock/usage';
import { peakRssMiB, table } from './corpus.js';
import type { Benchmark } from './registry.js';

const OPERATIONS = 1_000;
const CONSUMERS = 500;
const OPS_PER_CONSUMER = 10;
const DAYS = 30;

/**
 * A 30-day usage report over 1,000 operations and 500 consumers (each calling 10 operations, every hour, 2xx and
 * some 4xx): the store is seeded with the rows the collector would have written (hour, day and week counts and
 * latency sketches, the traffic rollup), then the report is built as `GET /api/usage/report?since=30d` builds it.
 * Target ≤ 1 s.
 */
export const report: Benchmark = {
  name: 'report',
  description: '30-day usage report over 1,000 operations and 500 consumers',
  async run() {
    // INTERLOCK_BENCH_REPORT_DIR keeps the seeded PGlite folder between runs (seeding takes a minute or more).
    const kept = process.env.INTERLOCK_BENCH_REPORT_DIR;
    const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'interlock-bench-report-'));
    const store = await createStore(
      process.env.DATABASE_URL
        ? { databaseUrl: process.env.DATABASE_URL, schema: `bench_${process.pid}` }
        : { dataDir },
    );
    try {
      const paths: Record<string, unknown> = {};
      for (let i = 0; i < OPERATIONS; i++)
        paths[`/things${i}/{id}`] = {
          get: { operationId: `getThing${i}`, responses: { '200': { description: 'ok' } } },
        };
      const spec = await loadSpecText(
        JSON.stringify({
          openapi: '3.1.0',
          info: { title: 'Bench', version: '1.0.0' },
          'x-service-name': 'bench',
          paths,
        }),
        { apiId: 'bench' },
      );
      await store.publish(toPublishInput(spec));
      const keys = spec.api.operations.map((o) => o.key);
      const seededAt = await store.getSetting('bench-report-now');
      const now = seededAt ? Number(seededAt) : Date.now();
      if (!seededAt) await seed(store, keys, now);
      const { rows } = await store.sql.query<{ n: string }>('SELECT count(*) AS n FROM usage_counts');
      if (store.engine === 'postgres')
        await store.sql.query('ANALYZE usage_counts; ANALYZE usage_latency; ANALYZE usage_traffic');

      const service = await UsageService.start(store);
      const times: number[] = [];
      let result: Awaited<ReturnType<UsageService['report']>> | undefined;
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        result = await service.report({ since: '30d' }, now);
        times.push(performance.now() - t);
      }
      const api = result?.apis.find((a) => a.apiId === 'bench');
      times.sort((a, b) => a - b);
      console.log(
        table([
          ['30-day report', 'value', 'target'],
          ['engine', store.engine, ''],
          ['usage_counts rows seeded', Number(rows[0]?.n), ''],
          ['report, first (s)', times[times.length - 1]! / 1000, ''],
          ['report, median of 5 (s)', times[2]! / 1000, '≤ 1 s'],
          ['operations in report', api?.operations.length ?? 0, String(OPERATIONS)],
          ['requests in report', api?.requests ?? 0, ''],
          ['peak RSS (MiB)', peakRssMiB(), ''],
        ]),
      );
    } finally {
      if (store.engine === 'postgres')
        await store.sql.exec(`DROP SCHEMA IF EXISTS bench_${process.pid} CASCADE`);
      await store.close();
      if (!kept) rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

/** The rows the collector would have written for 30 days of this traffic, inserted by SQL. */
async function seed(store: Store, keys: string[], now: number): Promise<void> {
  const sketch = LatencySketch.create();
  for (let i = 1; i <= 2_000; i++) sketch.add((i % 400) + Math.random() * 10);
  const encoded = sketch.encode();
  const hour = 3_600_000;
  const start = Math.floor((now - DAYS * 24 * hour) / hour) * hour;
  const seeded = performance.now();
  // Pairs (operation, consumer): consumer c calls operations c*2 .. c*2+9 (mod 1,000), so every operation has
  // about 5 consumers and every consumer 10 operations.
  await store.sql.query(`CREATE TEMP TABLE pairs AS
    SELECT o AS op, c AS consumer FROM generate_series(0, ${CONSUMERS - 1}) c,
           generate_series(0, ${OPS_PER_CONSUMER - 1}) k, LATERAL (SELECT (c * 2 + k) % ${OPERATIONS} AS o) x`);
  await store.sql.query(`CREATE TEMP TABLE keys (op int PRIMARY KEY, key text)`);
  await store.sql.query(
    `INSERT INTO keys SELECT i - 1, k FROM unnest($1::text[]) WITH ORDINALITY AS t(k, i)`,
    [keys],
  );
  for (const [resolution, step, n] of [
    ['hour', hour, DAYS * 24 + 1],
    ['day', 24 * hour, DAYS + 1],
  ] as const) {
    const first = Math.floor(start / step) * step;
    await store.sql.query(
      `INSERT INTO usage_counts (resolution, api_id, bucket, operation_key, consumer, status_class, count)
       SELECT $1, 'bench', to_timestamp(($2::bigint + b::bigint * $3::bigint) / 1000.0), k.key, 'consumer-' || p.consumer,
              s.cls, CASE WHEN s.cls = '2xx' THEN 20 * $4::int ELSE $4::int END
         FROM pairs p JOIN keys k ON k.op = p.op, generate_series(0, $5::int - 1) b,
              (VALUES ('2xx'), ('4xx')) s(cls)
        WHERE s.cls = '2xx' OR p.consumer % 10 = 0`,
      [resolution, first, step, resolution === 'hour' ? 1 : 24, n],
    );
    await store.sql.query(
      `INSERT INTO usage_latency (resolution, api_id, bucket, operation_key, sketch)
       SELECT $1, 'bench', to_timestamp(($2::bigint + b::bigint * $3::bigint) / 1000.0), k.key, $4
         FROM keys k, generate_series(0, $5::int - 1) b`,
      [resolution, first, step, encoded, n],
    );
  }
  // Week rows, as the collector writes them: counts summed from the day rows, sketches merged from them.
  await store.sql.query(
    `INSERT INTO usage_counts (resolution, api_id, bucket, operation_key, consumer, status_class, count)
     SELECT 'week', api_id, to_timestamp(floor(extract(epoch FROM bucket) / 604800) * 604800), operation_key,
            consumer, status_class, sum(count)
       FROM usage_counts WHERE resolution = 'day' GROUP BY 2, 3, 4, 5, 6`,
  );
  const week = 7 * 24 * hour;
  const daysByWeek = new Map<number, number>();
  const firstDay = Math.floor(start / (24 * hour)) * 24 * hour;
  for (let b = 0; b < DAYS + 1; b++) {
    const w = Math.floor((firstDay + b * 24 * hour) / week) * week;
    daysByWeek.set(w, (daysByWeek.get(w) ?? 0) + 1);
  }
  const merged = (n: number) => {
    const m = LatencySketch.create();
    for (let i = 0; i < n; i++) m.merge(LatencySketch.decode(encoded));
    return m.encode();
  };
  const weeks = [...daysByWeek];
  await store.sql.query(
    `INSERT INTO usage_latency (resolution, api_id, bucket, operation_key, sketch)
     SELECT 'week', 'bench', to_timestamp(w.ms / 1000.0), k.key, w.sketch
       FROM keys k, unnest($1::bigint[], $2::text[]) AS w(ms, sketch)`,
    [weeks.map(([w]) => w), weeks.map(([, n]) => merged(n))],
  );
  // The traffic chart's rollup.
  await store.sql.query(
    `INSERT INTO usage_traffic (resolution, api_id, bucket, requests, errors)
     SELECT resolution, api_id, bucket, sum(count), coalesce(sum(count) FILTER (WHERE status_class IN ('4xx', '5xx')), 0)
       FROM usage_counts GROUP BY 1, 2, 3`,
  );
  await store.initSetting('bench-report-now', String(now));
  console.log(`seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
}
