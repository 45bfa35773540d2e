import { DDSketch } from '@datadog/sketches-js';

/** 1 % relative accuracy: p99 of 200 ms is reported between 198 and 202 ms, whatever the traffic. */
const RELATIVE_ACCURACY = 0.01;

/**
 * Request durations (ms) as a DDSketch: quantiles within 1 % relative error, and sketches merge exactly — across
 * collectors, minutes, hours and days — because they share one logarithmic bucket mapping.
 */
export class LatencySketch {
  private constructor(private readonly sketch: DDSketch) {}

  static create(): LatencySketch {
    return new LatencySketch(new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }));
  }

  /** From `encode()`'s output, or DDSketch's own protobuf encoding (base64), as earlier versions stored. */
  static decode(encoded: string): LatencySketch {
    const buf = Buffer.from(encoded, 'base64');
    if (buf[0] !== COMPACT) return new LatencySketch(DDSketch.fromProto(buf) as DDSketch);
    const positive = new Bins();
    const negative = new Bins();
    const zero = { count: 0 };
    const mapping = readCompact(buf, positive, negative, zero);
    if (!mapping) throw new Error('Failed to decode a compact latency sketch');
    return new LatencySketch(
      DDSketch.fromProto(writeSketch(mapping, positive, negative, zero.count)) as DDSketch,
    );
  }

  /**
   * Many encoded sketches merged into one, reading their bins straight from the protobuf: decoding each into a
   * DDSketch object first costs ~30× more (the library re-grows its bin array bin by bin), and a month's report
   * merges thousands. Sketches with another mapping (none are written so) fall back to decode and merge.
   */
  static mergeEncoded(encoded: readonly string[]): LatencySketch {
    if (encoded.length === 1) return LatencySketch.decode(encoded[0] as string);
    let mapping: Buffer | undefined;
    const positive = new Bins();
    const negative = new Bins();
    const zero = { count: 0 };
    const others: LatencySketch[] = [];
    for (const text of encoded) {
      const buf = Buffer.from(text, 'base64');
      const read = buf[0] === COMPACT ? readCompact : readSketch;
      const own = read(buf, positive, negative, zero, mapping);
      if (!own) others.push(LatencySketch.decode(text));
      else mapping ??= Buffer.from(own);
    }
    const merged = mapping
      ? new LatencySketch(
          DDSketch.fromProto(writeSketch(mapping, positive, negative, zero.count)) as DDSketch,
        )
      : LatencySketch.create();
    for (const o of others) merged.merge(o);
    return merged;
  }

  get count(): number {
    return this.sketch.count;
  }

  add(durationMs: number): void {
    // Zero-length spans (clock resolution) are kept as the smallest measurable duration, not dropped.
    this.sketch.accept(Math.max(durationMs, 0.001));
  }

  merge(other: LatencySketch): void {
    this.sketch.merge(other.sketch);
  }

  /** The duration at quantile `q` (0–1), or undefined when empty. */
  quantile(q: number): number | undefined {
    return this.sketch.count === 0 ? undefined : this.sketch.getValueAtQuantile(q);
  }

  /**
   * Base64 of a compact form: the bin counts of a latency sketch are whole numbers, so they are written as varints
   * rather than the protobuf's 8-byte doubles — about a quarter of the size, which is what a month's report reads.
   * A sketch with fractional counts keeps the protobuf form.
   */
  encode(): string {
    const proto = Buffer.from(this.sketch.toProto());
    const positive = new Bins();
    const negative = new Bins();
    const zero = { count: 0 };
    const mapping = readSketch(proto, positive, negative, zero);
    if (!mapping || !positive.whole() || !negative.whole()) return proto.toString('base64');
    if (!Number.isInteger(zero.count)) return proto.toString('base64');
    return Buffer.concat([
      Buffer.from([COMPACT]),
      varint(mapping.length),
      mapping,
      varint(zero.count),
      positive.compact(),
      negative.compact(),
    ]).toString('base64');
  }
}

