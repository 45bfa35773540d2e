import { gunzipSync, gzipSync } from 'node:zlib';
import type { PublishInput } from './types.js';

/**
 * A version's large texts as the store keeps them: gzip, passed to SQL as base64 (`decode($n, 'base64')`), since
 * both engines move base64 text far faster than bytea parameters, and stored uncompressed by the database
 * (`STORAGE EXTERNAL`: the database does not compress them again). Compressing in JavaScript is native zlib, off
 * the database's single WASM thread for PGlite, and on an indexing worker thread when indexing.
 */
export interface PackedVersion {
  /** The spec text as published. */
  spec: string;
  /** The normalised model (JSON). */
  model: string;
}

/** Fast enough for tens of MB per second per core, and about a fifth of JSON's size. */
const LEVEL = 3;

export const pack = (text: string): string => gzipSync(text, { level: LEVEL }).toString('base64');

export const unpack = (base64: string): string => gunzipSync(Buffer.from(base64, 'base64')).toString('utf8');

/** `model` is the API already serialised, when the caller has it. */
export function packVersion(
  input: Pick<PublishInput, 'api' | 'text'>,
  model = JSON.stringify(input.api),
): PackedVersion {
  return { spec: pack(input.text), model: pack(model) };
}
