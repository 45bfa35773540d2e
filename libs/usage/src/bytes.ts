// Varint-based binary forms (latency sketches, journal batches): a growable writer and a bounds-checked reader.

const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/** Appends bytes to one growing buffer; `finish()` hands over exactly what was written. */
export class ByteWriter {
  private buf: Uint8Array;
  private at = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  get length(): number {
    return this.at;
  }

  byte(value: number): void {
    this.reserve(1);
    this.buf[this.at++] = value;
  }

  /** A non-negative integer up to 2^53, 7 bits a byte. */
  varint(value: number): void {
    this.reserve(8);
    let v = value;
    while (v >= 0x80) {
      this.buf[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.at++] = v;
  }

  /** A signed integer, zigzag-encoded as protobuf's sint does. */
  zigzag(value: number): void {
    this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
  }

  bytes(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** UTF-8 text with its length in front. */
  string(text: string): void {
    const bytes = utf8.encode(text);
    this.varint(bytes.length);
    this.bytes(bytes);
  }

  finish(): Uint8Array {
    return this.buf.subarray(0, this.at);
  }

  private reserve(n: number): void {
    if (this.at + n <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(this.buf.length * 2, this.at + n));
    grown.set(this.buf.subarray(0, this.at));
    this.buf = grown;
  }
}

/** Reads what ByteWriter wrote; every read checks the end and throws on corrupt input. */
export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  byte(): number {
    if (this.pos >= this.end) throw new Error('truncated');
    return this.buf[this.pos++] as number;
  }

  varint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos < this.end) {
      const b = buf[pos] as number;
      if (b < 0x80) {
        this.pos = pos + 1;
        return b;
      }
    }
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (pos >= this.end) throw new Error('truncated');
      const b = buf[pos++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 128;
    }
    throw new Error('varint too long');
  }

  /** Skips `n` varints without computing them; false when the input ends first or one runs too long. */
  skipVarints(n: number): boolean {
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const start = pos;
      while (pos < this.end && (buf[pos] as number) >= 0x80) pos++;
      if (pos >= this.end || pos - start >= 8) return false;
      pos++;
    }
    this.pos = pos;
    return true;
  }

  zigzag(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }

  bytes(length: number): Uint8Array {
    if (length > this.end - this.pos) throw new Error('truncated');
    const out = this.buf.subarray(this.pos, this.pos + length);
    this.pos += length;
    return out;
  }

  string(): string {
    return utf8Strict.decode(this.bytes(this.varint()));
  }
}
