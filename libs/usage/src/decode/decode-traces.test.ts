import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { describe, expect, it } from 'vitest';
import { httpServerSpans } from '../testing/http-server-spans.js';
import type { SpanRecord } from '../types.js';
import { decodeTraces } from './decode-traces.js';

/** What a record must hold, derived from the SDK's own span (independently of the decoders). */
function expected(span: ReadableSpan): SpanRecord {
  const a = span.attributes;
  const str = (...keys: string[]) => {
    for (const key of keys) if (a[key] !== undefined) return String(a[key]);
    return undefined;
  };
  const num = (...keys: string[]) => {
    for (const key of keys) if (a[key] !== undefined) return Number(a[key]);
    return undefined;
  };
  const nanos = (t: [number, number]) => BigInt(t[0]) * 1_000_000_000n + BigInt(t[1]);
  const start = nanos(span.startTime);
  const end = nanos(span.endTime);
  const consumer = a['http.request.header.x-consumer-id'];
  return {
    serviceName: String(span.resource.attributes['service.name']),
    traceId: span.spanContext().traceId,
    spanId: span.spanContext().spanId,
    parentSpanId: span.parentSpanContext?.spanId ?? '',
    name: span.name,
    kind: (span.kind + 1) as SpanRecord['kind'], // the API counts from INTERNAL = 0, OTLP from UNSPECIFIED = 0
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    startTimeUnixMs: Number(start) / 1e6,
    durationMs: Number(end - start) / 1e6,
    statusCode: span.status.code as SpanRecord['statusCode'],
    httpMethod: str('http.request.method', 'http.method'),
    httpStatusCode: num('http.response.status_code', 'http.status_code'),
    httpRoute: str('http.route'),
    urlPath: str('url.path') ?? str('http.target')?.split('?')[0],
    urlFull: str('url.full', 'http.url'),
    serverAddress: str('server.address'),
    clientAddress: str('client.address', 'net.peer.ip'),
    userAgent: str('user_agent.original', 'http.user_agent'),
    enduserId: str('enduser.id'),
    consumerId: Array.isArray(consumer) ? String(consumer[0]) : undefined,
    requestBodySize: num('http.request.body.size', 'http.request_content_length'),
    responseBodySize: num('http.response.body.size', 'http.response_content_length'),
    peerService: str('peer.service'),
  };
}

describe('decodeTraces on what the OpenTelemetry SDK sends', () => {
  for (const conventions of ['old', 'stable', 'mixed'] as const) {
    const payload = httpServerSpans({ count: 300, seed: 7, conventions });

    for (const encoding of ['protobuf', 'json'] as const) {
      it(`reads every span field by field (${conventions} conventions, ${encoding})`, () => {
        const result = decodeTraces(payload[encoding], encoding);
        expect(result.rejected).toBe(0);
        expect(result.errorMessage).toBeUndefined();
        expect(result.spans).toHaveLength(payload.spans.length);
        result.spans.forEach((record, i) => {
          const want = expected(payload.spans[i]!);
          const { startTimeUnixMs, durationMs, ...exact } = record;
          const { startTimeUnixMs: wantStartMs, durationMs: wantDurationMs, ...wantExact } = want;
          expect(exact).toEqual(wantExact);
          expect(startTimeUnixMs).toBeCloseTo(wantStartMs, 3);
          expect(durationMs).toBeCloseTo(wantDurationMs, 9);
        });
      });
    }

    it(`gives the same records from protobuf and JSON (${conventions})`, () => {
      const fromProtobuf = decodeTraces(payload.protobuf, 'protobuf').spans;
      const fromJson = decodeTraces(payload.json, 'json').spans;
      expect(fromJson.map(({ startTimeUnixMs: _, ...r }) => r)).toEqual(
        fromProtobuf.map(({ startTimeUnixMs: _, ...r }) => r),
      );
    });
  }

  it('sees parents, errors and every status class in the generated traffic', () => {
    const { spans } = decodeTraces(httpServerSpans({ count: 200 }).protobuf, 'protobuf');
    expect(spans.filter((s) => s.parentSpanId !== '').length).toBe(100);
    expect(spans.some((s) => s.statusCode === 2)).toBe(true);
    const classes = new Set(spans.map((s) => Math.floor(s.httpStatusCode! / 100)));
    expect([...classes].sort()).toEqual([2, 3, 4, 5]);
  });

  it('cuts long strings to maxStringBytes on a character boundary, alike in both encodings', () => {
    const long = `/${'é'.repeat(600)}`; // 1,201 UTF-8 bytes
    const payload = httpServerSpans({
      count: 2,
      conventions: 'stable',
      extraAttributes: { 'http.route': long },
    });
    for (const encoding of ['protobuf', 'json'] as const) {
      const [span] = decodeTraces(payload[encoding], encoding, { maxStringBytes: 100 }).spans;
      expect(span!.httpRoute).toBe(`/${'é'.repeat(49)}`);
      expect(Buffer.byteLength(span!.httpRoute!)).toBe(99);
    }
  });

  it('skips 10,000 unknown attributes per span quickly and still finds the known ones', () => {
    const extraAttributes: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++) extraAttributes[`app.custom.attribute.${i}`] = `value-${i}`;
    const payload = httpServerSpans({ count: 20, conventions: 'stable', extraAttributes });
    expect(payload.protobuf.length).toBeGreaterThan(20 * 10_000 * 30);
    decodeTraces(payload.protobuf, 'protobuf'); // warm up
    const started = performance.now();
    const { spans } = decodeTraces(payload.protobuf, 'protobuf');
    const elapsedMs = performance.now() - started;
    expect(spans).toHaveLength(20);
    expect(spans.every((s) => s.httpRoute !== undefined && s.httpMethod !== undefined)).toBe(true);
    // 200,000 attributes: a decoder that made strings of their keys and values would take far longer.
    expect(elapsedMs).toBeLessThan(150);
  });
});
