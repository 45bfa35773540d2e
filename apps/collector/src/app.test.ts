import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { prepareFile } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type CollectorServer } from './index.js';
import { createSpecValidator } from './test-support/spec-validator.js';
import { serverSpans } from './test-support/spans.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
let store: Store;
let collector: CollectorServer;
let check: Awaited<ReturnType<typeof createSpecValidator>>;

beforeAll(async () => {
  store = await createStore({ dataDir: 'memory://' });
  await store.publish(await prepareFile(specs, 'shop.openapi.yaml', 'shop'));
  collector = await startCollector({ store, port: 0, flushIntervalMs: 5 });
  check = await createSpecValidator(`${specs}interlock-collector.openapi.yaml`);
});
afterAll(async () => {
  await collector?.close();
  await store?.close();
});

const exportWith = (exporter: SpanExporter, spans: ReadableSpan[]) =>
  new Promise<{ code: ExportResultCode; error?: Error }>((resolve) => exporter.export(spans, resolve));

async function report(query = '') {
  const response = await fetch(`${collector.url}/api/usage/report${query}`);
  expect(await check('GET', '/api/usage/report', response)).toEqual([]);
  return (await response.json()) as {
    apis: {
      apiId: string;
      requests: number;
      operations: {
        operationId: string;
        requests: number;
        errors5xx: number;
        consumers: { consumer: string; requests: number }[];
      }[];
      undocumented: { route: string; requests: number }[];
      deprecatedInUse: { operationId: string; consumers: { consumer: string }[] }[];
    }[];
  };
}
const shopOf = async () => (await report('?api=shop')).apis[0];

describe('OTLP/HTTP receiver with the real exporters', () => {
  it('counts protobuf exports from @opentelemetry/exporter-trace-otlp-proto', async () => {
    const spans = serverSpans('shop', [
      ...Array.from({ length: 30 }, () => ({
        method: 'GET',
        route: '/orders/:orderId',
        status: 200,
        consumer: 'storefront',
      })),
      ...Array.from({ length: 5 }, () => ({
        method: 'POST',
        route: '/orders',
        status: 503,
        consumer: 'storefront',
      })),
      { method: 'GET', path: '/shop/v1/orders/42/invoice', status: 200, consumer: 'legacy-invoicing' },
      { method: 'GET', path: '/orders/42/tracking', status: 404, consumer: 'mobile-app' },
    ]);
    const result = await exportWith(new ProtoExporter({ url: `${collector.url}/v1/traces` }), spans);
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    const shop = await shopOf();
    expect(shop?.requests).toBe(36);
    expect(shop?.operations.find((o) => o.operationId === 'getOrder')?.requests).toBe(30);
    expect(shop?.operations.find((o) => o.operationId === 'placeOrder')?.errors5xx).toBe(5);
    expect(shop?.deprecatedInUse).toEqual([
      expect.objectContaining({
        operationId: 'getOrderInvoice',
        consumers: [{ consumer: 'legacy-invoicing', requests: 1 }],
      }),
    ]);
    expect(shop?.undocumented).toEqual([
      expect.objectContaining({ route: '/orders/{id}/tracking', requests: 1 }),
    ]);
  });

  it('counts JSON exports from @opentelemetry/exporter-trace-otlp-http, gzip-compressed', async () => {
    const before = (await shopOf())?.requests ?? 0;
    const spans = serverSpans(
      'shop',
      Array.from({ length: 12 }, () => ({
        method: 'GET',
        route: '/products',
        status: 200,
        consumer: 'back-office',
      })),
    );
    const result = await exportWith(
      new JsonExporter({ url: `${collector.url}/v1/traces`, compression: 'gzip' as never }),
      spans,
    );
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    expect((await shopOf())?.requests).toBe(before + 12);
  });
});

