import { Buffer } from 'node:buffer';

export const VARINT = 0;
export const I64 = 1;
export const LEN = 2;
export const SGROUP = 3;
export const EGROUP = 4;
export const I32 = 5;

const wireNames = ['varint', 'i64', 'len', 'sgroup', 'egroup', 'i32', '6 (invalid)', '7 (invalid)'];

/** Raised by the reader; the trace decoder adds the message path before it becomes a DecodeError. */
export class WireError extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

/**
 * The protobuf wire format over one buffer, read in place: no copies, and nothing allocated except the strings
 * the caller asks for. Every read takes the end of the enclosing message and refuses to cross it.
 */
export class WireReader {
  pos = 0;
  private readonly node: Buffer;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.node = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  /** An unsigned varint as a number: exact up to 2^53, larger (and negative int64) values come out above that. */
  varint(end: number): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos >= end) throw this.truncated(pos, 'a varint');
    let byte = buf[pos++]!;
    if (byte < 0x80) {
      this.pos = pos;
      return byte;
    }
    let value = byte & 0x7f;
    let scale = 128;
    for (let i = 1; i < 10; i++) {
      if (pos >= end) throw this.truncated(pos, 'a varint');
      byte = buf[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 128;
    }
    throw new WireError(this.pos, 'a varint runs over 10 bytes');
  }

  /** Reads a field tag: field number above 0, and at most 2^29 - 1. */
  tag(end: number): number {
    const start = this.pos;
    const tag = this.varint(end);
    if (tag < 8 || tag > 0xffffffff) {
      throw new WireError(
        start,
        `field number ${Math.floor(tag / 8)} is not valid protobuf (is this protobuf?)`,
      );
    }
    return tag;
  }

  /** Reads a length prefix and returns where the field ends, which must lie within `end`. */
  lengthEnd(end: number): number {
    const start = this.pos;
    const length = this.varint(end);
    if (length > end - this.pos) {
      throw new WireError(start, `a field claims ${length} bytes but only ${end - this.pos} remain`);
    }
    return this.pos + length;
  }

  /** Reads 4 little-endian bytes as an unsigned number. */
  uint32(end: number): number {
    const pos = this.pos;
    if (end - pos < 4) throw this.truncated(pos, '4 fixed bytes');
    const buf = this.buf;
    this.pos = pos + 4;
    return (buf[pos]! | (buf[pos + 1]! << 8) | (buf[pos + 2]! << 16) | (buf[pos + 3]! << 24)) >>> 0;
  }

  double(end: number): number {
    if (end - this.pos < 8) throw this.truncated(this.pos, '8 fixed bytes');
    const value = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return value;
  }

  bigUint64At(offset: number): bigint {
    return this.view.getBigUint64(offset, true);
  }

  /** UTF-8 text of [start, end), cut to at most `maxBytes` and never inside a character. */
  string(start: number, end: number, maxBytes: number): string {
    if (end - start > maxBytes) {
      end = start + maxBytes;
      while (end > start && (this.buf[end]! & 0xc0) === 0x80) end--;
    }
    return this.node.toString('utf8', start, end);
  }

  hex(start: number, end: number): string {
    return this.node.toString('hex', start, end);
  }

  /** Whether [start, start + length) is all zero bytes. */
  allZero(start: number, length: number): boolean {
    const buf = this.buf;
    for (let i = start; i < start + length; i++) if (buf[i] !== 0) return false;
    return true;
  }

  /** Whether [start, end) holds exactly `bytes`. */
  equals(start: number, end: number, bytes: Uint8Array): boolean {
    if (end - start !== bytes.length) return false;
    const buf = this.buf;
    for (let i = bytes.length - 1; i >= 0; i--) if (buf[start + i] !== bytes[i]) return false;
    return true;
  }

  /** Skips the value of a field whose tag was just read (groups included, however deep, without recursion). */
  skip(tag: number, end: number): void {
    const wire = tag & 7;
    if (wire === SGROUP) {
      let depth = 1;
      while (depth > 0) {
        const inner = this.varint(end);
        const innerWire = inner & 7;
        if (innerWire === SGROUP) depth++;
        else if (innerWire === EGROUP) depth--;
        else this.skipValue(inner, end);
      }
      return;
    }
    this.skipValue(tag, end);
  }

  private skipValue(tag: number, end: number): void {
    const wire = tag & 7;
    switch (wire) {
      case VARINT:
        this.varint(end);
        return;
      case I64:
        if (end - this.pos < 8) throw this.truncated(this.pos, '8 fixed bytes');
        this.pos += 8;
        return;
      case LEN:
        this.pos = this.lengthEnd(end);
        return;
      case I32:
        if (end - this.pos < 4) throw this.truncated(this.pos, '4 fixed bytes');
        this.pos += 4;
        return;
      default:
        throw new WireError(
          this.pos,
          `field ${tag >>> 3} has wire type ${wireNames[wire]}, which cannot appear here`,
        );
    }
  }

  /** Fails unless a known field came with the wire type its definition gives it. */
  expect(tag: number, wire: number, message: string, field: string): void {
    if ((tag & 7) !== wire) {
      throw new WireError(
        this.pos,
        `field ${tag >>> 3} (${field}) of ${message} has wire type ${wireNames[tag & 7]}, expected ${wireNames[wire]}`,
      );
    }
  }

  private truncated(offset: number, what: string): WireError {
    return new WireError(offset, `the input ends in the middle of ${what} (truncated?)`);
  }
}
