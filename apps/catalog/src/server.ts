import { serve, type ServerType } from '@hono/node-server';
import { createCatalogApp, type CatalogAppOptions } from './app.js';

export interface CatalogServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 picks a free one) and resolves once the socket is bound. */
export function startCatalog(
  options: CatalogAppOptions & { port?: number; host?: string },
): Promise<CatalogServer> {
  const app = createCatalogApp(options);
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const server: ServerType = serve(
      { fetch: app.fetch, port: options.port ?? 8080, hostname: host },
      (info) => {
        server.off('error', onError);
        const shownHost = host.includes(':') ? `[${host}]` : host;
        resolve({
          url: `http://${shownHost}:${info.port}`,
          close: () => new Promise<void>((done) => server.close(() => done())),
        });
      },
    );
    server.on('error', onError);
  });
}
