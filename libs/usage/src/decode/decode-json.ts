import { Buffer } from 'node:buffer';
import type { ResolvedDecodeOptions, SpanRecord } from '../types.js';
import { assign, attributeSlots, knownAttribute, wanted } from './attributes.js';
import { DecodeError } from './decode-error.js';
import { Rejections, timeProblem } from './rejections.js';
import { newSpanRecord, toSpanKind, toStatusCode } from './span-record.js';

type Json = Record<string, unknown>;

const spanKinds: Record<string, number> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};
const statusCodes: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };
const hexId = /^[0-9a-fA-F]+$/;
const unsignedInteger = /^[0-9]{1,20}$/;

/**
 * Reads an ExportTraceServiceRequest in the OTLP JSON encoding: lowerCamelCase keys, hex ids, integer enums
 * (their names are accepted too), 64-bit integers as strings or numbers; unknown fields are ignored.
 * A value of the wrong JSON type is a DecodeError with its JSON pointer; a well-formed span with unusable
 * ids or times is rejected and counted.
 */
export function decodeJsonTraces(
  body: Uint8Array,
  options: ResolvedDecodeOptions,
): { spans: SpanRecord[]; rejections: Rejections } {
  let root: unknown;
  try {
    root = JSON.parse(new TextDecoder('utf-8', { fatal: false }).decode(body));
  } catch (error) {
    throw new DecodeError('json', 'the JSON text', (error as Error).message);
  }
  return new JsonTraceDecoder(options).request(root);
}

class JsonTraceDecoder {
  private readonly spans: SpanRecord[] = [];
  private readonly rejections = new Rejections();
  private readonly ranks = new Uint8Array(attributeSlots);

  constructor(private readonly options: ResolvedDecodeOptions) {}

  request(root: unknown): { spans: SpanRecord[]; rejections: Rejections } {
    const request = object(root, '');
    list(request['resourceSpans'], '/resourceSpans').forEach((resourceSpans, i) =>
      this.resourceSpans(resourceSpans, `/resourceSpans/${i}`),
    );
    return { spans: this.spans, rejections: this.rejections };
  }

  private resourceSpans(value: unknown, pointer: string): void {
    const resourceSpans = object(value, pointer);
    const first = this.spans.length;
    let serviceName = '';
    if (resourceSpans['resource'] !== undefined && resourceSpans['resource'] !== null) {
      const resource = object(resourceSpans['resource'], `${pointer}/resource`);
      list(resource['attributes'], `${pointer}/resource/attributes`).forEach((entry, i) => {
        const at = `${pointer}/resource/attributes/${i}`;
        const { key, value } = keyValue(entry, at);
        if (key !== 'service.name') return;
        const name = this.anyValue(value, `${at}/value`);
        if (typeof name === 'string') serviceName = name;
      });
    }
    list(resourceSpans['scopeSpans'], `${pointer}/scopeSpans`).forEach((entry, j) => {
      const at = `${pointer}/scopeSpans/${j}`;
      const scopeSpans = object(entry, at);
      list(scopeSpans['spans'], `${at}/spans`).forEach((span, k) => this.span(span, `${at}/spans/${k}`));
    });
    for (let i = first; i < this.spans.length; i++) this.spans[i]!.serviceName = serviceName;
  }

  private span(value: unknown, pointer: string): void {
    const span = object(value, pointer);
    const record = newSpanRecord();
    this.ranks.fill(0);
    record.name = this.string(optional(span['name'], 'string', `${pointer}/name`) ?? '');
    record.kind = toSpanKind(enumValue(span['kind'], spanKinds, `${pointer}/kind`));
    const status = span['status'];
    if (status !== undefined && status !== null) {
      const code = object(status, `${pointer}/status`)['code'];
      record.statusCode = toStatusCode(enumValue(code, statusCodes, `${pointer}/status/code`));
    }
    list(span['attributes'], `${pointer}/attributes`).forEach((entry, i) => {
      const at = `${pointer}/attributes/${i}`;
      const { key, value } = keyValue(entry, at);
      const known = knownAttribute(key);
      if (known === undefined || !wanted(known, this.ranks)) return;
      const decoded = this.anyValue(value, `${at}/value`);
      if (decoded !== undefined) assign(record, known, decoded, this.ranks);
    });

    const traceId = optional(span['traceId'], 'string', `${pointer}/traceId`) ?? '';
    const spanId = optional(span['spanId'], 'string', `${pointer}/spanId`) ?? '';
    const parentSpanId = optional(span['parentSpanId'], 'string', `${pointer}/parentSpanId`) ?? '';
    const start = nanos(span['startTimeUnixNano'], `${pointer}/startTimeUnixNano`);
    const end = nanos(span['endTimeUnixNano'], `${pointer}/endTimeUnixNano`);
    const problem =
      idProblem('trace id', traceId, 32) ??
      idProblem('span id', spanId, 16) ??
      (parentSpanId === '' ? undefined : idProblem('parent span id', parentSpanId, 16, true)) ??
      (start === undefined ? 'start time is missing' : undefined) ??
      (end === undefined ? 'end time is missing' : undefined);
    if (problem !== undefined) return this.rejections.add(`span ${pointer}`, problem);
    const startMs = Number(start!) / 1e6;
    const endMs = Number(end!) / 1e6;
    const { minTimeUnixMs, maxTimeUnixMs } = this.options;
    const bad = timeProblem(startMs, endMs, end! < start!, minTimeUnixMs, maxTimeUnixMs);
    if (bad !== undefined) return this.rejections.add(`span ${pointer}`, bad);

    record.traceId = traceId.toLowerCase();
    record.spanId = spanId.toLowerCase();
    record.parentSpanId = /^0+$/.test(parentSpanId) ? '' : parentSpanId.toLowerCase();
    record.startTimeUnixNano = start!;
    record.endTimeUnixNano = end!;
    record.startTimeUnixMs = startMs;
    // Integer nanoseconds (exact below 2^53, 104 days) over 1e6, as the protobuf decoder computes it.
    record.durationMs = Number(end! - start!) / 1e6;
    this.spans.push(record);
  }

