import type { SpanRecord } from '../types.js';

let next = 1;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** A decoded span as the decoder hands it over, with what a test cares about filled in. */
export function span(fields: Partial<SpanRecord> & { serviceName: string }): SpanRecord {
  const id = next++;
  const start = fields.startTimeUnixMs ?? Date.UTC(2026, 10, 24, 10, 0, 0);
  const durationMs = fields.durationMs ?? 20;
  return {
    traceId: hex(id, 32),
    spanId: hex(id, 16),
    parentSpanId: '',
    name: 'span',
    kind: 2,
    startTimeUnixNano: BigInt(Math.round(start)) * 1_000_000n,
    endTimeUnixNano: BigInt(Math.round(start + durationMs)) * 1_000_000n,
    startTimeUnixMs: start,
    durationMs,
    statusCode: 0,
    httpMethod: 'GET',
    httpStatusCode: 200,
    httpRoute: undefined,
    urlPath: undefined,
    urlFull: undefined,
    serverAddress: undefined,
    clientAddress: undefined,
    userAgent: undefined,
    enduserId: undefined,
    consumerId: undefined,
    requestBodySize: undefined,
    responseBodySize: undefined,
    peerService: undefined,
    ...fields,
  };
}
