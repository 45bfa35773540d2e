import { fileURLToPath } from 'node:url';
import { loadSpec, type Api } from '@interlock/openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { OVERFLOW, UsageAggregator, templateOf } from './aggregate.js';
import { ApiDirectory } from './catalog-index.js';
import { consumerOf, looksLikeCredential } from './consumer.js';
import { span } from './test-support/spans.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
let shop: Api;
let crm: Api;
beforeAll(async () => {
  shop = (await loadSpec(`${specs}shop.openapi.yaml`)).api;
  crm = (await loadSpec(`${specs}crm/crm.openapi.yaml`)).api;
});

describe('UsageAggregator', () => {
  it('maps server spans to operations by x-service-name and route, or by concrete path with the base path', () => {
    const aggregator = new UsageAggregator(new ApiDirectory([shop, crm]));
    aggregator.add([
      span({
        serviceName: 'shop',
        httpMethod: 'GET',
        httpRoute: '/orders/:orderId',
        consumerId: 'storefront',
      }),
      span({
        serviceName: 'shop',
        httpMethod: 'get',
        urlPath: '/shop/v1/orders/9a7e4c21',
        consumerId: 'storefront',
        durationMs: 40,
      }),
      span({
        serviceName: 'shop',
        httpMethod: 'POST',
        httpRoute: '/orders',
        httpStatusCode: 503,
        consumerId: 'storefront',
      }),
      span({ serviceName: 'shop', kind: 3, httpMethod: 'GET', httpRoute: '/orders' }),
    ]);
    const { cells, latencies, undocumented, spans } = aggregator.drain();
    expect(spans).toBe(3);
    expect(undocumented).toEqual([]);
    const get = cells.find((c) => c.operationKey === 'GET /orders/{orderId}');
    expect(get).toMatchObject({ apiId: 'shop', consumer: 'storefront', statusClass: '2xx', count: 2 });
    expect(latencies.find((l) => l.operationKey === 'GET /orders/{orderId}')?.durations.count).toBe(2);
    expect(cells.find((c) => c.operationKey === 'POST /orders')?.statusClass).toBe('5xx');
    expect(aggregator.drain().cells).toEqual([]);
  });

  it('keeps calls no spec documents per service, method and templated route, with one example', () => {
    const aggregator = new UsageAggregator(new ApiDirectory([shop]));
    aggregator.add([
      span({ serviceName: 'shop', urlPath: '/orders/42/tracking', startTimeUnixMs: 1_000 }),
      span({ serviceName: 'shop', urlPath: '/orders/43/tracking?x=1', startTimeUnixMs: 5_000 }),
      span({ serviceName: 'billing', urlPath: '/invoices' }),
    ]);
    const { undocumented } = aggregator.drain();
    expect(undocumented).toContainEqual(
      expect.objectContaining({
        service: 'shop',
        apiId: 'shop',
        route: '/orders/{id}/tracking',
        count: 2,
        firstSeen: 1_000,
        lastSeen: 5_000,
        example: '/orders/42/tracking',
      }),
    );
    expect(undocumented).toContainEqual(
      expect.objectContaining({ service: 'billing', apiId: undefined, route: '/invoices' }),
    );
  });

  it('bounds cardinality: consumers and undocumented routes beyond the caps go to one overflow bucket, with one warning', () => {
    const warnings: string[] = [];
    const aggregator = new UsageAggregator(new ApiDirectory([shop]), {
      maxConsumersPerApi: 3,
      maxUndocumentedPerService: 2,
      onWarning: (m) => warnings.push(m),
    });
    aggregator.add(
      Array.from({ length: 50 }, (_, i) =>
        span({ serviceName: 'shop', httpRoute: '/products', consumerId: `c${i}` }),
      ),
    );
    aggregator.add(
      Array.from({ length: 50 }, (_, i) => span({ serviceName: 'shop', urlPath: `/random-${i}` })),
    );
    const { cells, undocumented } = aggregator.drain();
    expect(new Set(cells.map((c) => c.consumer))).toEqual(new Set(['c0', 'c1', 'c2', OVERFLOW]));
    expect(cells.find((c) => c.consumer === OVERFLOW)?.count).toBe(47);
    expect(undocumented.map((u) => u.route).sort()).toEqual(['(other)', '/random-0', '/random-1']);
    expect(warnings).toHaveLength(2);
  });
});

describe('consumers', () => {
  it('follow the precedence: header, end user, calling service, user agent, client address', () => {
    const base = { serviceName: 'crm', userAgent: 'okhttp/4.12', clientAddress: '10.0.0.7' };
    expect(consumerOf(span({ ...base, consumerId: 'shop', enduserId: 'ada' }), 'mailer')).toBe('shop');
    expect(consumerOf(span({ ...base, enduserId: 'ada' }), 'mailer')).toBe('ada');
    expect(consumerOf(span(base), 'mailer')).toBe('mailer');
    expect(consumerOf(span(base), undefined)).toBe('okhttp/4.12');
    expect(consumerOf(span(base), undefined, ['client-address'])).toBe('10.0.0.7');
    expect(consumerOf(span({ serviceName: 'crm' }), undefined)).toBe('unknown');
  });

  it('are never credentials: a token in the consumer header falls through to the next source', () => {
    for (const secret of [
      'Bearer abc.def',
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'sk_live_4eC39HqLyjWDarjtT1zdp7dc0123',
      'api_key=hunter2',
    ])
      expect(looksLikeCredential(secret)).toBe(true);
    expect(
      consumerOf(span({ serviceName: 'crm', consumerId: 'Bearer s3cr3t', userAgent: 'curl/8' }), undefined),
    ).toBe('curl/8');
    expect(looksLikeCredential('storefront')).toBe(false);
  });

  it('name the calling service when its client span is in the same export', () => {
    const aggregator = new UsageAggregator(new ApiDirectory([crm]));
    const client = span({ serviceName: 'shop', kind: 3 });
    aggregator.add([
      span({ serviceName: 'crm', httpRoute: '/customers/{customerId}', parentSpanId: client.spanId }),
      client,
    ]);
    expect(aggregator.drain().cells[0]?.consumer).toBe('shop');
  });
});

it('templates concrete paths: numeric, uuid and long opaque segments become {id}', () => {
  expect(templateOf('/orders/42/items/0b6a3f8e-2c4d-4b1a-9e7f-5d3c2b1a0f9e?x=1')).toBe(
    '/orders/{id}/items/{id}',
  );
  expect(templateOf('/products/shoes')).toBe('/products/shoes');
});
