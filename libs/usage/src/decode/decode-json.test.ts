import { describe, expect, it } from 'vitest';
import { DecodeError } from './decode-error.js';
import { decodeTraces } from './decode-traces.js';

const encode = (value: unknown) =>
  new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));
const goodSpan = {
  traceId: '0AF7651916CD43DD8448EB211C80319C',
  spanId: 'b7ad6b7169203331',
  name: 'GET /x',
  kind: 2,
  startTimeUnixNano: '1767225600000000000',
  endTimeUnixNano: 1767225600001500000,
};
const wrap = (...spans: unknown[]) => ({
  resourceSpans: [{ resource: { attributes: [] }, scopeSpans: [{ scope: { name: 's' }, spans }] }],
});

describe('decodeTraces(json): undecodable input', () => {
  const cases: { name: string; body: unknown; location: string; message: RegExp }[] = [
    { name: 'not JSON', body: '{"resourceSpans": [', location: 'the JSON text', message: /JSON/ },
    { name: 'an array at the top', body: [], location: '/', message: /expected an object, got an array/ },
    {
      name: 'resourceSpans as an object',
      body: { resourceSpans: {} },
      location: '/resourceSpans',
      message: /expected an array/,
    },
    {
      name: 'a span that is a string',
      body: wrap('span'),
      location: '/resourceSpans/0/scopeSpans/0/spans/0',
      message: /expected an object, got the string "span"/,
    },
    {
      name: 'a boolean start time',
      body: wrap({ ...goodSpan, startTimeUnixNano: true }),
      location: '/resourceSpans/0/scopeSpans/0/spans/0/startTimeUnixNano',
      message: /Unix nanoseconds/,
    },
    {
      name: 'a kind that is no enum',
      body: wrap({ ...goodSpan, kind: 'SERVER' }),
      location: '/resourceSpans/0/scopeSpans/0/spans/0/kind',
      message: /integer enum/,
    },
    {
      name: 'a non-integer intValue',
      body: wrap({ ...goodSpan, attributes: [{ key: 'http.status_code', value: { intValue: '2x' } }] }),
      location: '/resourceSpans/0/scopeSpans/0/spans/0/attributes/0/value/intValue',
      message: /integer/,
    },
    {
      name: 'attributes as an object',
      body: wrap({ ...goodSpan, attributes: { 'http.route': '/x' } }),
      location: '/resourceSpans/0/scopeSpans/0/spans/0/attributes',
      message: /expected an array/,
    },
  ];
  for (const { name, body, location, message } of cases) {
    it(`refuses ${name} at ${location}`, () => {
      let caught: unknown;
      try {
        decodeTraces(encode(body), 'json');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DecodeError);
      expect((caught as DecodeError).location).toBe(location);
      expect((caught as DecodeError).message).toMatch(message);
    });
  }
});

describe('decodeTraces(json): the OTLP JSON mapping', () => {
  it('reads hex ids (lowercased), int64 as string or number, enum names, and ignores unknown fields', () => {
    const body = {
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'orders' } }], x: 1 },
          scopeSpans: [
            {
              spans: [
                {
                  ...goodSpan,
                  kind: 'SPAN_KIND_SERVER',
                  unknownField: { deep: [1, 2] },
                  status: { code: 2, message: 'boom' },
                  attributes: [
                    { key: 'http.response.status_code', value: { intValue: '503' } },
                    { key: 'http.request.body.size', value: { intValue: 42 } },
                    { key: 'http.route', value: { stringValue: '/x' } },
                    { key: 'user_agent.original', value: { boolValue: true } },
                    { key: 'http.request.header.x-consumer-id', value: { stringValue: 'c-7' } },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { spans, rejected } = decodeTraces(encode(body), 'json');
    expect(rejected).toBe(0);
    expect(spans[0]).toMatchObject({
      serviceName: 'orders',
      traceId: '0af7651916cd43dd8448eb211c80319c',
      kind: 2,
      statusCode: 2,
      httpStatusCode: 503,
      requestBodySize: 42,
      httpRoute: '/x',
      userAgent: undefined,
      consumerId: 'c-7',
    });
    // The end time came as a JSON number above 2^53: JSON.parse kept it to within 256 ns.
    expect(spans[0]!.durationMs).toBeCloseTo(1.5, 3);
  });

  const rejects: { name: string; span: Record<string, unknown>; reason: RegExp }[] = [
    { name: 'base64 ids', span: { traceId: 'CvdlGRbNQ92ESOshHIAxnA==' }, reason: /32 hex digits/ },
    { name: 'an all-zero span id', span: { spanId: '0000000000000000' }, reason: /span id is all zeros/ },
    { name: 'no trace id', span: { traceId: undefined }, reason: /trace id is missing/ },
    {
      name: 'end before start',
      span: { endTimeUnixNano: '1767225599999999999' },
      reason: /end time is before/,
    },
    {
      name: 'a zero start time',
      span: { startTimeUnixNano: '0', endTimeUnixNano: '0' },
      reason: /start time 1970/,
    },
  ];
  for (const { name, span, reason } of rejects) {
    it(`rejects a span with ${name} and keeps the others`, () => {
      const result = decodeTraces(encode(wrap(goodSpan, { ...goodSpan, ...span })), 'json');
      expect(result.spans).toHaveLength(1);
      expect(result.rejected).toBe(1);
      expect(result.errorMessage).toMatch(reason);
      expect(result.errorMessage).toMatch(/\/resourceSpans\/0\/scopeSpans\/0\/spans\/1/);
    });
  }
});
