import { DDSketch } from '@datadog/sketches-js';
import { describe, expect, it } from 'vitest';
import { LatencySketch } from './sketch.js';

describe('LatencySketch against sketches-js', () => {
  it('answers every quantile exactly as DDSketch does, for the same durations', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 4294967296;
    for (const spread of [1, 50, 5_000, 600_000]) {
      const ours = LatencySketch.create();
      const theirs = new DDSketch({ relativeAccuracy: 0.01 });
      for (let i = 0; i < 3_000; i++) {
        const ms = random() ** 3 * spread + (i % 7 === 0 ? 0 : 0.001);
        ours.add(ms);
        theirs.accept(Math.max(ms, 0.001));
      }
      expect(ours.count).toBe(theirs.count);
      for (const q of [0, 0.001, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1])
        expect(ours.quantile(q), `q ${q} over ${spread} ms`).toBe(theirs.getValueAtQuantile(q));
    }
  });
});

describe('LatencySketch', () => {
  it('answers quantiles within 1 % and survives encoding', () => {
    const sketch = LatencySketch.create();
    for (let ms = 1; ms <= 10_000; ms++) sketch.add(ms);
    const copy = LatencySketch.decode(sketch.encode());
    for (const [q, exact] of [
      [0.5, 5000],
      [0.95, 9500],
      [0.99, 9900],
    ] as const) {
      expect(Math.abs((copy.quantile(q) as number) - exact) / exact).toBeLessThan(0.011);
    }
    expect(copy.count).toBe(10_000);
  });

  it('merges exactly: two halves merged equal the whole', () => {
    const whole = LatencySketch.create();
    const a = LatencySketch.create();
    const b = LatencySketch.create();
    for (let i = 0; i < 5000; i++) {
      const ms = Math.exp((i % 97) / 10);
      whole.add(ms);
      (i % 2 ? a : b).add(ms);
    }
    const merged = LatencySketch.decode(a.encode());
    merged.merge(LatencySketch.decode(b.encode()));
    // Same buckets, same counts: the quantiles agree but for float rounding in turning a bucket into a value.
    for (const q of [0.1, 0.5, 0.9, 0.99]) {
      const exact = whole.quantile(q) as number;
      expect(Math.abs((merged.quantile(q) as number) - exact) / exact).toBeLessThan(1e-12);
    }
    expect(merged.count).toBe(whole.count);
    expect(LatencySketch.create().quantile(0.5)).toBeUndefined();
  });
});

describe('LatencySketch.mergeEncoded', () => {
  it('equals decoding and merging one by one, for many sketches of different shapes', () => {
    const encoded: string[] = [];
    const slow = LatencySketch.create();
    for (let s = 0; s < 40; s++) {
      const one = LatencySketch.create();
      // Narrow and wide ranges, sub-millisecond and multi-second, so the bin offsets differ.
      for (let i = 0; i < 50 + s * 7; i++) one.add(((i * 37) % 1000) / (s % 3 === 0 ? 997 : 3) + s);
      encoded.push(one.encode());
      slow.merge(LatencySketch.decode(one.encode()));
    }
    const fast = LatencySketch.mergeEncoded(encoded);
    expect(fast.count).toBe(slow.count);
    for (const q of [0, 0.1, 0.5, 0.9, 0.95, 0.99, 1])
      expect(fast.quantile(q)).toBeCloseTo(slow.quantile(q) as number, 9);
  });

  it('a corrupt sketch is an error, never silently left out', () => {
    const a = LatencySketch.create();
    a.add(5);
    expect(() => LatencySketch.mergeEncoded([a.encode(), 'not a sketch'])).toThrow();
  });
});

describe('the stored form', () => {
  it('is compact, and sketches stored by earlier versions (protobuf) still decode and merge', () => {
    const a = LatencySketch.create();
    for (let i = 0; i < 5000; i++) a.add(1 + (i % 500));
    const legacy = new DDSketch({ relativeAccuracy: 0.01 });
    for (let i = 0; i < 5000; i++) legacy.accept(1 + (i % 500));
    const proto = Buffer.from(legacy.toProto()).toString('base64');
    const compact = a.encode();
    expect(compact.length * 3).toBeLessThan(proto.length);
    for (const encoded of [compact, proto]) {
      const back = LatencySketch.decode(encoded);
      expect(back.count).toBe(5000);
      expect(back.quantile(0.99)).toBeCloseTo(a.quantile(0.99) as number, 9);
    }
    const both = LatencySketch.mergeEncoded([compact, proto, compact]);
    expect(both.count).toBe(15_000);
    expect(both.quantile(0.5)).toBeCloseTo(a.quantile(0.5) as number, 9);
  });
});