  /** A string or number AnyValue; an array gives its first string. Other kinds give undefined. */
  private anyValue(value: unknown, pointer: string, inArray = false): string | number | undefined {
    if (value === undefined || value === null) return undefined;
    const any = object(value, pointer);
    if (typeof any['stringValue'] === 'string') return this.string(any['stringValue']);
    if (any['intValue'] !== undefined) return integer(any['intValue'], `${pointer}/intValue`);
    if (any['doubleValue'] !== undefined) return double(any['doubleValue'], `${pointer}/doubleValue`);
    if (any['arrayValue'] !== undefined && !inArray) {
      const values = object(any['arrayValue'], `${pointer}/arrayValue`)['values'];
      const items = list(values, `${pointer}/arrayValue/values`);
      for (let i = 0; i < items.length; i++) {
        const item = this.anyValue(items[i], `${pointer}/arrayValue/values/${i}`, true);
        if (typeof item === 'string') return item;
      }
    }
    return undefined;
  }

  /** Cuts a string to the same UTF-8 byte limit the protobuf decoder applies. */
  private string(value: string): string {
    const max = this.options.maxStringBytes;
    if (value.length * 3 <= max || Buffer.byteLength(value, 'utf8') <= max) return value;
    const bytes = Buffer.from(value, 'utf8');
    let end = max;
    while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
    return bytes.toString('utf8', 0, end);
  }
}

function object(value: unknown, pointer: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DecodeError('json', pointer || '/', `expected an object, got ${describe(value)}`);
  }
  return value as Json;
}

function list(value: unknown, pointer: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value))
    throw new DecodeError('json', pointer, `expected an array, got ${describe(value)}`);
  return value;
}

function optional(value: unknown, type: 'string', pointer: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== type)
    throw new DecodeError('json', pointer, `expected a ${type}, got ${describe(value)}`);
  return value as string;
}

function keyValue(value: unknown, pointer: string): { key: string; value: unknown } {
  const entry = object(value, pointer);
  return { key: optional(entry['key'], 'string', `${pointer}/key`) ?? '', value: entry['value'] };
}

function enumValue(value: unknown, names: Record<string, number>, pointer: string): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && Object.hasOwn(names, value)) return names[value]!;
  throw new DecodeError('json', pointer, `expected an integer enum value, got ${describe(value)}`);
}

function nanos(value: unknown, pointer: string): bigint | undefined {
  if (value === undefined || value === null) return undefined;
  // Numbers above 2^53 have already lost precision in JSON.parse; the OTLP JSON mapping recommends strings.
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'number' && Number.isInteger(value) && value > 0 && value < 2 ** 64)
    return BigInt(value);
  if (typeof value === 'string' && unsignedInteger.test(value)) {
    const parsed = BigInt(value);
    if (parsed < 2n ** 64n) return parsed;
  }
  throw new DecodeError(
    'json',
    pointer,
    `expected Unix nanoseconds as a string or number, got ${describe(value)}`,
  );
}

function integer(value: unknown, pointer: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?[0-9]{1,20}$/.test(value)) return Number(value);
  throw new DecodeError('json', pointer, `expected an integer as a string or number, got ${describe(value)}`);
}

function double(value: unknown, pointer: string): number {
  if (typeof value === 'number') return value;
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return Number(value);
  throw new DecodeError('json', pointer, `expected a number, got ${describe(value)}`);
}

function idProblem(what: string, hex: string, digits: number, zeroAllowed = false): string | undefined {
  if (hex === '') return `${what} is missing`;
  if (hex.length !== digits || !hexId.test(hex)) {
    return `${what} must be ${digits} hex digits, got ${JSON.stringify(hex.slice(0, 40))}`;
  }
  if (!zeroAllowed && /^0+$/.test(hex)) return `${what} is all zeros`;
  return undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}
