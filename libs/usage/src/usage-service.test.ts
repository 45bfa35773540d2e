import { fileURLToPath } from 'node:url';
import { prepareFile } from '@interlock/catalog';
import type { Store } from '@interlock/store';
import { describeOnEngines } from '@interlock/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Overloaded, UsageService } from './ingest.js';
import { span } from './test-support/spans.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const minute = (m: number) => NOW - 60 * 60_000 + m * 60_000;

async function seeded(store: Store): Promise<Store> {
  for (const [file, id] of [
    ['shop.openapi.yaml', 'shop'],
    ['crm/crm.openapi.yaml', 'crm'],
  ] as const)
    await store.publish(await prepareFile(specs, file, id));
  return store;
}

describeOnEngines('UsageService', (open) => {
  let store: Store;
  let usage: UsageService;
  beforeAll(async () => {
    store = await seeded(await open());
    usage = await UsageService.start(store, { flushIntervalMs: 5 });
  });
  afterAll(async () => {
    await usage?.close();
    await store?.close();
  });

  it('acknowledges only committed spans, and reports them per operation and consumer', async () => {
    const batches = Array.from({ length: 20 }, (_, b) =>
      Array.from({ length: 25 }, (_, i) =>
        span({
          serviceName: 'shop',
          httpMethod: i % 5 === 0 ? 'GET' : 'POST',
          httpRoute: i % 5 === 0 ? '/orders/:orderId/invoice' : '/orders',
          httpStatusCode: i % 10 === 1 ? 500 : i % 10 === 2 ? 409 : 201,
          consumerId: i % 5 === 0 ? 'legacy-invoicing' : 'storefront',
          startTimeUnixMs: minute(b),
          durationMs: 10 + i,
        }),
      ),
    );
    // Concurrent requests share group commits; each resolves once its spans are durable.
    await Promise.all(batches.map((spans) => usage.ingest(spans)));
    await usage.ingest([
      span({
        serviceName: 'shop',
        urlPath: '/orders/42/tracking',
        consumerId: 'mobile-app',
        startTimeUnixMs: minute(3),
      }),
    ]);

    const report = await usage.report({ since: '2h' }, NOW);
    const shop = report.apis.find((a) => a.apiId === 'shop');
    expect(report.resolution).toBe('minute');
    expect(shop?.traffic).toHaveLength(120);
    expect(shop?.requests).toBe(500);
    const place = shop?.operations.find((o) => o.operationId === 'placeOrder');
    expect(place).toMatchObject({
      method: 'POST',
      path: '/orders',
      requests: 400,
      errors5xx: 60,
      errors4xx: 60,
    });
    expect(place?.consumers).toEqual([{ consumer: 'storefront', requests: 400 }]);
    expect(place?.latencyMs.p50).toBeGreaterThan(20);
    expect(place?.latencyMs.p99).toBeLessThanOrEqual(34 * 1.02);
    expect(shop?.deprecatedInUse).toEqual([
      expect.objectContaining({
        operationId: 'getOrderInvoice',
        sunset: '2027-06-30',
        consumers: [{ consumer: 'legacy-invoicing', requests: 100 }],
      }),
    ]);
    expect(shop?.unused.map((o) => o.operationId)).toContain('listProducts');
    expect(shop?.unused.map((o) => o.operationId)).not.toContain('placeOrder');
    expect(shop?.undocumented).toEqual([
      expect.objectContaining({ method: 'GET', route: '/orders/{id}/tracking', requests: 1 }),
    ]);
    expect(shop?.traffic.reduce((n, t) => n + t.requests, 0)).toBe(500);
    expect(report.apis.find((a) => a.apiId === 'crm')?.requests).toBe(0);
  });

  it('rolls minutes up to hours and days exactly', async () => {
    const hourly = await usage.report({ since: '7d' }, NOW);
    const daily = await usage.report({ since: '90d' }, NOW);
    expect(hourly.resolution).toBe('hour');
    expect(daily.resolution).toBe('day');
    expect(hourly.apis.find((a) => a.apiId === 'shop')?.traffic.reduce((n, t) => n + t.requests, 0)).toBe(
      500,
    );
    const place = (r: typeof hourly) =>
      r.apis.find((a) => a.apiId === 'shop')?.operations.find((o) => o.operationId === 'placeOrder');
    expect(place(hourly)?.requests).toBe(400);
    expect(place(daily)?.latencyMs).toEqual(place(hourly)?.latencyMs);
  });

  it('counts nothing of a group whose commit fails, and says so to every request in it', async () => {
    const broken = await UsageService.start(store, { flushIntervalMs: 5 });
    // Make this service's commits (journal appends) fail, as a full disk would.
    (broken.usage as unknown as { append: () => Promise<void> }).append = async () => {
      throw new Error('disk full');
    };
    const before = (await usage.report({ since: '2h' }, NOW)).apis.find((a) => a.apiId === 'shop')?.requests;
    await expect(
      broken.ingest([
        span({ serviceName: 'shop', httpRoute: '/orders', httpMethod: 'POST', startTimeUnixMs: minute(1) }),
      ]),
    ).rejects.toThrow('disk full');
    expect((await usage.report({ since: '2h' }, NOW)).apis.find((a) => a.apiId === 'shop')?.requests).toBe(
      before,
    );
  });

  it('refuses new spans when too many wait for a commit', async () => {
    const small = await UsageService.start(store, { flushIntervalMs: 1000, maxPendingSpans: 10 });
    const first = small.ingest(
      Array.from({ length: 8 }, () => span({ serviceName: 'shop', httpRoute: '/products' })),
    );
    await expect(
      small.ingest(Array.from({ length: 8 }, () => span({ serviceName: 'shop', httpRoute: '/products' }))),
    ).rejects.toBeInstanceOf(Overloaded);
    await small.close();
    await first;
  });
});
