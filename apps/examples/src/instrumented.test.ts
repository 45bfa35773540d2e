import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeTraces, type SpanRecord } from '@interlock/usage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateTraffic, startInstrumentedExamples, type InstrumentedExamples } from './index.js';

// A bare OTLP/HTTP receiver: what the real exporters in the service processes send, decoded by Interlock's decoder.
const spans: SpanRecord[] = [];
let receiver: Server;
let endpoint: string;
let examples: InstrumentedExamples;

beforeAll(async () => {
  receiver = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      let body = Buffer.concat(chunks);
      if (request.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      spans.push(...decodeTraces(body, 'protobuf').spans);
      response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  endpoint = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  examples = await startInstrumentedExamples({ otlpEndpoint: endpoint });
});
afterAll(async () => {
  await examples?.close();
  await new Promise((r) => receiver?.close(r));
});

describe('the example services traced with OpenTelemetry', () => {
  it('export server spans with routes and consumers, and the shop → crm call in one trace', async () => {
    const summary = await generateTraffic(examples.urls, { rounds: 4, pauseMs: 0 });
    expect(summary.statuses['2xx']).toBeGreaterThan(30);
    expect(summary.statuses['4xx']).toBeGreaterThan(0);
    // SIGTERM makes each process flush its spans before it exits.
    await examples.close();

    const server = spans.filter((s) => s.kind === 2);
    expect(new Set(server.map((s) => s.serviceName))).toEqual(new Set(['shop', 'crm', 'mailer']));
    const placeOrder = server.find(
      (s) => s.serviceName === 'shop' && s.httpMethod === 'POST' && s.httpRoute === '/orders',
    );
    expect(placeOrder).toMatchObject({ consumerId: 'storefront', httpStatusCode: 201 });
    const lookup = server.find(
      (s) =>
        s.serviceName === 'crm' &&
        s.traceId === placeOrder?.traceId &&
        s.httpRoute === '/customers/:customerId',
    );
    expect(lookup).toMatchObject({ httpMethod: 'GET', consumerId: 'shop', httpStatusCode: 200 });
    expect(
      server.some(
        (s) =>
          s.serviceName === 'mailer' &&
          s.consumerId === 'crm' &&
          s.httpRoute === '/lists/:listId/subscribers',
      ),
    ).toBe(true);
    // An endpoint no spec documents: no route matched, so only the concrete path is there.
    const tracking = server.find((s) => s.urlPath?.endsWith('/tracking'));
    expect(tracking).toMatchObject({ httpStatusCode: 404, httpRoute: undefined, consumerId: 'mobile-app' });
    // The bearer tokens the consumers sent are nowhere in what was exported.
    expect(JSON.stringify(spans, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain('-token');
  });
});
