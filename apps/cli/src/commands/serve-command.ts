import type { LintQueue } from '@interlock/catalog';
import { startCollector, usageRoutes } from '@interlock/collector';
import { SEARCH_CACHE_MB, createStore } from '@interlock/store';
import { existsSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { EXIT, print, specsFolder, UsageError, type Io, storeOptions } from '../io.js';
import { formatIndexSummary } from '../summary.js';
import type { ServeLintOptions } from './serve-lint.js';

export interface ServeOptions extends ServeLintOptions {
  port?: string;
  otlpPort?: string;
  host?: string;
  specs?: string;
  watch?: boolean;
  examples?: boolean;
}

const COMPONENTS = ['all', 'catalog', 'collector'] as const;

function portOption(value: string | undefined, fallback: number, name: string): number {
  const port = Number(value ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${name} must be 0–65535, got ${value}`);
  return port;
}

/**
 * `interlock serve [all|catalog|collector]`: the catalog (indexing the specs folder at start and when it changes)
 * and the OTLP collector, in one process on one store; or either alone, e.g. several collectors sharing PostgreSQL.
 */
export async function serveCommand(
  component: string | undefined,
  options: ServeOptions,
  io: Io,
): Promise<number> {
  const which = component ?? 'all';
  if (!COMPONENTS.includes(which as (typeof COMPONENTS)[number]))
    throw new UsageError(`serve takes one of ${COMPONENTS.join(', ')}, got ${which}`);
  const withCatalog = which !== 'collector';
  const withCollector = which !== 'catalog';
  if (options.examples && !withCollector)
    throw new UsageError('--examples needs the collector: use `serve` or `serve all`');
  const port = portOption(options.port ?? io.env.PORT, 8080, '--port');
  const otlpPort = portOption(options.otlpPort, 4318, '--otlp-port');
  const host = options.host ?? '127.0.0.1';
  const { path: specs, is: specsAre } = specsFolder(io, options.specs ?? 'specs');
  // A missing folder is allowed (the catalog starts with what the store holds); a file would fail every re-index.
  if (specsAre === 'file')
    throw new UsageError(
      `--specs ${specs} is a file, not a folder: give the folder of specs to index and watch.`,
    );
  const catalog = withCatalog ? await import('./serve-catalog.js') : undefined;
  // Before the store opens: bad lint options are a usage error.
  const lintOptions = catalog?.resolveLintOptions(options, io);
  const where = storeOptions(io);
  // A collector alone runs little SQL on its embedded store: a journal row per group commit, a fold every few
  // seconds, reports. V8's baseline WebAssembly compiler (Liftoff) does that about as fast, and leaves out the
  // ~60 MB that optimising PGlite's hot functions keeps in the process. Set before PGlite is compiled.
  if (which === 'collector' && 'dataDir' in where) setFlagsFromString('--liftoff-only');
  // The catalog's searches read its tables and indexes: served from a larger pool than the collector needs.
  const store = await createStore(withCatalog ? { ...where, cacheMb: SEARCH_CACHE_MB } : where);
  const stop: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    const collector = withCollector
      ? await startCollector({ store, port: otlpPort, host, log: (line) => print(io.stderr, line) })
      : undefined;
    if (collector) {
      stop.unshift(() => collector.close());
      print(
        io.stdout,
        `Interlock collector: OTLP/HTTP on ${collector.url}/v1/traces, usage on ${collector.url}/api/usage/report`,
      );
    }
    if (catalog && lintOptions) {
      const { ensureAdminToken, hashToken, indexFolder, startBackgroundLint, startCatalog, watchFolder } =
        catalog;
      const token = await ensureAdminToken(store, io.env);
      const reindex = async (lint?: LintQueue) => {
        const summary = await indexFolder(store, specs, lint ? { lint } : {});
        await collector?.usage.refresh();
        return summary;
      };
      if (existsSync(specs)) print(io.stdout, formatIndexSummary(await reindex()));
      else print(io.stderr, `No specs folder at ${specs}: starting with what the store holds.`);
      // Started once the first indexing is done (its start-up sweep queues what that published), so that lint
      // workers do not compete with it for the cores; later indexing and PUTs queue what they publish.
      const lint = await startBackgroundLint(store, lintOptions, io);
      if (lint) stop.unshift(() => lint.close());
      const server = await startCatalog({
        store,
        adminTokenHash: token.hash,
        port,
        host,
        ...(collector ? { mount: [usageRoutes(collector.usage)] } : {}),
        ...(lint ? { lint } : {}),
        // The Pact Broker API: a read-only token (then reads need a token) and the URL clients reach it by.
        broker: {
          ...(io.env.INTERLOCK_READ_TOKEN ? { readTokenHash: hashToken(io.env.INTERLOCK_READ_TOKEN) } : {}),
          ...(io.env.INTERLOCK_BASE_URL ? { baseUrl: io.env.INTERLOCK_BASE_URL } : {}),
        },
      });
      stop.unshift(() => server.close());
      print(io.stdout, `Interlock catalog on ${server.url} (store: ${store.engine})`);
      if (token.generated) {
        print(io.stdout, `Admin token (shown once; only its hash is stored): ${token.generated}`);
        print(io.stdout, 'Set INTERLOCK_ADMIN_TOKEN to choose your own.');
      }
      if (options.watch !== false && existsSync(specs)) {
        let running = Promise.resolve();
        const close = watchFolder(specs, () => {
          running = running
            .then(async () => {
              const summary = await reindex(lint);
              if (summary.created.length || summary.failed.length)
                print(io.stdout, formatIndexSummary(summary));
            })
            .catch((error: unknown) => print(io.stderr, `Re-indexing failed: ${String(error)}`));
        });
        stop.unshift(async () => {
          close();
          await running;
        });
      }
    }
    if (options.examples && collector) {
      const { generateTraffic, startInstrumentedExamples } = await import('@interlock/examples');
      const examples = await startInstrumentedExamples({ otlpEndpoint: collector.url });
      const traffic = new AbortController();
      const playing = generateTraffic(examples.urls, { signal: traffic.signal, pauseMs: 500 }).catch(
        (error: unknown) => print(io.stderr, `Example traffic stopped: ${String(error)}`),
      );
      stop.unshift(async () => {
        traffic.abort();
        await playing;
        await examples.close();
      });
      print(
        io.stdout,
        `Example services (traced, with generated traffic): shop ${examples.urls.shop}, crm ${examples.urls.crm}, mailer ${examples.urls.mailer}`,
      );
    }
    await new Promise<void>((done) => {
      if (io.signal?.aborted) return done();
      io.signal?.addEventListener('abort', () => done(), { once: true });
    });
    return EXIT.ok;
  } finally {
    for (const fn of stop) await fn();
  }
}