// The DDSketch protobuf (sketches-js `proto/compiled`): DDSketch { 1 mapping: IndexMapping, 2 positiveValues: Store,
// 3 negativeValues: Store, 4 zeroCount: double }; Store { 1 binCounts: map<sint32, double>, 2 contiguousBinCounts:
// packed double, 3 contiguousBinIndexOffset: sint32 }.

/** First byte of the compact form; a protobuf DDSketch starts with 0x0a (field 1, length-delimited). */
const COMPACT = 0xc1;

/**
 * Adds a compact sketch's bins (see `encode`) and returns its mapping; undefined, with nothing added, when it cannot
 * be read or its mapping is not `expected`.
 */
function readCompact(
  buf: Buffer,
  positive: Bins,
  negative: Bins,
  zero: { count: number },
  expected?: Buffer,
): Buffer | undefined {
  try {
    const r = new Reader(buf, 1);
    const len = r.varint();
    const mapping = buf.subarray(r.pos, r.pos + len);
    if (expected && !expected.equals(mapping)) return undefined;
    r.pos += len;
    const zeros = r.varint();
    const stores: [number, number[]][] = [];
    for (let s = 0; s < 2; s++) {
      const offset = r.sint32();
      const n = r.varint();
      if (n > buf.length) throw new Error('bad bin count');
      const counts: number[] = new Array(n);
      for (let i = 0; i < n; i++) counts[i] = r.varint();
      stores.push([offset, counts]);
    }
    if (r.pos !== buf.length) throw new Error('trailing bytes');
    zero.count += zeros;
    stores.forEach(([offset, counts], s) => {
      const bins = s === 0 ? positive : negative;
      counts.forEach((c, i) => c && bins.add(offset + i, c));
    });
    return mapping;
  } catch {
    return undefined;
  }
}

/** Bin counts by key, in one growable dense array. */
class Bins {
  base = 0;
  counts = new Float64Array(0);
  min = Infinity;
  max = -Infinity;

  add(key: number, value: number): void {
    this.reserve(key, key);
    (this.counts[key - this.base] as number) += value;
  }

  /** Adds `n` little-endian doubles found at `at` in `buf`, the first for `key`. */
  addRun(key: number, buf: Buffer, at: number, n: number): void {
    if (n === 0) return;
    this.reserve(key, key + n - 1);
    const counts = this.counts;
    const from = key - this.base;
    for (let i = 0; i < n; i++)
      counts[from + i] = (counts[from + i] as number) + buf.readDoubleLE(at + i * 8);
  }

  whole(): boolean {
    for (let k = this.min; k <= this.max; k++)
      if (!Number.isInteger(this.counts[k - this.base])) return false;
    return true;
  }

  /** zigzag offset, count, then each count as a varint. */
  compact(): Buffer {
    if (this.max < this.min) return Buffer.from([0, 0]);
    const n = this.max - this.min + 1;
    const parts = [varint(this.min >= 0 ? this.min * 2 : -this.min * 2 - 1), varint(n)];
    for (let k = this.min; k <= this.max; k++) parts.push(varint(this.counts[k - this.base] as number));
    return Buffer.concat(parts);
  }

  private reserve(lo: number, hi: number): void {
    if (lo >= this.base && hi < this.base + this.counts.length) {
      if (lo < this.min) this.min = lo;
      if (hi > this.max) this.max = hi;
      return;
    }
    const min = Math.min(lo, this.min);
    const max = Math.max(hi, this.max);
    const slack = Math.max(64, (max - min) >> 1);
    const base = min - slack;
    const grown = new Float64Array(max - min + 1 + 2 * slack);
    if (this.counts.length) grown.set(this.counts, this.base - base);
    this.base = base;
    this.counts = grown;
    this.min = min;
    this.max = max;
  }
}

