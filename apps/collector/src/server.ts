import { serve, type ServerType } from '@hono/node-server';
import type { Store } from '@interlock/store';
import { UsageService, type UsageServiceOptions } from '@interlock/usage';
import { createCollectorApp } from './app.js';

export interface CollectorServer {
  url: string;
  usage: UsageService;
  /** Stops accepting, commits what is pending, closes the socket. The store stays open (it is the caller's). */
  close(): Promise<void>;
}

export interface StartCollectorOptions extends UsageServiceOptions {
  store: Store;
  port?: number;
  host?: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

/** Listens for OTLP on `host:port` (default 127.0.0.1:4318; 0 picks a free port). */
export async function startCollector(options: StartCollectorOptions): Promise<CollectorServer> {
  const usage = await UsageService.start(options.store, {
    ...options,
    onWarning: options.onWarning ?? ((m) => options.log?.(`collector: ${m}`)),
  });
  let closing = false;
  const app = createCollectorApp({
    usage,
    isClosing: () => closing,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const host = options.host ?? '127.0.0.1';
  // Old rollups go away hourly.
  const pruning = setInterval(() => void usage.prune().catch(() => undefined), 3_600_000);
  pruning.unref();
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    const server: ServerType = serve(
      { fetch: app.fetch, port: options.port ?? 4318, hostname: host },
      (info) => {
        server.off('error', onError);
        resolve({
          url: `http://${host.includes(':') ? `[${host}]` : host}:${info.port}`,
          usage,
          close: async () => {
            closing = true;
            clearInterval(pruning);
            const closed = new Promise<void>((done) => server.close(() => done()));
            // Exporters keep connections alive: idle ones are closed now, busy ones after their answer (which says
            // `Connection: close`), and any left after 5 s are cut.
            const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
            http.closeIdleConnections?.();
            const force = setTimeout(() => http.closeAllConnections?.(), 5000);
            await closed;
            clearTimeout(force);
            await usage.close();
          },
        });
      },
    );
    server.on('error', onError);
  });
}
