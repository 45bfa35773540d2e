// Publishing and search figures for the store on both engines, over generated APIs.
//
//   node --conditions=@interlock/source --import tsx libs/store/src/test-support/measure.ts [apis] [versions] [ops]
//
// PGlite always; PostgreSQL too when DATABASE_URL is set (in a schema of its own, dropped afterwards).
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSql, createStore } from '../index.js';
import type { PublishInput, Store } from '../types.js';
import { generateQueries, generateVersion, reseed } from './generate.js';

const [apiCount = 100, versionCount = 5, operationCount = 50] = process.argv.slice(2).map(Number);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

async function measure(name: string, store: Store): Promise<void> {
  reseed();
  const inputs: PublishInput[] = [];
  for (let v = 1; v <= versionCount; v++)
    for (let a = 0; a < apiCount; a++) inputs.push(generateVersion(a, v, operationCount));
  const bytes = inputs.reduce((n, i) => n + i.text.length, 0);
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (const input of inputs) {
    const result = await store.publish(input);
    if (result.status !== 'created')
      throw new Error(`${input.api.id} ${input.api.version}: ${result.status}`);
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const ops = inputs.length * operationCount;
  console.log(
    `${name}: published ${inputs.length} versions (${ops} operations, ${(bytes / 1e6).toFixed(1)} MB of text) in ${seconds.toFixed(2)} s — ${(inputs.length / seconds).toFixed(0)} versions/s, ${(ops / seconds).toFixed(0)} operations/s; this process's CPU ${cpuSeconds.toFixed(2)} s (load average ${loadavg()[0]?.toFixed(1)})`,
  );

  const entries = await store.sql.query<{
    n: string;
  }>(`SELECT (SELECT count(*) FROM operations WHERE search IS NOT NULL)
          + (SELECT count(*) FROM schemas WHERE search IS NOT NULL) AS n`);
  const queries = generateQueries(300);
  for (const q of queries.slice(0, 30)) await store.search(q); // warm up
  const times: number[] = [];
  let hits = 0;
  const searchCpu = process.cpuUsage();
  for (const q of queries) {
    const t = performance.now();
    hits += (await store.search(q)).length > 0 ? 1 : 0;
    times.push(performance.now() - t);
  }
  const searchUsed = process.cpuUsage(searchCpu);
  times.sort((a, b) => a - b);
  console.log(
    `${name}: search over ${entries.rows[0]?.n} entries (latest versions), ${queries.length} queries (${hits} with hits): p50 ${percentile(times, 50).toFixed(2)} ms, p95 ${percentile(times, 95).toFixed(2)} ms, max ${(times.at(-1) ?? NaN).toFixed(2)} ms; this process's CPU ${((searchUsed.user + searchUsed.system) / 1000 / queries.length).toFixed(2)} ms per query`,
  );
  const worst = ['get', 'c', 'customer', 'list customer order'];
  for (const q of worst) {
    const t = performance.now();
    await store.search(q);
    console.log(`${name}:   "${q}" ${(performance.now() - t).toFixed(2)} ms`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'interlock-measure-'));
try {
  const pglite = await createStore({ dataDir: dir });
  await measure('PGlite (data folder)', pglite);
  await pglite.close();
  const url = process.env.DATABASE_URL;
  if (url) {
    const schema = `measure_${process.pid}`;
    const pg = await createStore({ databaseUrl: url, schema });
    try {
      await measure('PostgreSQL', pg);
    } finally {
      await pg.close();
      const db = await createSql({ databaseUrl: url });
      await db.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
