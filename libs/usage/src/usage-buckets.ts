// Time buckets of the usage tables (minute, hour, day and week rows) and how a range is read from them.

export type Resolution = 'minute' | 'hour' | 'day' | 'week';
export const RESOLUTIONS: readonly Resolution[] = ['minute', 'hour', 'day', 'week'];
/** Weeks are counted from the Unix epoch (they start on Thursdays, 00:00 UTC): only ever read as sums of days. */
export const BUCKET_MS: Record<Resolution, number> = {
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

export const iso = (ms: number) => new Date(ms).toISOString();
export const bucketOf = (ms: number, r: Resolution) => Math.floor(ms / BUCKET_MS[r]) * BUCKET_MS[r];

const COARSER: Partial<Record<Resolution, Resolution>> = { minute: 'hour', hour: 'day', day: 'week' };

/**
 * [lo, hi) as the fewest buckets: `resolution` at the ragged ends, whole hours, days and weeks from coarser rows
 * (each holds exactly the sum of its finer rows, so the result is the same). Week rows are used only from
 * `weeksFrom` on: before it, a store upgraded from an earlier version has day rows and no week rows.
 */
export function countPlan(
  resolution: Resolution,
  lo: number,
  hi: number,
  weeksFrom = 0,
): [Resolution, number, number][] {
  const coarser = COARSER[resolution];
  if (!coarser) return [[resolution, lo, hi]];
  const step = BUCKET_MS[coarser];
  const start = Math.ceil((coarser === 'week' ? Math.max(lo, weeksFrom) : lo) / step) * step;
  const end = Math.floor(hi / step) * step;
  if (end <= start) return [[resolution, lo, hi]];
  return [
    ...(lo < start ? [[resolution, lo, start] as [Resolution, number, number]] : []),
    ...countPlan(coarser, start, end, weeksFrom),
    ...(end < hi ? [[resolution, end, hi] as [Resolution, number, number]] : []),
  ];
}
