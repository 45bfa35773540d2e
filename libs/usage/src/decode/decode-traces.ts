import type { DecodeOptions, DecodeResult, ResolvedDecodeOptions, TraceEncoding } from '../types.js';
import { DecodeError } from './decode-error.js';
import { decodeJsonTraces } from './decode-json.js';
import { decodeProtobufBatch, decodeProtobufTraces } from './decode-protobuf.js';
import { resolveDecodeOptions } from './options.js';
import type { SpanBatch } from './span-batch.js';

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

/**
 * `decodeTraces` for protobuf into a reusable SpanBatch (offsets into `body`, strings decoded only when read): what
 * the collector ingests. `slots` (bit `SLOT.x` for field x, default all) says which attributes to locate; the others
 * are skipped like unknown keys. Throws a DecodeError, and leaves the batch empty, when the body cannot be decoded.
 */
export function decodeTraceBatch(
  body: Uint8Array,
  batch: SpanBatch,
  options: ResolvedDecodeOptions = resolveDecodeOptions(),
  slots?: number,
): Omit<DecodeResult, 'spans'> {
  let rejections;
  try {
    rejections = decodeProtobufBatch(body, options, batch, slots);
  } catch (error) {
    batch.count = 0;
    if (error instanceof DecodeError) throw error;
    throw new DecodeError('protobuf', 'unknown', `unexpected failure: ${(error as Error).message}`);
  }
  const errorMessage = rejections.message();
  return errorMessage === undefined
    ? { rejected: rejections.count }
    : { rejected: rejections.count, errorMessage };
}
