// The collector under load, in a process of its own so that its memory and CPU are measured alone.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startCollector } from '@interlock/collector';
import { createStore } from '@interlock/store';
import { prepareText } from '@interlock/catalog';
import { INGEST_SPEC } from './ingest-spec.js';

const store = await createStore(
  process.env.DATABASE_URL
    ? { databaseUrl: process.env.DATABASE_URL, schema: `bench_ingest_${process.pid}` }
    : { dataDir: mkdtempSync(join(tmpdir(), 'interlock-bench-ingest-')) },
);
await store.publish(await prepareText(INGEST_SPEC, { filename: 'orders.openapi.yaml' }));
const collector = await startCollector({
  store,
  port: 0,
  ...(process.env.INGEST_FLUSH_MS ? { flushIntervalMs: Number(process.env.INGEST_FLUSH_MS) } : {}),
});
// CPU is counted from here: the load starts now, start-up (PGlite, migrations) is not part of it.
const ready = process.resourceUsage();
process.send?.({ url: collector.url });
process.on('message', async (m: string) => {
  if (m !== 'stop') return;
  const usage = process.resourceUsage();
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
  if (process.env.DATABASE_URL) await store.sql.exec(`DROP SCHEMA bench_ingest_${process.pid} CASCADE`);
  await store.close();
  process.exit(0);
});
