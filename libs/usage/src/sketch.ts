import { DDSketch } from '@datadog/sketches-js';
import { ByteReader, ByteWriter } from './bytes.js';

/** 1 % relative accuracy: p99 of 200 ms is reported between 198 and 202 ms, whatever the traffic. */
const RELATIVE_ACCURACY = 0.01;

// DDSketch's logarithmic mapping (sketches-js `LogarithmicMapping`, index offset 0), computed the same way to the
// last bit, so keys and quantiles equal the library's and sketches stored by earlier versions merge with new ones.
const GAMMA_MANTISSA = (2 * RELATIVE_ACCURACY) / (1 - RELATIVE_ACCURACY);
const GAMMA = 1 + GAMMA_MANTISSA;
const MULTIPLIER = (1 / Math.log1p(GAMMA_MANTISSA)) * Math.log(2);
const keyOf = (value: number) => Math.ceil(Math.log2(value) * MULTIPLIER);
const valueOf = (key: number) => Math.pow(2, key / MULTIPLIER) * (2 / (1 + GAMMA));

/** The mapping as DDSketch's protobuf writes it: part of every stored sketch, compared byte for byte. */
const MAPPING = mappingOf(Buffer.from(new DDSketch({ relativeAccuracy: RELATIVE_ACCURACY }).toProto()));

/**
 * Request durations (ms) as a DDSketch: quantiles within 1 % relative error, and sketches merge exactly — across
 * collectors, minutes, hours and days — because they share one logarithmic bucket mapping. The bins are kept here,
 * in one typed array, rather than in sketches-js's objects: adding a duration is a logarithm and an increment, and
 * writing a sketch needs no protobuf round trip.
 */
export class LatencySketch {
  private readonly positive = new Bins();
  private readonly negative = new Bins();
  private zero = 0;

  static create(): LatencySketch {
    return new LatencySketch();
  }

  /** From `encode()`'s output, or DDSketch's own protobuf encoding (base64), as earlier versions stored. */
  static decode(encoded: string): LatencySketch {
    const sketch = new LatencySketch();
    if (!sketch.read(Buffer.from(encoded, 'base64')))
      throw new Error('Failed to decode a latency sketch (corrupt, or another mapping)');
    return sketch;
  }

  /** From `bytes()`'s output. */
  static fromBytes(bytes: Uint8Array): LatencySketch {
    const sketch = new LatencySketch();
    if (!sketch.read(bytes))
      throw new Error('Failed to decode a latency sketch (corrupt, or another mapping)');
    return sketch;
  }

  /** Many encoded sketches merged into one, their bins added straight from the bytes. A corrupt one throws. */
  static mergeEncoded(encoded: readonly string[]): LatencySketch {
    const merged = new LatencySketch();
    for (const text of encoded)
      if (!merged.read(Buffer.from(text, 'base64')))
        throw new Error('Failed to decode a latency sketch (corrupt, or another mapping)');
    return merged;
  }

  get count(): number {
    return this.negative.total + this.zero + this.positive.total;
  }

  add(durationMs: number): void {
    // Zero-length spans (clock resolution) are kept as the smallest measurable duration, not dropped.
    const value = durationMs > 0.001 ? durationMs : 0.001;
    this.positive.add(keyOf(value), 1);
  }

  merge(other: LatencySketch): void {
    this.positive.addAll(other.positive);
    this.negative.addAll(other.negative);
    this.zero += other.zero;
  }

  /** The duration at quantile `q` (0–1), or undefined when empty; DDSketch's `getValueAtQuantile`. */
  quantile(q: number): number | undefined {
    const count = this.count;
    if (count === 0 || q < 0 || q > 1) return undefined;
    const rank = q * (count - 1);
    const negatives = this.negative.total;
    if (rank < negatives) return -valueOf(this.negative.keyAtRank(negatives - rank - 1, false));
    if (rank < this.zero + negatives) return 0;
    return valueOf(this.positive.keyAtRank(rank - this.zero - negatives, true));
  }

  /**
   * Base64 of a compact form: the bin counts of a latency sketch are whole numbers, so they are written as varints
   * rather than the protobuf's 8-byte doubles — about a quarter of the size, which is what a month's report reads.
   * A sketch with fractional counts (only ever read from elsewhere) keeps the protobuf form.
   */
  encode(): string {
    return Buffer.from(this.bytes()).toString('base64');
  }

  /** The stored form's bytes, unencoded. */
  bytes(): Uint8Array {
    if (!this.positive.whole() || !this.negative.whole() || !Number.isInteger(this.zero))
      return writeProtobuf(this.positive, this.negative, this.zero);
    const out = new ByteWriter(16 + MAPPING.length + (this.positive.max - this.positive.min + 1));
    this.write(out);
    return out.finish();
  }

  private write(out: ByteWriter): void {
    out.byte(COMPACT);
    out.varint(MAPPING.length);
    out.bytes(MAPPING);
    out.varint(this.zero);
    this.positive.writeCompact(out);
    this.negative.writeCompact(out);
  }