describe('bad input', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string>) =>
    // BodyInit as the DOM types word it (libs/lint's Spectral types bring them in): bytes are sent as they are.
    fetch(`${collector.url}/v1/traces`, { method: 'POST', body: body as BodyInit, headers });

  it('answers each with the OTLP status, counts nothing of it, and keeps serving', async () => {
    const before = (await shopOf())?.requests;
    const proto = { 'content-type': 'application/x-protobuf' };
    const json = { 'content-type': 'application/json' };

    const wrongType = await post('hello', { 'content-type': 'text/plain' });
    expect(wrongType.status).toBe(415);
    expect(await check('POST', '/v1/traces', wrongType)).toEqual([]);

    const random = await post(
      Uint8Array.from({ length: 300 }, (_, i) => (i * 73 + 11) % 256),
      proto,
    );
    expect(random.status).toBe(400);
    expect(random.headers.get('content-type')).toBe('application/x-protobuf');

    const shape = await post(JSON.stringify({ resourceSpans: 5 }), json);
    expect(shape.status).toBe(400);
    expect(await check('POST', '/v1/traces', shape)).toEqual([]);
    expect(((await shape.json()) as { message: string }).message).toMatch(/resourceSpans/);

    const notJson = await post('{"resourceSpans": [', json);
    expect(notJson.status).toBe(400);

    // 64 MiB of zeros is 64 kB gzipped: stopped at the 20 MiB limit while inflating.
    const bomb = await post(gzipSync(Buffer.alloc(64 * 1024 * 1024)), {
      ...proto,
      'content-encoding': 'gzip',
    });
    expect(bomb.status).toBe(413);
    const oversized = await post(Buffer.alloc(21 * 1024 * 1024, 1), proto);
    expect(oversized.status).toBe(413);
    const badGzip = await post(Buffer.from('not gzip at all'), { ...proto, 'content-encoding': 'gzip' });
    expect(badGzip.status).toBe(400);
    const brotli = await post(Buffer.from('x'), { ...proto, 'content-encoding': 'br' });
    expect(brotli.status).toBe(400);

    expect((await shopOf())?.requests).toBe(before);
    expect((await fetch(`${collector.url}/healthz`)).status).toBe(200);
  });

  it('rejects spans with absurd timestamps one by one (partial success) and takes 10,000 attributes in its stride', async () => {
    const before = (await shopOf())?.requests ?? 0;
    const attributes = Object.fromEntries(
      Array.from({ length: 10_000 }, (_, i) => [`attr.${i}`, `value ${i}`]),
    );
    const spans = serverSpans('shop', [
      { method: 'GET', route: '/products', status: 200, attributes },
      { method: 'GET', route: '/products', status: 200 },
    ]);
    // The second span claims to start in 1970 and end in 2286.
    const body = JSON.stringify({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop' } }] },
          scopeSpans: [
            {
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  name: 'GET /products',
                  kind: 2,
                  startTimeUnixNano: String(BigInt(Date.now()) * 1_000_000n),
                  endTimeUnixNano: String(BigInt(Date.now() + 5) * 1_000_000n),
                  attributes: [
                    { key: 'http.request.method', value: { stringValue: 'GET' } },
                    { key: 'http.route', value: { stringValue: '/products' } },
                    { key: 'http.response.status_code', value: { intValue: 200 } },
                  ],
                },
                {
                  traceId: '5b8efff798038103d269b633813fc60d',
                  spanId: 'eee19b7ec3c1b175',
                  name: 'GET /products',
                  kind: 2,
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '10000000000000000000',
                  attributes: [
                    { key: 'http.request.method', value: { stringValue: 'GET' } },
                    { key: 'http.route', value: { stringValue: '/products' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
    const partial = await fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(partial.status).toBe(200);
    expect(await check('POST', '/v1/traces', partial)).toEqual([]);
    expect(
      ((await partial.json()) as { partialSuccess: { rejectedSpans: string } }).partialSuccess.rejectedSpans,
    ).toBe('1');
    const wide = await exportWith(new ProtoExporter({ url: `${collector.url}/v1/traces` }), spans);
    expect(wide.code).toBe(ExportResultCode.SUCCESS);
    expect((await shopOf())?.requests).toBe(before + 3);
  });

  it('reports with clear errors on bad parameters', async () => {
    const bad = await fetch(`${collector.url}/api/usage/report?since=forever`);
    expect(bad.status).toBe(400);
    expect(await check('GET', '/api/usage/report', bad)).toEqual([]);
    const unknown = await fetch(`${collector.url}/api/usage/report?api=nope`);
    expect(unknown.status).toBe(404);
  });
});
