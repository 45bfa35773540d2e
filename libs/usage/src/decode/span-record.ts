import type { SpanKind, SpanRecord, SpanStatusCode } from '../types.js';

/** Every record is created here, with every field, so all records share one hidden class. */
export function newSpanRecord(): SpanRecord {
  return {
    serviceName: '',
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    startTimeUnixMs: 0,
    durationMs: 0,
    statusCode: 0,
    httpMethod: undefined,
    httpStatusCode: undefined,
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
  };
}

export function toSpanKind(value: number): SpanKind {
  return value >= 0 && value <= 5 ? (value as SpanKind) : 0;
}

export function toStatusCode(value: number): SpanStatusCode {
  return value === 1 || value === 2 ? value : 0;
}
