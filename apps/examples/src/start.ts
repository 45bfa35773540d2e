import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCrmApp, createCrmState } from './crm/app.js';
import { MailerClient } from './crm/mailer-client.js';
import { createMailerApp, createMailerState } from './mailer/app.js';
import { createShopApp, createShopState } from './shop/app.js';
import { CrmClient } from './shop/crm-client.js';

export interface RunningExamples {
  urls: { shop: string; crm: string; mailer: string };
  state: {
    shop: ReturnType<typeof createShopState>;
    crm: ReturnType<typeof createCrmState>;
    mailer: ReturnType<typeof createMailerState>;
  };
  close(): Promise<void>;
}

/** Starts mailer, crm and shop on loopback ports (0: free ones), each calling the next over real HTTP. */
export async function startExamples(
  ports: { shop?: number; crm?: number; mailer?: number } = {},
  host = '127.0.0.1',
): Promise<RunningExamples> {
  const servers: ServerType[] = [];
  const listen = (fetch: (request: Request) => Response | Promise<Response>, port = 0) =>
    new Promise<string>((resolve) => {
      const server = serve({ fetch, port, hostname: host }, (info: AddressInfo) =>
        resolve(`http://${host}:${info.port}`),
      );
      servers.push(server);
    });
  const state = { shop: createShopState(), crm: createCrmState(), mailer: createMailerState() };
  const mailer = await listen(createMailerApp(state.mailer).fetch, ports.mailer);
  const crm = await listen(
    createCrmApp({
      state: state.crm,
      mailer: new MailerClient({ baseUrl: mailer, token: 'crm-service-token' }),
    }).fetch,
    ports.crm,
  );
  const shop = await listen(
    createShopApp({ state: state.shop, crm: new CrmClient({ baseUrl: crm, token: 'shop-service-token' }) })
      .fetch,
    ports.shop,
  );
  return {
    urls: { shop, crm, mailer },
    state,
    close: async () => {
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
