import { loadSpecText } from '@interlock/openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { UsageAggregator, type UsageBatch } from './aggregate.js';
import { ApiDirectory } from './catalog-index.js';
import { decodeTraceBatch, decodeTraces } from './decode/decode-traces.js';
import { SpanBatch } from './decode/span-batch.js';
import { attribute, concat, request, span, stringValue, uint } from './test-support/proto-writer.js';
import { httpServerSpans } from './testing/http-server-spans.js';

// The routes of the generated spans, but one: DELETE /api/v1/sessions/{id} is undocumented.
const SPEC = `openapi: 3.1.0
info: { title: Orders, version: 1.0.0 }
x-service-name: orders
paths:
  /api/v1/orders/{id}:
    get: { operationId: getOrder, responses: { '200': { description: ok } } }
  /api/v1/orders:
    post: { operationId: placeOrder, responses: { '201': { description: ok } } }
  /api/v1/customers/{customerId}/invoices:
    get: { operationId: listInvoices, responses: { '200': { description: ok } } }
  /api/v1/carts/{cartId}/items/{itemId}:
    put: { operationId: putCartItem, responses: { '200': { description: ok } } }
`;

let directory: ApiDirectory;
beforeAll(async () => {
  directory = new ApiDirectory([(await loadSpecText(SPEC, { apiId: 'orders' })).api]);
});

/** A drained batch in a comparable form: sorted, sketches as their count and quantiles. */
function comparable(batch: UsageBatch) {
  const byKey = <T>(rows: T[], key: (row: T) => string) =>
    [...rows].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    spans: batch.spans,
    cells: byKey(batch.cells, (c) => `${c.operationKey} ${c.consumer} ${c.statusClass} ${c.minute}`),
    latencies: byKey(batch.latencies, (l) => `${l.operationKey} ${l.minute}`).map((l) => ({
      ...l,
      durations: [0, 0.5, 0.9, 0.99, 1].map((q) => l.durations.quantile(q)).concat(l.durations.count),
    })),
    undocumented: byKey(batch.undocumented, (u) => `${u.service} ${u.method} ${u.route}`),
  };
}

/** The same export aggregated from decoded records and from a SpanBatch. */
function bothWays(body: Uint8Array, options = {}) {
  const fromRecords = new UsageAggregator(directory, options);
  fromRecords.add(decodeTraces(body, 'protobuf').spans);
  const fromBatch = new UsageAggregator(directory, options);
  const batch = new SpanBatch();
  decodeTraceBatch(body, batch);
  fromBatch.addBatch(batch);
  return { records: comparable(fromRecords.drain()), batch: comparable(fromBatch.drain()) };
}

describe('UsageAggregator.addBatch', () => {
  for (const conventions of ['old', 'stable', 'mixed'] as const)
    it(`counts a decoded export exactly as add() counts its records (${conventions} conventions)`, () => {
      const { protobuf } = httpServerSpans({ count: 700, seed: 11, conventions, serviceName: 'orders' });
      const { records, batch } = bothWays(protobuf);
      expect(batch.spans).toBe(700);
      expect(batch.undocumented.length).toBeGreaterThan(0);
      expect(batch).toEqual(records);
    });

  it('applies the consumer cap the same way', () => {
    const { protobuf } = httpServerSpans({ count: 300, seed: 5, serviceName: 'orders' });
    const { records, batch } = bothWays(protobuf, { maxConsumersPerApi: 4 });
    expect(new Set(batch.cells.map((c) => c.consumer)).has('(other)')).toBe(true);
    expect(batch).toEqual(records);
  });

  it('takes the caller from a client span in the export, skips credentials, and ignores what is not a server call', () => {
    const header = (value: string) => attribute('http.request.header.x-consumer-id', stringValue(value));
    const get = [
      attribute('http.request.method', stringValue('get')),
      attribute('http.route', stringValue('/api/v1/orders/{id}')),
    ];
    const body = concat(
      request(
        [
          span({ parentSpanId: 'c1c1c1c1c1c1c1c1', spanId: '0000000000000001', extra: get }),
          span({
            spanId: '0000000000000002',
            extra: [...get, header('Bearer abc'), attribute('user_agent.original', stringValue('curl/8'))],
          }),
          span({ spanId: '0000000000000003', extra: [...get, header('  storefront  ')] }),
          span({ spanId: '0000000000000004', extra: [...get, uint(6, 1)] }),
          span({
            spanId: '0000000000000005',
            extra: [attribute('http.route', stringValue('/api/v1/orders'))],
          }),
          span({
            spanId: '0000000000000006',
            extra: [...get, attribute('http.response.status_code', new Uint8Array(0))],
          }),
        ],
        'orders',
      ),
      request([span({ spanId: 'c1c1c1c1c1c1c1c1', extra: [uint(6, 3)] })], 'shop'),
    );
    const { records, batch } = bothWays(body);
    expect(batch).toEqual(records);
    expect(batch.spans).toBe(4);
    expect(batch.cells.map((c) => c.consumer).sort()).toEqual(['curl/8', 'shop', 'storefront', 'unknown']);
  });
});