  /** Adds a stored sketch's bins (either form); false, with nothing added, when it cannot be read. */
  private read(buf: Uint8Array): boolean {
    if (buf[0] === COMPACT) {
      const compact = readCompact(buf);
      if (!compact) return false;
      this.zero += compact.zero;
      this.positive.addVarints(compact.positive);
      this.negative.addVarints(compact.negative);
      return true;
    }
    const proto = readProtobuf(Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength));
    if (!proto) return false;
    for (const [store, key, at, n] of proto.runs)
      (store === 2 ? this.positive : this.negative).addDoubles(key, proto.buf, at, n);
    for (const [store, key, value] of proto.singles)
      (store === 2 ? this.positive : this.negative).add(key, value);
    this.zero += proto.zero;
    return true;
  }
}

/** First byte of the compact form; a protobuf DDSketch starts with 0x0a (field 1, length-delimited). */
const COMPACT = 0xc1;

/** Where one store's varint counts lie in a compact sketch, read in a first pass before anything is added. */
interface PendingStore {
  offset: number;
  n: number;
  reader: ByteReader;
  start: number;
}

/** A compact sketch's zero count and where its stores lie; undefined when unreadable or of another mapping. */
function readCompact(
  buf: Uint8Array,
): { zero: number; positive: PendingStore; negative: PendingStore } | undefined {
  try {
    const r = new ByteReader(buf, 1);
    const mapping = r.bytes(r.varint());
    if (!sameBytes(mapping, MAPPING)) return undefined;
    const zero = r.varint();
    const stores: PendingStore[] = [];
    for (let s = 0; s < 2; s++) {
      const offset = r.zigzag();
      const n = r.varint();
      if (n > buf.length) return undefined;
      const start = r.pos;
      if (!r.skipVarints(n)) return undefined;
      stores.push({ offset, n, reader: r, start });
    }
    if (!r.done) return undefined;
    return { zero, positive: stores[0] as PendingStore, negative: stores[1] as PendingStore };
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
  total = 0;

  add(key: number, value: number): void {
    const i = key - this.base;
    if (i < 0 || i >= this.counts.length) this.reserve(key, key);
    this.counts[key - this.base] = (this.counts[key - this.base] as number) + value;
    if (key < this.min) this.min = key;
    if (key > this.max) this.max = key;
    this.total += value;
  }

  addAll(other: Bins): void {
    if (other.max < other.min) return;
    this.reserve(other.min, other.max);
    for (let k = other.min; k <= other.max; k++) {
      const c = other.counts[k - other.base] as number;
      if (c !== 0) this.counts[k - this.base] = (this.counts[k - this.base] as number) + c;
    }
    this.total += other.total;
  }

  /** Adds `n` varint counts read from a compact store, the first for key `offset`. */
  addVarints(store: PendingStore): void {
    if (store.n === 0) return;
    const r = store.reader;
    const resume = r.pos;
    r.pos = store.start;
    this.reserve(store.offset, store.offset + store.n - 1);
    const from = store.offset - this.base;
    for (let i = 0; i < store.n; i++) {
      const c = r.varint();
      if (c !== 0) {
        this.counts[from + i] = (this.counts[from + i] as number) + c;
        this.total += c;
      }
    }
    r.pos = resume;
  }

  /** Adds `n` little-endian doubles found at `at` in `buf`, the first for `key`. */
  addDoubles(key: number, buf: Buffer, at: number, n: number): void {
    if (n === 0) return;
    this.reserve(key, key + n - 1);
    for (let i = 0; i < n; i++) {
      const c = buf.readDoubleLE(at + i * 8);
      this.counts[key - this.base + i] = (this.counts[key - this.base + i] as number) + c;
      this.total += c;
    }
  }

  /** DDSketch's DenseStore.keyAtRank over the bins from `min` to `max`. */
  keyAtRank(rank: number, lower: boolean): number {
    let running = 0;
    for (let k = this.min; k <= this.max; k++) {
      running += this.counts[k - this.base] as number;
      if (lower ? running > rank : running >= rank + 1) return k;
    }
    return this.max;
  }

  whole(): boolean {
    for (let k = this.min; k <= this.max; k++)
      if (!Number.isInteger(this.counts[k - this.base])) return false;
    return true;
  }

  /** zigzag offset, count, then each count as a varint (the empty store as offset 0, count 0). */
  writeCompact(out: ByteWriter): void {
    if (this.max < this.min) {
      out.varint(0);
      out.varint(0);
      return;
    }
    out.zigzag(this.min);
    out.varint(this.max - this.min + 1);
    for (let k = this.min; k <= this.max; k++) out.varint(this.counts[k - this.base] as number);
  }

  /** Makes room for keys lo..hi (and widens min/max to them). */
  private reserve(lo: number, hi: number): void {
    if (lo < this.min) this.min = lo;
    if (hi > this.max) this.max = hi;
    if (this.min - this.base >= 0 && this.max - this.base < this.counts.length) return;
    const slack = Math.max(32, (this.max - this.min) >> 1);
    const base = this.min - slack;
    const grown = new Float64Array(this.max - this.min + 1 + 2 * slack);
    if (this.counts.length) grown.set(this.counts, this.base - base);
    this.base = base;
    this.counts = grown;
  }
}

// The DDSketch protobuf (sketches-js `proto/compiled`): DDSketch { 1 mapping: IndexMapping, 2 positiveValues: Store,
// 3 negativeValues: Store, 4 zeroCount: double }; Store { 1 binCounts: map<sint32, double>, 2 contiguousBinCounts:
// packed double, 3 contiguousBinIndexOffset: sint32 }.

interface ProtobufSketch {
  buf: Buffer;
  mapping: Uint8Array;
  /** [store field, first key, byte offset of packed doubles, how many] */
  runs: [number, number, number, number][];
  /** [store field, key, count] */
  singles: [number, number, number][];
  zero: number;
}

function mappingOf(proto: Buffer): Uint8Array {
  const read = readProtobuf(proto, false);
  if (!read) throw new Error('sketches-js wrote a sketch this module cannot read');
  return Uint8Array.from(read.mapping);
}

/** A protobuf DDSketch, read without adding anything yet; undefined when unreadable or of another mapping. */
function readProtobuf(buf: Buffer, checkMapping = true): ProtobufSketch | undefined {
  const out: ProtobufSketch = { buf, mapping: new Uint8Array(0), runs: [], singles: [], zero: 0 };
  let mapping: Uint8Array | undefined;
  try {
    const r = new ByteReader(buf);
    while (!r.done) {
      const tag = r.varint();
      const field = Math.floor(tag / 8);
      const wire = tag & 7;
      if (field === 1 && wire === 2) mapping = r.bytes(r.varint());
      else if ((field === 2 || field === 3) && wire === 2) {
        const len = r.varint();
        readStore(new ByteReader(buf, r.pos, r.pos + len), buf, field, out);
        r.pos += len;
      } else if (field === 4 && wire === 1) {
        out.zero += buf.readDoubleLE(r.bytes(8).byteOffset - buf.byteOffset);
      } else skip(r, wire);
    }
  } catch {
    return undefined;
  }
  if (!mapping || (checkMapping && !sameBytes(mapping, MAPPING))) return undefined;
  out.mapping = mapping;
  return out;
}

function readStore(r: ByteReader, buf: Buffer, store: number, out: ProtobufSketch): void {
  let at = -1;
  let n = 0;
  let offset = 0;
  while (!r.done) {
    const tag = r.varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    if (field === 2 && wire === 2) {
      const len = r.varint();
      if (len % 8 !== 0 || r.pos + len > r.end) throw new Error('bad packed doubles');
      at = r.pos;
      n = len / 8;
      r.pos += len;
    } else if (field === 3 && wire === 0) offset = r.zigzag();
    else if (field === 1 && wire === 2) {
      const end = r.pos + r.varint();
      let key = 0;
      let value = 0;
      while (r.pos < end) {
        const t = r.varint();
        if (t === 8) key = r.zigzag();
        else if (t === 17) value = buf.readDoubleLE(r.bytes(8).byteOffset - buf.byteOffset);
        else skip(r, t & 7);
      }
      out.singles.push([store, key, value]);
    } else throw new Error(`unexpected field ${field}`);
  }
  if (at >= 0) out.runs.push([store, offset, at, n]);
}

function skip(r: ByteReader, wire: number): void {
  if (wire === 0) r.varint();
  else if (wire === 1) r.bytes(8);
  else if (wire === 2) r.bytes(r.varint());
  else if (wire === 5) r.bytes(4);
  else throw new Error(`wire type ${wire}`);
}

/** DDSketch's protobuf form, for the rare sketch whose counts are not whole. */
function writeProtobuf(positive: Bins, negative: Bins, zero: number): Uint8Array {
  const out = new ByteWriter();
  out.byte((1 << 3) | 2);
  out.varint(MAPPING.length);
  out.bytes(MAPPING);
  for (const [field, bins] of [
    [2, positive],
    [3, negative],
  ] as const) {
    const store = new ByteWriter();
    if (bins.max >= bins.min) {
      const n = bins.max - bins.min + 1;
      const doubles = Buffer.alloc(n * 8);
      for (let i = 0; i < n; i++)
        doubles.writeDoubleLE(bins.counts[bins.min - bins.base + i] as number, i * 8);
      store.byte((2 << 3) | 2);
      store.varint(doubles.length);
      store.bytes(doubles);
      store.byte(3 << 3);
      store.zigzag(bins.min);
    }
    const bytes = store.finish();
    out.byte((field << 3) | 2);
    out.varint(bytes.length);
    out.bytes(bytes);
  }
  if (zero) {
    const z = Buffer.alloc(8);
    z.writeDoubleLE(zero);
    out.byte((4 << 3) | 1);
    out.bytes(z);
  }
  return out.finish();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
