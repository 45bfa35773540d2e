import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Lifecycle, Operation, SchemaSummary } from '@interlock/openapi';
import type { PublishInput } from './types.js';
import { OID, boolItems, textItems, vectorItems } from './binary.js';
import { searchLexemes, vectorLiteral, type Lexemes } from './words.js';

/**
 * A version ready to store: everything publishing computes from the model, done before the database is involved,
 * so that it can run on a worker thread (indexing does) and the database's one thread (PGlite) only stores.
 * Large texts are gzip, passed as a binary `bytea[]` parameter and stored as they are (`STORAGE EXTERNAL`). The
 * operations' and schemas' fields, search vectors included, are array items in binary form (binary.ts), which the
 * database reads far faster than literals, let alone building vectors itself.
 */
export interface PackedVersion {
  apiId: string;
  version: string;
  /** sha256 of the spec text, hex. */
  hash: string;
  title: string;
  description: string | null;
  /** JSON. */
  owner: string | null;
  ownerName: string | null;
  lifecycle: Lifecycle;
  format: string;
  mediaType: string;
  /** Array literal of the API's tag names. */
  tags: string;
  /** The spec text and the model (JSON), gzip; no model when it is to be derived from the text (`sourceFile`). */
  spec: Uint8Array;
  model: Uint8Array | null;
  sourceFile: string | null;
  operationCount: number;
  schemaCount: number;
  /** A column of array items per field of the operations, of the types in OPERATION_COLUMNS. */
  operations: Uint8Array[];
  /** A column of array items per field of the schemas, of the types in SCHEMA_COLUMNS. */
  schemas: Uint8Array[];
}

/** key, method, path, operationId, summary, description, tags (an array literal), deprecated, search vector. */
export const OPERATION_COLUMNS = [...Array<number>(7).fill(OID.text), OID.bool, OID.tsvector];
/** name, description, properties (an array literal), search vector. */
export const SCHEMA_COLUMNS = [OID.text, OID.text, OID.text, OID.tsvector];

/** Fast enough for tens of MB per second per core, and about a fifth of JSON's size. */
const LEVEL = 3;

export const gzip = (text: string | Uint8Array): Buffer => gzipSync(text, { level: LEVEL });

/**
 * A text's UTF-8 in a buffer this thread reuses, valid until the next call. Memory touched for the first time is
 * what costs here, not encoding: `Buffer.from` of a 5 MB model took 14 ms, writing it into a buffer used before
 * 2.3 ms (page faults of a fresh allocation, every time). Texts beyond MAX_REUSED get a buffer of their own.
 */
function utf8(text: string): Uint8Array {
  const length = Buffer.byteLength(text);
  if (length > MAX_REUSED) return Buffer.from(text);
  if (scratch.length < length) scratch = Buffer.allocUnsafeSlow(Math.max(length, 2 * scratch.length));
  return scratch.subarray(0, scratch.write(text));
}

const MAX_REUSED = 64 << 20;
let scratch = Buffer.allocUnsafeSlow(1 << 20);

/** gzip, base64. */
export const pack = (text: string): string => gzip(text).toString('base64');

export const unpack = (base64: string): string => gunzipSync(Buffer.from(base64, 'base64')).toString('utf8');

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `model` is the API already serialised, when the caller has it. */
export function packVersion(input: PublishInput, model?: string): PackedVersion {
  const { api } = input;
  const ops = api.operations;
  const schemas = api.schemas;
  const text = input.bytes ?? utf8(input.text);
  const hash = sha256(text);
  const spec = gzip(text); // before utf8 is called again
  return {
    apiId: api.id,
    version: api.version,
    hash,
    title: api.title,
    description: api.description ?? null,
    owner: api.owner ? JSON.stringify(api.owner) : null,
    ownerName: api.owner?.name ?? api.owner?.email ?? null,
    lifecycle: api.lifecycle,
    format: api.format,
    mediaType: input.mediaType,
    tags: arrayLiteral(api.tags.map((t) => t.name)),
    spec,
    model: input.sourceFile === undefined ? packModel(model ?? JSON.stringify(api)) : null,
    sourceFile: input.sourceFile ?? null,
    operationCount: ops.length,
    schemaCount: schemas.length,
    operations: [
      textItems(ops.map((o) => o.key)),
      textItems(ops.map((o) => o.method)),
      textItems(ops.map((o) => o.path)),
      textItems(ops.map((o) => o.operationId)),
      textItems(ops.map((o) => o.summary)),
      textItems(ops.map((o) => o.description)),
      textItems(ops.map((o) => arrayLiteral(o.tags))),
      boolItems(ops.map((o) => o.deprecated)),
      vectorItems(ops.map(operationLexemes)),
    ],
    schemas: [
      textItems(schemas.map((s) => s.name)),
      textItems(schemas.map((s) => s.description)),
      textItems(schemas.map((s) => arrayLiteral(s.properties))),
      vectorItems(schemas.map(schemaLexemes)),
    ],
  };
}

/** The model's JSON, gzip. */
export const packModel = (model: string): Buffer => gzip(utf8(model));

/**
 * Search vectors, weighted: A names (path words, operationId, schema name and title), B summary and tags, C schema
 * properties and the start of descriptions.
 */
export const operationLexemes = (
  o: Pick<Operation, 'path' | 'operationId' | 'summary' | 'tags' | 'description'>,
): Lexemes =>
  searchLexemes([
    ['A', o.path],
    ['A', o.operationId],
    ['B', o.summary],
    ['B', o.tags.join(' ')],
    ['C', o.description?.slice(0, 400)],
  ]);

export const schemaLexemes = (
  s: Pick<SchemaSummary, 'name' | 'title' | 'properties' | 'description'>,
): Lexemes =>
  searchLexemes([
    ['A', s.name],
    ['A', s.title],
    ...s.properties.slice(0, 50).map((p) => ['C', p] as const), // as if joined by spaces: one name after another
    ['C', s.description?.slice(0, 300)],
  ]);

/** The `tsvector` literals of operationLexemes and schemaLexemes. */
export const operationVector = (o: Parameters<typeof operationLexemes>[0]): string =>
  vectorLiteral(operationLexemes(o));
export const schemaVector = (s: Parameters<typeof schemaLexemes>[0]): string =>
  vectorLiteral(schemaLexemes(s));

/** A PostgreSQL array literal of texts (`{"a","b",NULL}`). NUL characters, which text cannot hold, are dropped. */
export function arrayLiteral(values: readonly (string | null | undefined)[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    out += v == null ? 'NULL' : `"${/[\\"\0]/.test(v) ? v.replace(/[\\"\0]/g, escapeChar) : v}"`;
  }
  return `${out}}`;
}

const escapeChar = (c: string) => (c === '\0' ? '' : `\\${c}`);
