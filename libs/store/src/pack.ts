import { createHash } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Lifecycle, Operation, SchemaSummary } from '@interlock/openapi';
import type { PublishInput } from './types.js';
import { VectorItems } from './binary.js';
import { searchLexemes, vectorLiteral, type Lexemes } from './words.js';

/**
 * A version ready to store: everything publishing computes from the model, done before the database is involved,
 * so that it can run on a worker thread (indexing does) and the database's one thread (PGlite) only stores.
 * Large texts are gzip, passed as binary `bytea[]` parameters and stored as they are (`STORAGE EXTERNAL`). Lists are passed as array literals and search
 * vectors in the database's binary form (binary.ts), which is much cheaper than building them there.
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
  /** The spec text and the model (JSON), gzip. */
  spec: Uint8Array;
  model: Uint8Array;
  operationCount: number;
  schemaCount: number;
  /** Array literals, one item per operation: key, method, path, operationId, summary, description, tags (each an array literal), deprecated. */
  operations: string[];
  /** The operations' search vectors: `tsvector[]` items in binary form (binary.ts). */
  operationVectors: Uint8Array;
  /** Array literals, one item per schema: name, description, properties (each an array literal). */
  schemas: string[];
  /** The schemas' search vectors, as operationVectors. */
  schemaVectors: Uint8Array;
}

/** Fast enough for tens of MB per second per core, and about a fifth of JSON's size. */
const LEVEL = 3;

export const gzip = (text: string): Buffer => gzipSync(text, { level: LEVEL });

/** gzip, base64. */
export const pack = (text: string): string => gzip(text).toString('base64');

export const unpack = (base64: string): string => gunzipSync(Buffer.from(base64, 'base64')).toString('utf8');

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** `model` is the API already serialised, when the caller has it. */
export function packVersion(input: PublishInput, model = JSON.stringify(input.api)): PackedVersion {
  const { api } = input;
  const ops = api.operations;
  const schemas = api.schemas;
  return {
    apiId: api.id,
    version: api.version,
    hash: sha256(input.text),
    title: api.title,
    description: api.description ?? null,
    owner: api.owner ? JSON.stringify(api.owner) : null,
    ownerName: api.owner?.name ?? api.owner?.email ?? null,
    lifecycle: api.lifecycle,
    format: api.format,
    mediaType: input.mediaType,
    tags: arrayLiteral(api.tags.map((t) => t.name)),
    spec: gzip(input.text),
    model: gzip(model),
    operationCount: ops.length,
    schemaCount: schemas.length,
    operations: [
      arrayLiteral(ops.map((o) => o.key)),
      arrayLiteral(ops.map((o) => o.method)),
      arrayLiteral(ops.map((o) => o.path)),
      arrayLiteral(ops.map((o) => o.operationId)),
      arrayLiteral(ops.map((o) => o.summary)),
      arrayLiteral(ops.map((o) => o.description)),
      arrayLiteral(ops.map((o) => arrayLiteral(o.tags))),
      `{${ops.map((o) => (o.deprecated ? 't' : 'f')).join(',')}}`,
    ],
    operationVectors: vectorItems(ops.map(operationLexemes)),
    schemas: [
      arrayLiteral(schemas.map((s) => s.name)),
      arrayLiteral(schemas.map((s) => s.description)),
      arrayLiteral(schemas.map((s) => arrayLiteral(s.properties))),
    ],
    schemaVectors: vectorItems(schemas.map(schemaLexemes)),
  };
}

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
    ['C', s.properties.slice(0, 50).join(' ')],
    ['C', s.description?.slice(0, 300)],
  ]);

/** The `tsvector` literals of operationLexemes and schemaLexemes. */
export const operationVector = (o: Parameters<typeof operationLexemes>[0]): string =>
  vectorLiteral(operationLexemes(o));
export const schemaVector = (s: Parameters<typeof schemaLexemes>[0]): string =>
  vectorLiteral(schemaLexemes(s));

function vectorItems(all: Lexemes[]): Uint8Array {
  const items = new VectorItems();
  for (const lexemes of all) items.add(lexemes);
  return items.bytes();
}

/** One array literal of the items of several (`{a,b}`, `{}`, `{c}` → `{a,b,c}`). */
export function concatLiterals(literals: readonly string[]): string {
  const items = literals.filter((l) => l.length > 2).map((l) => l.slice(1, -1));
  return `{${items.join(',')}}`;
}

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
