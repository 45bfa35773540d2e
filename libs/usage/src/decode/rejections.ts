/** Counts spans dropped for bad data and keeps the first reason, for OTLP partial success. */
export class Rejections {
  count = 0;
  private first: string | undefined;

  add(where: string, reason: string): void {
    if (this.count++ === 0) this.first = `${where}: ${reason}`;
  }

  message(): string | undefined {
    if (this.count === 0) return undefined;
    const more = this.count > 1 ? ` (and ${this.count - 1} more rejected)` : '';
    return `rejected ${this.first}${more}`;
  }
}

export const nanosPerMs = 1e6;

/** Why a span's times are unusable, or undefined when they are fine. Times are Unix milliseconds. */
export function timeProblem(
  startMs: number,
  endMs: number,
  endBeforeStart: boolean,
  minTimeUnixMs: number,
  maxTimeUnixMs: number,
): string | undefined {
  if (endBeforeStart) return 'end time is before start time';
  if (startMs < minTimeUnixMs) return `start time ${isoOrRaw(startMs)} is before ${isoOrRaw(minTimeUnixMs)}`;
  if (endMs > maxTimeUnixMs) return `end time ${isoOrRaw(endMs)} is after ${isoOrRaw(maxTimeUnixMs)}`;
  return undefined;
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? `${ms} ms` : date.toISOString();
}
