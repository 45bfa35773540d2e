// The collector under load, in a process of its own so that its memory and CPU are measured alone. It opens the
// store the benchmark published the spec into, as a collector opens the catalog's store.
import { startCollector } from '@interlock/collector';
import { createStore } from '@interlock/store';

const schema = process.env.INGEST_SCHEMA ?? '';
const store = await createStore(
  process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL, schema }
    : { dataDir: process.env.INGEST_DATA_DIR ?? '' },
);
const collector = await startCollector({
  store,
  port: 0,
  ...(process.env.INGEST_FLUSH_MS ? { flushIntervalMs: Number(process.env.INGEST_FLUSH_MS) } : {}),
});
// INGEST_MEMORY=1: where the collector's memory is, at its peak (diagnostics, on stderr).
const peak = { rss: 0, heapTotal: 0, external: 0, arrayBuffers: 0 };
if (process.env.INGEST_MEMORY)
  setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k] / 1048576);
  }, 50).unref();
// CPU is counted from here: the load starts now, start-up (PGlite, migrations) is not part of it.
const ready = process.resourceUsage();
process.send?.({ url: collector.url });
process.on('message', async (m: string) => {
  if (m !== 'stop') return;
  const usage = process.resourceUsage();
  if (process.env.INGEST_MEMORY) console.error('collector memory at its peaks (MiB):', peak);
  // Closing folds the journal into the usage tables, where the counts are read.
  await collector.close();
  const { rows } = await store.sql.query<{ n: string }>(
    `SELECT coalesce(sum(count), 0) AS n FROM usage_counts WHERE resolution = 'day'`,
  );
  const undocumented = await store.sql.query<{ n: string }>(
    'SELECT coalesce(sum(count), 0) AS n FROM usage_undocumented',
  );
  process.send?.({
    counted: Number(rows[0]?.n ?? 0),
    undocumented: Number(undocumented.rows[0]?.n ?? 0),
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime - ready.userCPUTime - ready.systemCPUTime) / 1e6,
  });
  if (process.env.DATABASE_URL) await store.sql.exec(`DROP SCHEMA ${schema} CASCADE`);
  await store.close();
  process.exit(0);
});
