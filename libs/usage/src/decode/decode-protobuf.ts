import type { ResolvedDecodeOptions, SpanRecord } from '../types.js';
import { attributeSlots, attributesByLength, type KnownAttribute } from './attributes.js';
import { DecodeError } from './decode-error.js';
import { Rejections, timeProblem } from './rejections.js';
import { BYTES, NO_VALUE, NUMBER, SpanBatch } from './span-batch.js';
import { toSpanKind, toStatusCode } from './span-record.js';
import { I64, LEN, VARINT, WireError, WireReader } from './wire-reader.js';

const serviceNameKey = new TextEncoder().encode('service.name');
const nanosPerMs = 1e6;
const msPerHigh32 = 4294967296 / nanosPerMs;
const QUESTION_MARK = 0x3f;
const ALL_SLOTS = (1 << attributeSlots) - 1;

/** Decodes an ExportTraceServiceRequest into span records (see `decodeProtobufBatch`). */
export function decodeProtobufTraces(
  body: Uint8Array,
  options: ResolvedDecodeOptions,
): { spans: SpanRecord[]; rejections: Rejections } {
  const batch = new SpanBatch();
  const rejections = decodeProtobufBatch(body, options, batch);
  const spans: SpanRecord[] = new Array(batch.count);
  for (let i = 0; i < batch.count; i++) spans[i] = batch.record(i);
  return { spans, rejections };
}

/**
 * Walks an ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) into `batch` and reads only what a
 * SpanRecord holds, as offsets: strings stay bytes until asked for. Everything else (scopes, events, links, trace
 * state, unknown fields, attributes of other keys) is skipped by its length, never decoded. Keys are compared as
 * bytes, and a value is located only for a key Interlock reads (and whose field a stabler key has not filled).
 */
export function decodeProtobufBatch(
  body: Uint8Array,
  options: ResolvedDecodeOptions,
  batch: SpanBatch,
  slots = ALL_SLOTS,
): Rejections {
  batch.reset(body);
  const decoder = new ProtobufTraceDecoder(body, options, batch, slots);
  try {
    decoder.request();
  } catch (error) {
    batch.count = 0;
    if (error instanceof WireError) {
      throw new DecodeError('protobuf', `byte ${error.offset}${decoder.path()}`, error.problem);
    }
    throw error;
  }
  return decoder.rejections;
}

class ProtobufTraceDecoder {
  readonly rejections = new Rejections();
  private readonly r: WireReader;
  private readonly ranks = new Uint8Array(attributeSlots);
  private depth = 0;
  private resourceIndex = -1;
  private scopeIndex = -1;
  private spanIndex = -1;
  // The last KeyValue read: where its key and value lie.
  private keyStart = 0;
  private keyEnd = 0;
  private valueStart = -1;
  private valueEnd = -1;
  // The last AnyValue read: NO_VALUE, BYTES (at [bytesStart, bytesEnd)) or NUMBER.
  private anyKind = NO_VALUE;
  private bytesStart = 0;
  private bytesEnd = 0;
  private anyNumber = 0;

  constructor(
    body: Uint8Array,
    private readonly options: ResolvedDecodeOptions,
    private readonly batch: SpanBatch,
    /** Bit `slot` set: the attribute slot is read; the others are skipped like unknown keys. */
    private readonly slots: number,
  ) {
    this.r = new WireReader(body);
  }

  path(): string {
    if (this.depth === 0) return '';
    let path = ` (resourceSpans[${this.resourceIndex}]`;
    if (this.depth > 1) path += `.scopeSpans[${this.scopeIndex}]`;
    if (this.depth > 2) path += `.spans[${this.spanIndex}]`;
    return `${path})`;
  }

