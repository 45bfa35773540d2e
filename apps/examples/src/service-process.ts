// One example service in a process of its own, traced with OpenTelemetry: each process has its own
// `service.name`, as real services do. Started by startInstrumentedExamples(); talks to it over IPC.
import { startTelemetry, type Telemetry } from '@interlock/telemetry';

export type ServiceName = 'shop' | 'crm' | 'mailer';

export interface ServiceProcessConfig {
  service: ServiceName;
  port: number;
  host: string;
  /** The service it calls: crm for the shop, mailer for the crm. */
  peerUrl?: string;
  /** OTLP/HTTP base URL; no telemetry when absent. */
  otlpEndpoint?: string;
}

const config = JSON.parse(process.env.INTERLOCK_EXAMPLE ?? '{}') as ServiceProcessConfig;
let telemetry: Telemetry | undefined;
// Telemetry starts before the server's modules load, so that they are instrumented as they load.
if (config.otlpEndpoint)
  telemetry = startTelemetry({ serviceName: config.service, endpoint: config.otlpEndpoint });

const { serve } = await import('@hono/node-server');
const app = await (async () => {
  switch (config.service) {
    case 'mailer':
      return (await import('./mailer/app.js')).createMailerApp();
    case 'crm': {
      const { createCrmApp } = await import('./crm/app.js');
      const { MailerClient } = await import('./crm/mailer-client.js');
      return createCrmApp({
        mailer: new MailerClient({ baseUrl: config.peerUrl ?? '', token: 'crm-service-token' }),
      });
    }
    case 'shop': {
      const { createShopApp } = await import('./shop/app.js');
      const { CrmClient } = await import('./shop/crm-client.js');
      return createShopApp({
        crm: new CrmClient({ baseUrl: config.peerUrl ?? '', token: 'shop-service-token' }),
      });
    }
    default:
      throw new Error(`Unknown example service ${String(config.service)}: use shop, crm or mailer.`);
  }
})();

const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
  process.send?.({ listening: `http://${config.host}:${info.port}` });
});

/**
 * Spans still queued are sent before exiting, for a few seconds at most: when the parent is gone (killed, its IPC
 * channel closed) its collector usually is too, and the exporter would go on retrying it for half a minute.
 */
const SHUTDOWN_MS = 3000;
const stop = () => {
  server.close();
  const flushed = telemetry?.shutdown() ?? Promise.resolve();
  const timeout = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_MS).unref());
  void Promise.race([flushed, timeout]).finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('disconnect', stop);
