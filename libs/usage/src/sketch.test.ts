import { describe, expect, it } from 'vitest';
import { LatencySketch } from './sketch.js';

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
