import type { Buffer } from 'node:buffer';

interface Entry<T> {
  bytes: Uint8Array;
  value: T;
  next: Entry<T> | undefined;
}

/**
 * UTF-8 byte ranges to values made once per distinct text: a span's method, route or consumer is looked up by its
 * bytes (a hash and a comparison), so the same text in thousands of spans is decoded and judged once, and nothing
 * is allocated for it. Bounded: past `limit` distinct texts it starts over, so high-cardinality values (client
 * addresses, raw paths) cost a decode each, as they would anyway, without growing memory.
 */
export class Interner<T> {
  private table = new Map<number, Entry<T>>();
  private size = 0;

  constructor(
    private readonly limit: number,
    private readonly make: (text: string) => T,
  ) {}

  get(buf: Buffer, start: number, end: number): T {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ (buf[i] as number), 0x01000193);
    hash &= 0x3fffffff;
    const length = end - start;
    let entry = this.table.get(hash);
    for (let at = entry; at !== undefined; at = at.next) {
      const bytes = at.bytes;
      if (bytes.length !== length) continue;
      let i = 0;
      while (i < length && bytes[i] === buf[start + i]) i++;
      if (i === length) return at.value;
    }
    if (this.size >= this.limit) {
      this.table = new Map();
      this.size = 0;
      entry = undefined;
    }
    const value = this.make(buf.toString('utf8', start, end));
    // A copy: a view would keep the whole request body alive.
    const bytes = new Uint8Array(length);
    bytes.set(buf.subarray(start, end));
    this.table.set(hash, { bytes, value, next: entry });
    this.size++;
    return value;
  }
}
