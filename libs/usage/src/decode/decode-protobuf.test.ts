import { describe, expect, it } from 'vitest';
import {
  attribute,
  concat,
  hex,
  intValue,
  len,
  request,
  span,
  str,
  stringValue,
  t0,
  tag,
  uint,
  varint,
} from '../test-support/proto-writer.js';
import { httpServerSpans } from '../testing/http-server-spans.js';
import { DecodeError } from './decode-error.js';
import { decodeTraces } from './decode-traces.js';

function decodeError(body: Uint8Array): DecodeError {
  try {
    decodeTraces(body, 'protobuf');
  } catch (error) {
    expect(error).toBeInstanceOf(DecodeError);
    return error as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

describe('decodeTraces(protobuf): undecodable input', () => {
  const real = httpServerSpans({ count: 8 }).protobuf;
  const cases: { name: string; body: Uint8Array; message: RegExp }[] = [
    {
      name: 'truncated in the middle',
      body: real.subarray(0, real.length >> 1),
      message: /claims \d+ bytes/,
    },
    { name: 'truncated by one byte', body: real.subarray(0, real.length - 1), message: /claims \d+ bytes/ },
    { name: 'field number 0', body: Uint8Array.of(0x02, 0x00), message: /field number 0/ },
    {
      name: 'resource_spans as a varint',
      body: uint(1, 5),
      message: /field 1 \(resource_spans\).*varint, expected len/,
    },
    {
      name: 'span start time as a varint',
      body: request([len(2, uint(7, 12345))]),
      message: /spans\[0\]\): field 7 \(start_time_unix_nano\)/,
    },
    { name: 'wire type 7', body: Uint8Array.of(0x0f), message: /wire type 7/ },
    {
      name: 'varint over 10 bytes',
      body: concat(tag(9, 0), new Uint8Array(11).fill(0xff)),
      message: /10 bytes/,
    },
    {
      name: 'JSON sent as protobuf',
      body: httpServerSpans({ count: 1 }).json,
      message: /Cannot decode OTLP protobuf/,
    },
    { name: 'a dangling end-group', body: Uint8Array.of(0x0c), message: /egroup/ },
  ];
  for (const { name, body, message } of cases) {
    it(`refuses ${name} with a located DecodeError`, () => {
      const error = decodeError(body);
      expect(error.message).toMatch(message);
      expect(error.location).toMatch(/^byte \d+/);
      expect(error.message).toMatch(/ExportTraceServiceRequest/);
    });
  }

  it('refuses random bytes (1,000 seeded buffers) with DecodeError, never another exception', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    let refused = 0;
    for (let n = 0; n < 1000; n++) {
      const body = Uint8Array.from({ length: 64 + (n % 200) }, random);
      try {
        decodeTraces(body, 'protobuf');
      } catch (error) {
        expect(error).toBeInstanceOf(DecodeError);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(990);
  });

  it('reads an empty body as an empty request', () => {
    expect(decodeTraces(new Uint8Array(0), 'protobuf')).toEqual({ spans: [], rejected: 0 });
  });
});

describe('decodeTraces(protobuf): spans rejected, others kept', () => {
  const table: { name: string; span: Uint8Array; reason: RegExp }[] = [
    {
      name: 'a 15-byte trace id',
      span: span({ traceId: '0af7651916cd43dd8448eb211c8031' }),
      reason: /trace id must be 16 bytes, got 15/,
    },
    {
      name: 'an all-zero trace id',
      span: span({ traceId: '0'.repeat(32) }),
      reason: /trace id is all zeros/,
    },
    { name: 'an all-zero span id', span: span({ spanId: '0'.repeat(16) }), reason: /span id is all zeros/ },
    { name: 'a 4-byte parent span id', span: span({ parentSpanId: '01020304' }), reason: /parent span id/ },
    { name: 'end before start', span: span({ start: t0, end: t0 - 1n }), reason: /end time is before start/ },
    { name: 'a start in 1970', span: span({ start: 5n, end: 10n }), reason: /start time 1970/ },
    { name: 'an end in 2500', span: span({ end: 16_725_225_600_000_000_000n }), reason: /after 2200/ },
    {
      name: 'no span id',
      span: len(2, hex(1, '0af7651916cd43dd8448eb211c80319c')),
      reason: /span id is missing/,
    },
  ];
  for (const { name, span: bad, reason } of table) {
    it(`rejects a span with ${name}`, () => {
      const result = decodeTraces(request([span(), bad, span({ spanId: 'b7ad6b7169203332' })]), 'protobuf');
      expect(result.spans.map((s) => s.spanId)).toEqual(['b7ad6b7169203331', 'b7ad6b7169203332']);
      expect(result.rejected).toBe(1);
      expect(result.errorMessage).toMatch(reason);
      expect(result.errorMessage).toMatch(/resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[1\]/);
    });
  }

  it('counts every rejected span and names the first', () => {
    const zero = span({ traceId: '0'.repeat(32) });
    const result = decodeTraces(request([zero, span(), zero, zero]), 'protobuf');
    expect(result.rejected).toBe(3);
    expect(result.errorMessage).toMatch(/spans\[0\].*\(and 2 more rejected\)/);
  });
});

describe('decodeTraces(protobuf): the wire format in full', () => {
  it('reads fields in any order, skips unknown fields and groups, and joins a resource sent after its spans', () => {
    const group = concat(tag(30, 3), uint(1, 7), tag(31, 3), tag(31, 4), tag(30, 4));
    const spanBody = concat(
      uint(99, 1),
      group,
      attribute('http.route', stringValue('/orders/{id}')),
      hex(2, 'b7ad6b7169203331'),
      uint(6, 2),
      span().subarray(span().length - 18), // start and end times
      hex(1, '0af7651916cd43dd8448eb211c80319c'),
      attribute('http.response.status_code', intValue(404)),
      len(15, str(2, 'not found'), uint(3, 2)),
    );
    const body = len(
      1,
      len(2, len(1, str(1, 'scope')), len(2, spanBody)),
      len(1, len(1, str(1, 'service.name'), len(2, stringValue('late-service')))),
    );
    const [record] = decodeTraces(body, 'protobuf').spans;
    expect(record).toMatchObject({
      serviceName: 'late-service',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      httpRoute: '/orders/{id}',
      httpStatusCode: 404,
      statusCode: 2,
      kind: 2,
      durationMs: 1.5,
    });
  });

  it('prefers the stable key over the older one, whichever comes first', () => {
    const body = request([
      span({
        extra: [
          attribute('http.method', stringValue('OLD')),
          attribute('http.request.method', stringValue('GET')),
          attribute('http.target', stringValue('/a?b=1')),
          attribute('url.full', stringValue('https://x/a?b=1')),
          attribute('http.url', stringValue('https://old/')),
          attribute(
            'http.request.header.x-consumer-id',
            len(5, len(1, stringValue('c-1')), len(1, stringValue('c-2'))),
          ),
          attribute('http.request_content_length', stringValue('12')),
        ],
      }),
    ]);
    const [record] = decodeTraces(body, 'protobuf').spans;
    expect(record).toMatchObject({
      httpMethod: 'GET',
      urlPath: '/a',
      urlFull: 'https://x/a?b=1',
      consumerId: 'c-1',
      requestBodySize: 12,
    });
  });

  it('reads attributes however their KeyValue is laid out: value first, long values, unknown fields inside', () => {
    const long = `/${'a'.repeat(300)}`;
    const body = request([
      span({
        extra: [
          len(9, len(2, stringValue('PATCH')), str(1, 'http.request.method')),
          attribute('url.path', stringValue(long)),
          len(9, str(1, 'http.route'), uint(7, 1), len(2, stringValue('/r/{id}'))),
          len(9, str(1, 'enduser.id'), len(2, stringValue('x')), len(2, stringValue('ada'))),
        ],
      }),
    ]);
    const [record] = decodeTraces(body, 'protobuf').spans;
    expect(record).toMatchObject({
      httpMethod: 'PATCH',
      urlPath: long,
      httpRoute: '/r/{id}',
      enduserId: 'ada',
    });
  });

  it('refuses a KeyValue whose key runs past it', () => {
    const error = decodeError(request([span({ extra: [len(9, tag(1, 2), varint(40), str(2, 'x'))] })]));
    expect(error.message).toMatch(/claims 40 bytes/);
  });

  it('ignores negative or oversized integers where sizes and codes are expected', () => {
    const body = request([
      span({
        extra: [
          attribute('http.response.status_code', concat(tag(3, 0), varint(-1))),
          attribute('http.request.body.size', concat(tag(3, 0), varint(2n ** 60n))),
        ],
      }),
    ]);
    const [record] = decodeTraces(body, 'protobuf').spans;
    expect(record!.httpStatusCode).toBeUndefined();
    expect(record!.requestBodySize).toBeUndefined();
  });
});
