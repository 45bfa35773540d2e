import { ensureAdminToken, indexFolder, watchFolder } from '@interlock/catalog';
import { startCatalog } from '@interlock/catalog-server';
import { createStore } from '@interlock/store';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, print, UsageError, type Io, storeOptions } from '../io.js';
import { formatIndexSummary } from '../summary.js';

export interface ServeOptions {
  port?: string;
  host?: string;
  specs?: string;
  watch?: boolean;
}

/** The catalog on the configured store; indexes the specs folder at start and when it changes. */
export async function serveCommand(options: ServeOptions, io: Io): Promise<number> {
  const port = Number(options.port ?? io.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be 0–65535, got ${options.port}`);
  const specs = resolve(io.cwd, options.specs ?? 'specs');
  const store = await createStore(storeOptions(io));
  const stop: (() => Promise<void> | void)[] = [() => store.close()];
  try {
    const token = await ensureAdminToken(store, io.env);
    if (existsSync(specs)) {
      print(io.stdout, formatIndexSummary(await indexFolder(store, specs)));
    } else {
      print(io.stderr, `No specs folder at ${specs}: starting with what the store holds.`);
    }
    const server = await startCatalog({
      store,
      adminTokenHash: token.hash,
      port,
      host: options.host ?? '127.0.0.1',
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
            const summary = await indexFolder(store, specs);
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
    await new Promise<void>((done) => {
      if (io.signal?.aborted) return done();
      io.signal?.addEventListener('abort', () => done(), { once: true });
    });
    return EXIT.ok;
  } finally {
    for (const fn of stop) await fn();
  }
}
