import type { ResolvedDecodeOptions, SpanRecord } from '../types.js';
import { assign, attributeSlots, attributesByLength, wanted } from './attributes.js';
import type { KnownAttribute } from './attributes.js';
import { DecodeError } from './decode-error.js';
import { Rejections, timeProblem } from './rejections.js';
import { newSpanRecord, toSpanKind, toStatusCode } from './span-record.js';
import { I64, LEN, VARINT, WireError, WireReader } from './wire-reader.js';

const serviceNameKey = new TextEncoder().encode('service.name');
const nanosPerMs = 1e6;
const msPerHigh32 = 4294967296 / nanosPerMs;

/**
 * Walks an ExportTraceServiceRequest (opentelemetry/proto/collector/trace/v1) and reads only what a SpanRecord
 * holds. Everything else (scopes, events, links, trace state, unknown fields, attributes of other keys) is
 * skipped by its length, never decoded.
 */
export function decodeProtobufTraces(
  body: Uint8Array,
  options: ResolvedDecodeOptions,
): { spans: SpanRecord[]; rejections: Rejections } {
  const decoder = new ProtobufTraceDecoder(body, options);
  try {
    decoder.request();
  } catch (error) {
    if (error instanceof WireError) {
      throw new DecodeError('protobuf', `byte ${error.offset}${decoder.path()}`, error.problem);
    }
    throw error;
  }
  return { spans: decoder.spans, rejections: decoder.rejections };
}

class ProtobufTraceDecoder {
  readonly spans: SpanRecord[] = [];
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

  constructor(
    body: Uint8Array,
    private readonly options: ResolvedDecodeOptions,
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
    const first = this.spans.length;
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
        this.scopeSpans(r.lengthEnd(end));
      } else r.skip(tag, end);
    }
    // The resource may follow its spans on the wire.
    for (let i = first; i < this.spans.length; i++) this.spans[i]!.serviceName = serviceName;
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
          const value = this.anyValue(this.valueStart, this.valueEnd);
          if (typeof value === 'string') serviceName = value;
        }
      } else r.skip(tag, end);
    }
    return serviceName;
  }

  private scopeSpans(end: number): void {
    const r = this.r;
    this.depth = 2;
    this.spanIndex = -1;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 2) {
        r.expect(tag, LEN, 'ScopeSpans', 'spans');
        this.spanIndex++;
        this.span(r.lengthEnd(end));
      } else r.skip(tag, end);
    }
    this.depth = 1;
  }

  private span(end: number): void {
    const r = this.r;
    this.depth = 3;
    const record = newSpanRecord();
    this.ranks.fill(0);
    let traceStart = 0;
    let traceLength = -1;
    let spanStart = 0;
    let spanLength = -1;
    let parentStart = 0;
    let parentLength = 0;
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
        case 5: {
          r.expect(tag, LEN, 'Span', 'name');
          const nameEnd = r.lengthEnd(end);
          record.name = r.string(r.pos, nameEnd, this.options.maxStringBytes);
          r.pos = nameEnd;
          break;
        }
        case 6:
          r.expect(tag, VARINT, 'Span', 'kind');
          record.kind = toSpanKind(r.varint(end));
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
        case 9:
          r.expect(tag, LEN, 'Span', 'attributes');
          this.attribute(record, r.lengthEnd(end));
          break;
        case 15:
          r.expect(tag, LEN, 'Span', 'status');
          record.statusCode = toStatusCode(this.status(r.lengthEnd(end)));
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

    record.traceId = r.hex(traceStart, traceStart + 16);
    record.spanId = r.hex(spanStart, spanStart + 8);
    if (parentLength === 8 && !r.allZero(parentStart, 8)) {
      record.parentSpanId = r.hex(parentStart, parentStart + 8);
    }
    record.startTimeUnixNano = r.bigUint64At(startOffset);
    record.endTimeUnixNano = r.bigUint64At(endOffset);
    record.startTimeUnixMs = startMs;
    // Exact while the span is shorter than 2^53 ns (104 days); the time bounds keep it far below that anyway.
    record.durationMs = ((endHigh - startHigh) * 4294967296 + (endLow - startLow)) / nanosPerMs;
    this.spans.push(record);
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

  /** A span attribute: the key is matched in place; only the values of known keys are decoded. */
  private attribute(record: SpanRecord, end: number): void {
    this.keyValue(end);
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
    if (known === undefined || !wanted(known, this.ranks)) return;
    const value = this.anyValue(this.valueStart, this.valueEnd);
    if (value !== undefined) assign(record, known, value, this.ranks);
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

  /** A string or number AnyValue; an array gives its first string. Other kinds give undefined. */
  private anyValue(start: number, end: number, inArray = false): string | number | undefined {
    const r = this.r;
    const resume = r.pos;
    r.pos = start;
    let value: string | number | undefined;
    while (r.pos < end) {
      const tag = r.tag(end);
      switch (tag >>> 3) {
        case 1: {
          r.expect(tag, LEN, 'AnyValue', 'string_value');
          const stringEnd = r.lengthEnd(end);
          value = r.string(r.pos, stringEnd, this.options.maxStringBytes);
          r.pos = stringEnd;
          break;
        }
        case 3: {
          r.expect(tag, VARINT, 'AnyValue', 'int_value');
          const int = r.varint(end);
          value = int <= Number.MAX_SAFE_INTEGER ? int : undefined;
          break;
        }
        case 4:
          r.expect(tag, I64, 'AnyValue', 'double_value');
          value = r.double(end);
          break;
        case 5:
          r.expect(tag, LEN, 'AnyValue', 'array_value');
          // Arrays of arrays are skipped: no recursion that a hostile payload could drive deep.
          if (inArray) {
            value = undefined;
            r.pos = r.lengthEnd(end);
          } else value = this.firstString(r.lengthEnd(end));
          break;
        default:
          value = undefined;
          r.skip(tag, end);
      }
    }
    r.pos = resume;
    return value;
  }

  private firstString(end: number): string | undefined {
    const r = this.r;
    let value: string | undefined;
    while (r.pos < end) {
      const tag = r.tag(end);
      if (tag >>> 3 === 1 && value === undefined) {
        r.expect(tag, LEN, 'ArrayValue', 'values');
        const elementEnd = r.lengthEnd(end);
        const element = this.anyValue(r.pos, elementEnd, true);
        r.pos = elementEnd;
        if (typeof element === 'string') value = element;
      } else r.skip(tag, end);
    }
    return value;
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
