import type { TraceEncoding } from '../types.js';

/**
 * An export request that cannot be decoded at all (truncated, not protobuf, JSON of the wrong shape). The
 * receiver answers it with 400 and the message; `location` says where: a byte offset and the message path for
 * protobuf, a JSON pointer for JSON.
 */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';

  constructor(
    readonly encoding: TraceEncoding,
    readonly location: string,
    readonly problem: string,
  ) {
    const hint =
      encoding === 'protobuf'
        ? 'send an opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest encoded as protobuf'
        : 'send an ExportTraceServiceRequest in the OTLP JSON encoding';
    super(`Cannot decode OTLP ${encoding} at ${location}: ${problem}; ${hint}.`);
  }
}

export function isDecodeError(value: unknown): value is DecodeError {
  return value instanceof DecodeError;
}
