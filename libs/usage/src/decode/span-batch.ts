import { Buffer } from 'node:buffer';
import type { SpanRecord } from '../types.js';
import { attributeSlots, SLOT, slotFields } from './attributes.js';
import { newSpanRecord, toSpanKind, toStatusCode } from './span-record.js';

/** What an attribute slot of a span holds. */
export const NO_VALUE = 0;
export const BYTES = 1;
export const NUMBER = 2;

/**
 * The accepted spans of one protobuf export request, as columns of numbers and offsets into the request's body:
 * nothing is decoded into strings until asked for, so a span costs no allocation. One batch is reused from request
 * to request (`reset`); what it holds is valid until the next decode into it.
 */
export class SpanBatch {
  buf: Uint8Array = new Uint8Array(0);
  node: Buffer = Buffer.alloc(0);
  count = 0;
  /** `service.name` of each ResourceSpans, `''` when it has none. */
  services: string[] = [];
  capacity = 0;
  /** Per span: index into `services`. */
  resource = new Int32Array(0);
  kind = new Uint8Array(0);
  statusCode = new Uint8Array(0);
  startMs = new Float64Array(0);
  durationMs = new Float64Array(0);
  /** Per span, 5 offsets into `buf`: trace id (16 bytes), span id (8), parent span id (8, or -1), start and end
   * times (fixed64). */
  offsets = new Int32Array(0);
  /** Per span: the name's [start, end). */
  name = new Int32Array(0);
  /** Per span and slot (`SLOT`): NO_VALUE, BYTES ([start, end) of UTF-8, already cut) or NUMBER. */
  valueKind = new Uint8Array(0);
  valueStart = new Int32Array(0);
  valueEnd = new Int32Array(0);
  valueNumber = new Float64Array(0);

  reset(buf: Uint8Array): void {
    this.buf = buf;
    this.node = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
    this.count = 0;
    this.services = [];
  }

  /** Room for one more span, its slots emptied; returns its index. */
  next(): number {
    const i = this.count;
    if (i === this.capacity) this.grow();
    this.valueKind.fill(NO_VALUE, i * attributeSlots, (i + 1) * attributeSlots);
    return i;
  }

  /** The value of a string attribute, or undefined. */
  string(i: number, slot: number): string | undefined {
    const at = i * attributeSlots + slot;
    const kind = this.valueKind[at];
    if (kind === BYTES) return this.node.toString('utf8', this.valueStart[at], this.valueEnd[at]);
    if (kind === NUMBER) return String(this.valueNumber[at]);
    return undefined;
  }

  /** The value of a numeric attribute (status code, body sizes), or undefined. */
  number(i: number, slot: number): number | undefined {
    const at = i * attributeSlots + slot;
    return this.valueKind[at] === NUMBER ? this.valueNumber[at] : undefined;
  }

  spanId(i: number): string {
    const at = this.offsets[i * 5 + 1] as number;
    return this.node.toString('hex', at, at + 8);
  }

  /** The parent span id in hex, `''` for a root span. */
  parentSpanId(i: number): string {
    const at = this.offsets[i * 5 + 2] as number;
    return at < 0 ? '' : this.node.toString('hex', at, at + 8);
  }

  /** Span `i` as a SpanRecord, every field decoded. */
  record(i: number): SpanRecord {
    const record = newSpanRecord();
    const o = i * 5;
    const trace = this.offsets[o] as number;
    const start = this.offsets[o + 3] as number;
    const end = this.offsets[o + 4] as number;
    record.serviceName = this.services[this.resource[i] as number] as string;
    record.traceId = this.node.toString('hex', trace, trace + 16);
    record.spanId = this.spanId(i);
    record.parentSpanId = this.parentSpanId(i);
    record.name = this.node.toString('utf8', this.name[i * 2], this.name[i * 2 + 1]);
    record.kind = toSpanKind(this.kind[i] as number);
    record.statusCode = toStatusCode(this.statusCode[i] as number);
    record.startTimeUnixNano = this.node.readBigUInt64LE(start);
    record.endTimeUnixNano = this.node.readBigUInt64LE(end);
    record.startTimeUnixMs = this.startMs[i] as number;
    record.durationMs = this.durationMs[i] as number;
    const fields = record as unknown as Record<string, unknown>;
    for (let slot = 0; slot < attributeSlots; slot++) {
      const field = slotFields[slot] as string;
      fields[field] =
        slot === SLOT.httpStatusCode || slot === SLOT.requestBodySize || slot === SLOT.responseBodySize
          ? this.number(i, slot)
          : this.string(i, slot);
    }
    return record;
  }

  private grow(): void {
    const capacity = Math.max(64, this.capacity * 2);
    const grow = <T extends Int32Array | Uint8Array | Float64Array>(
      old: T,
      make: (n: number) => T,
      per = 1,
    ) => {
      const grown = make(capacity * per);
      grown.set(old);
      return grown;
    };
    this.resource = grow(this.resource, (n) => new Int32Array(n));
    this.kind = grow(this.kind, (n) => new Uint8Array(n));
    this.statusCode = grow(this.statusCode, (n) => new Uint8Array(n));
    this.startMs = grow(this.startMs, (n) => new Float64Array(n));
    this.durationMs = grow(this.durationMs, (n) => new Float64Array(n));
    this.offsets = grow(this.offsets, (n) => new Int32Array(n), 5);
    this.name = grow(this.name, (n) => new Int32Array(n), 2);
    this.valueKind = grow(this.valueKind, (n) => new Uint8Array(n), attributeSlots);
    this.valueStart = grow(this.valueStart, (n) => new Int32Array(n), attributeSlots);
    this.valueEnd = grow(this.valueEnd, (n) => new Int32Array(n), attributeSlots);
    this.valueNumber = grow(this.valueNumber, (n) => new Float64Array(n), attributeSlots);
    this.capacity = capacity;
  }
}
