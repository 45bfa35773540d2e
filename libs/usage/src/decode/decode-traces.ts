import type { DecodeOptions, DecodeResult, TraceEncoding } from '../types.js';
import { DecodeError } from './decode-error.js';
import { decodeJsonTraces } from './decode-json.js';
import { decodeProtobufTraces } from './decode-protobuf.js';
import { resolveDecodeOptions } from './options.js';

/**
 * Decodes an OTLP/HTTP trace export body (already gunzipped) into the span records Interlock aggregates.
 * Spans with invalid ids or absurd times are rejected and counted, never thrown; an undecodable body throws a
 * DecodeError (and nothing else), which the receiver answers with 400.
 */
export function decodeTraces(
  body: Uint8Array,
  encoding: TraceEncoding,
  options?: DecodeOptions,
): DecodeResult {
  const resolved = resolveDecodeOptions(options);
  let decoded;
  try {
    decoded =
      encoding === 'protobuf' ? decodeProtobufTraces(body, resolved) : decodeJsonTraces(body, resolved);
  } catch (error) {
    if (error instanceof DecodeError) throw error;
    // A bug or an exhausted engine limit must still reach the sender as a 400, never crash the collector.
    throw new DecodeError(encoding, 'unknown', `unexpected failure: ${(error as Error).message}`);
  }
  const { spans, rejections } = decoded;
  const errorMessage = rejections.message();
  return errorMessage === undefined
    ? { spans, rejected: rejections.count }
    : { spans, rejected: rejections.count, errorMessage };
}
