// A tiny protobuf writer for hand-made (and deliberately broken) export requests in tests.
export type Part = Uint8Array;

export function varint(value: number | bigint): Part {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return Uint8Array.from(out);
}

export function concat(...parts: Part[]): Part {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const tag = (field: number, wire: number): Part => varint(field * 8 + wire);
export const len = (field: number, ...parts: Part[]): Part => {
  const body = concat(...parts);
  return concat(tag(field, 2), varint(body.length), body);
};
export const str = (field: number, text: string): Part => len(field, new TextEncoder().encode(text));
export const uint = (field: number, value: number | bigint): Part => concat(tag(field, 0), varint(value));
export const hex = (field: number, digits: string): Part => len(field, Buffer.from(digits, 'hex'));
export const fixed64 = (field: number, value: bigint): Part => {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value, true);
  return concat(tag(field, 1), bytes);
};

export const attribute = (key: string, value: Part): Part => len(9, str(1, key), len(2, value));
export const stringValue = (text: string): Part => str(1, text);
export const intValue = (value: number): Part => uint(3, value);

export interface SpanParts {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  start?: bigint;
  end?: bigint;
  extra?: Part[];
}

export const t0 = 1_767_225_600_000_000_000n;

export function span(parts: SpanParts = {}): Part {
  return len(
    2,
    hex(1, parts.traceId ?? '0af7651916cd43dd8448eb211c80319c'),
    hex(2, parts.spanId ?? 'b7ad6b7169203331'),
    ...(parts.parentSpanId !== undefined ? [hex(4, parts.parentSpanId)] : []),
    str(5, 'GET /x'),
    uint(6, 2),
    fixed64(7, parts.start ?? t0),
    fixed64(8, parts.end ?? t0 + 1_500_000n),
    ...(parts.extra ?? []),
  );
}

/** One ExportTraceServiceRequest with one resource (service.name) and one scope holding `spans`. */
export function request(spans: Part[], serviceName = 'svc'): Part {
  return len(1, len(1, len(1, str(1, 'service.name'), len(2, stringValue(serviceName)))), len(2, ...spans));
}