class Reader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated');
      const b = this.buf[this.pos++] as number;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('bad varint');
    }
  }
  sint32(): number {
    const n = this.varint();
    return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
  }
  double(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.pos += 8;
    else if (wire === 2) {
      // Read the length first: `this.pos += this.varint()` would add it to the position before the length.
      const len = this.varint();
      this.pos += len;
    } else if (wire === 5) this.pos += 4;
    else throw new Error(`wire type ${wire}`);
  }
}

/** `readCompact` for DDSketch's protobuf form. */
function readSketch(
  buf: Buffer,
  positive: Bins,
  negative: Bins,
  zero: { count: number },
  expected?: Buffer,
): Buffer | undefined {
  let mapping: Buffer | undefined;
  const runs: [Bins, number, number, number][] = [];
  const singles: [Bins, number, number][] = [];
  let zeros = 0;
  try {
    const r = new Reader(buf);
    while (r.pos < r.end) {
      const tag = r.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 1 && wire === 2) {
        const len = r.varint();
        mapping = buf.subarray(r.pos, r.pos + len);
        r.pos += len;
      } else if ((field === 2 || field === 3) && wire === 2) {
        const len = r.varint();
        readStore(new Reader(buf, r.pos, r.pos + len), field === 2 ? positive : negative, runs, singles);
        r.pos += len;
      } else if (field === 4 && wire === 1) zeros += r.double();
      else r.skip(wire);
    }
  } catch {
    return undefined;
  }
  if (!mapping || (expected && !expected.equals(mapping))) return undefined;
  for (const [bins, key, at, n] of runs) bins.addRun(key, buf, at, n);
  for (const [bins, key, value] of singles) bins.add(key, value);
  zero.count += zeros;
  return mapping;
}

function readStore(
  r: Reader,
  bins: Bins,
  runs: [Bins, number, number, number][],
  singles: [Bins, number, number][],
): void {
  let at = -1;
  let n = 0;
  let offset = 0;
  while (r.pos < r.end) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 2 && wire === 2) {
      const len = r.varint();
      if (len % 8 !== 0 || r.pos + len > r.end) throw new Error('bad packed doubles');
      at = r.pos;
      n = len / 8;
      r.pos += len;
    } else if (field === 3 && wire === 0) offset = r.sint32();
    else if (field === 1 && wire === 2) {
      const len = r.varint();
      const end = r.pos + len;
      let key = 0;
      let value = 0;
      while (r.pos < end) {
        const t = r.varint();
        if (t === 8) key = r.sint32();
        else if (t === 17) value = r.double();
        else r.skip(t & 7);
      }
      singles.push([bins, key, value]);
    } else throw new Error(`unexpected field ${field}`);
  }
  if (at >= 0) runs.push([bins, offset, at, n]);
}

function writeSketch(mapping: Buffer, positive: Bins, negative: Bins, zero: number): Uint8Array {
  // The library reads both stores, even empty ones.
  const parts: Buffer[] = [field(1, mapping), field(2, store(positive)), field(3, store(negative))];
  if (zero) {
    const z = Buffer.alloc(9);
    z[0] = (4 << 3) | 1;
    z.writeDoubleLE(zero, 1);
    parts.push(z);
  }
  return Buffer.concat(parts);
}

function store(bins: Bins): Buffer {
  if (bins.max < bins.min) return Buffer.alloc(0);
  const from = bins.min - bins.base;
  const n = bins.max - bins.min + 1;
  const counts = Buffer.alloc(n * 8);
  for (let i = 0; i < n; i++) counts.writeDoubleLE(bins.counts[from + i] as number, i * 8);
  const min = bins.min;
  const zigzag = min >= 0 ? min * 2 : -min * 2 - 1;
  return Buffer.concat([field(2, counts), Buffer.from([3 << 3]), varint(zigzag)]);
}

function field(n: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(n << 3) | 2]), varint(bytes.length), bytes]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = n;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Buffer.from(out);
}