  request(): void {
    const r = this.r;
    const end = r.buf.length;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 1) {
        r.expect(tag, LEN, 'ExportTraceServiceRequest', 'resource_spans');
        this.resourceIndex++;
        this.resourceSpans(r.lengthEnd(end));
      } else r.skip(tag, end);
    }
  }

  private resourceSpans(end: number): void {
    const r = this.r;
    const resource = this.batch.services.length;
    this.batch.services.push('');
    let serviceName = '';
    this.depth = 1;
    this.scopeIndex = -1;
    while (r.pos < end) {
      const tag = r.tag(end);
      const field = tag >>> 3;
      if (field === 1) {
        r.expect(tag, LEN, 'ResourceSpans', 'resource');
        serviceName = this.resource(r.lengthEnd(end)) ?? serviceName;
      } else if (field === 2) {
        r.expect(tag, LEN, 'ResourceSpans', 'scope_spans');
        this.scopeIndex++;
        this.scopeSpans(r.lengthEnd(end), resource);
      } else r.skip(tag, end);
    }
    // The resource may follow its spans on the wire: its spans point at it by index.
    this.batch.services[resource] = serviceName;
    this.depth = 0;
  }

  private resource(end: number): string | undefined {
    const r = this.r;
    let serviceName: string | undefined;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 1) {
        r.expect(tag, LEN, 'Resource', 'attributes');
        this.keyValue(r.lengthEnd(end));
        if (this.valueStart >= 0 && r.equals(this.keyStart, this.keyEnd, serviceNameKey)) {
          this.anyValue(this.valueStart, this.valueEnd);
          if (this.anyKind === BYTES) serviceName = r.string(this.bytesStart, this.bytesEnd, Infinity);
        }
      } else r.skip(tag, end);
    }
    return serviceName;
  }

  private scopeSpans(end: number, resource: number): void {
    const r = this.r;
    this.depth = 2;
    this.spanIndex = -1;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 2) {
        r.expect(tag, LEN, 'ScopeSpans', 'spans');
        this.spanIndex++;
        this.span(r.lengthEnd(end), resource);
      } else r.skip(tag, end);
    }
    this.depth = 1;
  }

  private span(end: number, resource: number): void {
    const r = this.r;
    const batch = this.batch;
    this.depth = 3;
    const i = batch.next();
    this.ranks.fill(0);
    let traceStart = 0;
    let traceLength = -1;
    let spanStart = 0;
    let spanLength = -1;
    let parentStart = 0;
    let parentLength = 0;
    let nameStart = 0;
    let nameEnd = 0;
    let kind = 0;
    let statusCode = 0;
    let startOffset = -1;
    let endOffset = -1;
    let startLow = 0;
    let startHigh = 0;
    let endLow = 0;
    let endHigh = 0;
    while (r.pos < end) {
      const tag = r.tag(end);
      switch (tag >>> 3) {
        case 1:
          r.expect(tag, LEN, 'Span', 'trace_id');
          traceLength = r.lengthEnd(end) - r.pos;
          traceStart = r.pos;
          r.pos += traceLength;
          break;
        case 2:
          r.expect(tag, LEN, 'Span', 'span_id');
          spanLength = r.lengthEnd(end) - r.pos;
          spanStart = r.pos;
          r.pos += spanLength;
          break;
        case 4:
          r.expect(tag, LEN, 'Span', 'parent_span_id');
          parentLength = r.lengthEnd(end) - r.pos;
          parentStart = r.pos;
          r.pos += parentLength;
          break;
        case 5:
          r.expect(tag, LEN, 'Span', 'name');
          nameEnd = r.lengthEnd(end);
          nameStart = r.pos;
          r.pos = nameEnd;
          break;
        case 6:
          r.expect(tag, VARINT, 'Span', 'kind');
          kind = r.varint(end);
          break;
        case 7:
          r.expect(tag, I64, 'Span', 'start_time_unix_nano');
          startOffset = r.pos;
          startLow = r.uint32(end);
          startHigh = r.uint32(end);
          break;
        case 8:
          r.expect(tag, I64, 'Span', 'end_time_unix_nano');
          endOffset = r.pos;
          endLow = r.uint32(end);
          endHigh = r.uint32(end);
          break;
        case 9: {
          r.expect(tag, LEN, 'Span', 'attributes');
          // A length under 128 is one byte: read it here, it is most attributes.
          const length = r.buf[r.pos] as number;
          if (length < 0x80 && r.pos + 1 + length <= end) {
            r.pos++;
            this.attribute(i, r.pos + length);
          } else this.attribute(i, r.lengthEnd(end));
          break;
        }
        case 15:
          r.expect(tag, LEN, 'Span', 'status');
          statusCode = this.status(r.lengthEnd(end));
          break;
        default:
          r.skip(tag, end);
      }
    }
    this.depth = 2;

    const problem =
      idProblem(r, 'trace id', traceStart, traceLength, 16) ??
      idProblem(r, 'span id', spanStart, spanLength, 8) ??
      (parentLength !== 0 && parentLength !== 8
        ? `parent span id must be empty or 8 bytes, got ${parentLength}`
        : undefined) ??
      (startOffset < 0 ? 'start time is missing' : undefined) ??
      (endOffset < 0 ? 'end time is missing' : undefined);
    if (problem !== undefined) return this.reject(problem);

    const startMs = startHigh * msPerHigh32 + startLow / nanosPerMs;
    const endMs = endHigh * msPerHigh32 + endLow / nanosPerMs;
    const endBeforeStart = endHigh < startHigh || (endHigh === startHigh && endLow < startLow);
    const { minTimeUnixMs, maxTimeUnixMs } = this.options;
    const bad = timeProblem(startMs, endMs, endBeforeStart, minTimeUnixMs, maxTimeUnixMs);
    if (bad !== undefined) return this.reject(bad);

    batch.resource[i] = resource;
    batch.kind[i] = toSpanKind(kind);
    batch.statusCode[i] = toStatusCode(statusCode);
    batch.startMs[i] = startMs;
    // Exact while the span is shorter than 2^53 ns (104 days); the time bounds keep it far below that anyway.
    batch.durationMs[i] = ((endHigh - startHigh) * 4294967296 + (endLow - startLow)) / nanosPerMs;
    const o = i * 5;
    batch.offsets[o] = traceStart;
    batch.offsets[o + 1] = spanStart;
    batch.offsets[o + 2] = parentLength === 8 && !r.allZero(parentStart, 8) ? parentStart : -1;
    batch.offsets[o + 3] = startOffset;
    batch.offsets[o + 4] = endOffset;
    batch.name[i * 2] = nameStart;
    batch.name[i * 2 + 1] = this.cut(nameStart, nameEnd);
    batch.count = i + 1;
  }

  private reject(problem: string): void {
    this.rejections.add(
      `span resourceSpans[${this.resourceIndex}].scopeSpans[${this.scopeIndex}].spans[${this.spanIndex}]`,
      problem,
    );
  }

  private status(end: number): number {
    const r = this.r;
    let code = 0;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 3) {
        r.expect(tag, VARINT, 'Status', 'code');
        code = r.varint(end);
      } else r.skip(tag, end);
    }
    return code;
  }

  /**
   * A span attribute: the key is matched in place; only the values of known keys are located, and kept unless a
   * higher-ranked key already filled their field (the first of equal rank wins).
   */
  private attribute(i: number, end: number): void {
    // What every SDK writes: the key (field 1) then the value (field 2), each under 128 bytes, filling the
    // KeyValue exactly. Read straight from the bytes; anything else takes the general path.
    const p = this.r.pos;
    const buf = this.r.buf;
    const keyLength = buf[p + 1] as number;
    const keyEnd = p + 2 + keyLength;
    if (buf[p] === 0x0a && keyLength < 0x80 && keyEnd + 2 <= end && buf[keyEnd] === 0x12) {
      const valueLength = buf[keyEnd + 1] as number;
      if (valueLength < 0x80 && keyEnd + 2 + valueLength === end) {
        this.keyStart = p + 2;
        this.keyEnd = keyEnd;
        this.valueStart = keyEnd + 2;
        this.valueEnd = end;
        this.r.pos = end;
      } else this.keyValue(end);
    } else this.keyValue(end);
    if (this.valueStart < 0) return;
    const candidates = attributesByLength[this.keyEnd - this.keyStart];
    if (candidates === undefined) return;
    let known: KnownAttribute | undefined;
    for (const candidate of candidates) {
      if (this.r.equals(this.keyStart, this.keyEnd, candidate.bytes)) {
        known = candidate;
        break;
      }
    }
    if (known === undefined || (this.ranks[known.slot] as number) >= known.rank) return;
    if ((this.slots & (1 << known.slot)) === 0) return;
    // A string under 128 bytes, alone in its AnyValue: most values. Anything else takes the general path.
    const vs = this.valueStart;
    const length = buf[vs + 1] as number;
    if (buf[vs] === 0x0a && length < 0x80 && vs + 2 + length === this.valueEnd) {
      this.anyKind = BYTES;
      this.bytesStart = vs + 2;
      this.bytesEnd = this.cut(vs + 2, vs + 2 + length);
    } else this.anyValue(vs, this.valueEnd);
    const batch = this.batch;
    const at = i * attributeSlots + known.slot;
    if (known.type === 'number') {
      let value: number;
      if (this.anyKind === NUMBER) value = this.anyNumber;
      else if (this.anyKind === BYTES) {
        const text = this.r.string(this.bytesStart, this.bytesEnd, Infinity);
        value = text === '' ? NaN : Number(text);
      } else return;
      if (!Number.isFinite(value) || value < 0) return;
      batch.valueKind[at] = NUMBER;
      batch.valueNumber[at] = value;
    } else if (this.anyKind === BYTES) {
      let valueEnd = this.bytesEnd;
      if (known.cutQuery)
        for (let q = this.bytesStart; q < valueEnd; q++)
          if (buf[q] === QUESTION_MARK) {
            valueEnd = q;
            break;
          }
      batch.valueKind[at] = BYTES;
      batch.valueStart[at] = this.bytesStart;
      batch.valueEnd[at] = valueEnd;
    } else if (this.anyKind === NUMBER) {
      batch.valueKind[at] = NUMBER;
      batch.valueNumber[at] = this.anyNumber;
    } else return;
    this.ranks[known.slot] = known.rank;
  }

  /** Finds a KeyValue's key and value (either order) and leaves the reader at `end`. */
  private keyValue(end: number): void {
    const r = this.r;
    this.keyStart = this.keyEnd = r.pos;
    this.valueStart = this.valueEnd = -1;
    while (r.pos < end) {
      const tag = r.tag(end);
      const field = tag >>> 3;
      if (field === 1) {
        r.expect(tag, LEN, 'KeyValue', 'key');
        this.keyEnd = r.lengthEnd(end);
        this.keyStart = r.pos;
        r.pos = this.keyEnd;
      } else if (field === 2) {
        r.expect(tag, LEN, 'KeyValue', 'value');
        this.valueEnd = r.lengthEnd(end);
        this.valueStart = r.pos;
        r.pos = this.valueEnd;
      } else r.skip(tag, end);
    }
  }

  /**
   * Reads an AnyValue into `anyKind`: a string (its bytes, cut to the longest string kept), a number, or, for an
   * array, its first string. Other kinds give NO_VALUE. The last of repeated fields wins.
   */
  private anyValue(start: number, end: number, inArray = false): void {
    const r = this.r;
    const resume = r.pos;
    r.pos = start;
    this.anyKind = NO_VALUE;
    while (r.pos < end) {
      const tag = r.tag(end);
      switch (tag >>> 3) {
        case 1: {
          r.expect(tag, LEN, 'AnyValue', 'string_value');
          const stringEnd = r.lengthEnd(end);
          this.anyKind = BYTES;
          this.bytesStart = r.pos;
          this.bytesEnd = this.cut(r.pos, stringEnd);
          r.pos = stringEnd;
          break;
        }
        case 3: {
          r.expect(tag, VARINT, 'AnyValue', 'int_value');
          const int = r.varint(end);
          this.anyKind = int <= Number.MAX_SAFE_INTEGER ? NUMBER : NO_VALUE;
          this.anyNumber = int;
          break;
        }
        case 4:
          r.expect(tag, I64, 'AnyValue', 'double_value');
          this.anyKind = NUMBER;
          this.anyNumber = r.double(end);
          break;
        case 5:
          r.expect(tag, LEN, 'AnyValue', 'array_value');
          // Arrays of arrays are skipped: no recursion that a hostile payload could drive deep.
          if (inArray) {
            this.anyKind = NO_VALUE;
            r.pos = r.lengthEnd(end);
          } else this.firstString(r.lengthEnd(end));
          break;
        default:
          this.anyKind = NO_VALUE;
          r.skip(tag, end);
      }
    }
    r.pos = resume;
  }

  private firstString(end: number): void {
    const r = this.r;
    let found = false;
    let start = 0;
    let stop = 0;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 1 && !found) {
        r.expect(tag, LEN, 'ArrayValue', 'values');
        const elementEnd = r.lengthEnd(end);
        this.anyValue(r.pos, elementEnd, true);
        r.pos = elementEnd;
        if (this.anyKind === BYTES) {
          found = true;
          start = this.bytesStart;
          stop = this.bytesEnd;
        }
      } else r.skip(tag, end);
    }
    this.anyKind = found ? BYTES : NO_VALUE;
    this.bytesStart = start;
    this.bytesEnd = stop;
  }

  /** Where UTF-8 text [start, end) ends once cut to at most `maxStringBytes`, never inside a character. */
  private cut(start: number, end: number): number {
    const max = this.options.maxStringBytes;
    if (end - start <= max) return end;
    const buf = this.r.buf;
    let stop = start + max;
    while (stop > start && ((buf[stop] as number) & 0xc0) === 0x80) stop--;
    return stop;
  }
}

function idProblem(
  r: WireReader,
  what: string,
  start: number,
  length: number,
  size: number,
): string | undefined {
  if (length < 0) return `${what} is missing`;
  if (length !== size) return `${what} must be ${size} bytes, got ${length}`;
  if (r.allZero(start, size)) return `${what} is all zeros`;
  return undefined;
}
