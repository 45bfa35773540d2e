import type { LintQueue } from '@interlock/catalog';
import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import { brokerRoutes } from './broker/routes.js';
import { notFound, onError } from './middleware/errors.js';
import { pageRoutes } from './pages/routes.js';
import { apisRoutes } from './routes/apis.js';
import { healthRoutes } from './routes/health.js';
import { lintRoutes } from './routes/lint.js';
import { publishRoutes } from './routes/publish.js';
import { searchRoutes } from './routes/search.js';
import { versionsRoutes } from './routes/versions.js';

export interface CatalogAppOptions {
  store: Store;
  /** sha256 of the admin token, hex (see ensureAdminToken). */
  adminTokenHash: string;
  /** Largest spec accepted by PUT, in bytes. Default 50 MiB. */
  maxSpecBytes?: number;
  /** Other read APIs served beside the catalog's (the usage report, when the collector runs in this process). */
  mount?: Hono[];
  /** The Pact-Broker-compatible API: a read-only token (reads need a token when set) and the base URL for links. */
  broker?: { readTokenHash?: string; baseUrl?: string };
  /** Where published versions are queued for linting in the background; default: they wait for the next start. */
  lint?: Pick<LintQueue, 'enqueue'>;
}

/** The catalog's HTTP API (specs/interlock-catalog.openapi.yaml) as a Hono app. */
export function createCatalogApp(options: CatalogAppOptions): Hono {
  const { store } = options;
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  for (const routes of options.mount ?? []) app.route('/', routes);
  app.route('/', healthRoutes(store));
  app.route('/', brokerRoutes({ store, writeTokenHash: options.adminTokenHash, ...options.broker }));
  app.route('/', apisRoutes(store));
  app.route('/', versionsRoutes(store));
  app.route('/', lintRoutes(store));
  app.route('/', searchRoutes(store));
  app.route(
    '/',
    publishRoutes({
      store,
      adminTokenHash: options.adminTokenHash,
      maxSpecBytes: options.maxSpecBytes ?? 50 * 1024 * 1024,
      ...(options.lint ? { lint: options.lint } : {}),
    }),
  );
  // Web pages for browsers; `/` answers HTML only when HTML is asked for, and leaves JSON to other routes.
  app.route('/', pageRoutes(store));
  return app;
}
