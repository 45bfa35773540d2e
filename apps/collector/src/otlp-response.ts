// OTLP/HTTP answers (opentelemetry-proto `ExportTraceServiceResponse` and `google.rpc.Status`), in the encoding of
// the request: binary protobuf or proto3 JSON. Small enough to write by hand; nothing else is ever encoded here.

export type Encoding = 'protobuf' | 'json';

export const CONTENT_TYPE: Record<Encoding, string> = {
  protobuf: 'application/x-protobuf',
  json: 'application/json',
};

/** `ExportTraceServiceResponse`: empty when everything was accepted, else `partial_success`. */
export function exportResponse(encoding: Encoding, rejected: number, message?: string): Uint8Array | string {
  if (encoding === 'json')
    return JSON.stringify(
      rejected > 0 || message
        ? {
            partialSuccess: {
              rejectedSpans: String(rejected),
              ...(message ? { errorMessage: message } : {}),
            },
          }
        : {},
    );
  if (rejected === 0 && !message) return new Uint8Array(0);
  // partial_success (field 1, message) { rejected_spans (field 1, int64), error_message (field 2, string) }
  const inner = [
    ...(rejected > 0 ? [0x08, ...varint(rejected)] : []),
    ...(message ? field(2, utf8(message)) : []),
  ];
  return Uint8Array.from(field(1, inner));
}

/** `google.rpc.Status { code, message }`, the body of every OTLP error response. */
export function statusResponse(encoding: Encoding, code: number, message: string): Uint8Array | string {
  if (encoding === 'json') return JSON.stringify({ code, message });
  return Uint8Array.from([0x08, ...varint(code), ...field(2, utf8(message))]);
}

/** gRPC status codes used in `Status.code`. */
export const GRPC = { INVALID_ARGUMENT: 3, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

function utf8(s: string): number[] {
  return [...new TextEncoder().encode(s)];
}

function field(number: number, bytes: number[]): number[] {
  return [(number << 3) | 2, ...varint(bytes.length), ...bytes];
}

function varint(n: number): number[] {
  const out: number[] = [];
  let v = n;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
