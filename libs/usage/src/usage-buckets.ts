// Time buckets of the usage tables: minute, hour and day rows, and how a range is read from them.

export type Resolution = 'minute' | 'hour' | 'day';
export const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day'];
export const BUCKET_MS: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

export const iso = (ms: number) => new Date(ms).toISOString();
export const bucketOf = (ms: number, r: Resolution) => Math.floor(ms / BUCKET_MS[r]) * BUCKET_MS[r];

const COARSER: Partial<Record<Resolution, Resolution>> = { minute: 'hour', hour: 'day' };

/** [lo, hi) as the fewest buckets: `resolution` at the ragged ends, whole hours and days from coarser rows. */
export function countPlan(resolution: Resolution, lo: number, hi: number): [Resolution, number, number][] {
  const coarser = COARSER[resolution];
  if (!coarser) return [[resolution, lo, hi]];
  const step = BUCKET_MS[coarser];
  const start = Math.ceil(lo / step) * step;
  const end = Math.floor(hi / step) * step;
  if (end <= start) return [[resolution, lo, hi]];
  return [
    ...(lo < start ? [[resolution, lo, start] as [Resolution, number, number]] : []),
    ...countPlan(coarser, start, end),
    ...(end < hi ? [[resolution, end, hi] as [Resolution, number, number]] : []),
  ];
}
