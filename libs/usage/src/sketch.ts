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

  /** From `encode()`'s output (DDSketch's own protobuf encoding, base64). */
  static decode(encoded: string): LatencySketch {
    return new LatencySketch(DDSketch.fromProto(Buffer.from(encoded, 'base64')) as DDSketch);
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

  encode(): string {
    return Buffer.from(this.sketch.toProto()).toString('base64');
  }
}
