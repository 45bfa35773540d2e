export { decodeTraces } from './decode/decode-traces.js';
export { DecodeError, isDecodeError } from './decode/decode-error.js';
export type {
  DecodeOptions,
  DecodeResult,
  ResolvedDecodeOptions,
  SpanKind,
  SpanRecord,
  SpanStatusCode,
  TraceEncoding,
} from './types.js';
