import { fileURLToPath } from 'node:url';
import { prepareFile } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageService } from './ingest.js';
import { span } from './test-support/spans.js';
import { BUCKET_MS, countPlan, type Resolution } from './usage-store.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.UTC(2026, 10, 20, 0, 0, 0);

describe('countPlan', () => {
  it('reads whole days and hours from coarser rows, the ragged ends at the asked resolution', () => {
    const lo = T0 + 5 * HOUR;
    const hi = T0 + 3 * DAY + 7 * HOUR + 30 * 60_000;
    expect(countPlan('hour', lo, hi)).toEqual([
      ['hour', lo, T0 + DAY],
      ['day', T0 + DAY, T0 + 3 * DAY],
      ['hour', T0 + 3 * DAY, hi],
    ]);
    expect(countPlan('minute', T0 + 90_000, T0 + HOUR - 60_000)).toEqual([
      ['minute', T0 + 90_000, T0 + HOUR - 60_000],
    ]);
    expect(countPlan('day', T0, T0 + 10 * DAY)).toEqual([['day', T0, T0 + 10 * DAY]]);
  });
});

describe('usage counts over ranges with ragged ends', () => {
  let store: Store;
  let usage: UsageService;
  // One request every 37 minutes for four days: every minute, hour and day row differs.
  const times = Array.from({ length: Math.floor((4 * DAY) / (37 * 60_000)) }, (_, i) => T0 + i * 37 * 60_000);
  beforeAll(async () => {
    store = await createStore({ dataDir: 'memory://' });
    await store.publish(await prepareFile(specs, 'shop.openapi.yaml', 'shop'));
    usage = await UsageService.start(store, { flushIntervalMs: 1 });
    await usage.ingest(
      times.map((t) =>
        span({
          serviceName: 'shop',
          httpMethod: 'POST',
          httpRoute: '/orders',
          httpStatusCode: 201,
          startTimeUnixMs: t,
        }),
      ),
    );
  });
  afterAll(async () => {
    await usage?.close();
    await store?.close();
  });

  it('equal the requests in the buckets that overlap the range', async () => {
    for (const [resolution, from, to] of [
      ['hour', T0 + 5 * HOUR + 10 * 60_000, T0 + 3 * DAY + 7 * HOUR + 30 * 60_000],
      ['hour', T0 + DAY, T0 + 2 * DAY],
      ['minute', T0 + 22 * HOUR + 7 * 60_000, T0 + 2 * DAY + 1 * HOUR + 3 * 60_000],
      ['day', T0 + 12 * HOUR, T0 + 4 * DAY],
    ] as [Resolution, number, number][]) {
      const step = BUCKET_MS[resolution];
      const lo = Math.floor(from / step) * step;
      const expected = times.filter((t) => t >= lo && Math.floor(t / step) * step < to).length;
      const rows = await usage.usage.counts(resolution, from, to, 'shop');
      expect(
        rows.reduce((n, r) => n + r.count, 0),
        `${resolution} ${from}..${to}`,
      ).toBe(expected);
    }
  });
});

describe('countPlan with weeks', () => {
  const WEEK = 7 * DAY;
  // Weeks count from the Unix epoch; T0 (2026-11-20) is 8 days after the start of its week.
  const weekStart = Math.floor(T0 / WEEK) * WEEK;
  it('reads whole weeks inside a range from week rows, days and hours around them', () => {
    const lo = weekStart + 2 * DAY + 5 * HOUR;
    const hi = weekStart + 3 * WEEK + 1 * DAY + 2 * HOUR;
    expect(countPlan('hour', lo, hi)).toEqual([
      ['hour', lo, weekStart + 3 * DAY],
      ['day', weekStart + 3 * DAY, weekStart + WEEK],
      ['week', weekStart + WEEK, weekStart + 3 * WEEK],
      ['day', weekStart + 3 * WEEK, weekStart + 3 * WEEK + DAY],
      ['hour', weekStart + 3 * WEEK + DAY, hi],
    ]);
  });

  it('uses no week before weeksFrom (a store whose older weeks have day rows only)', () => {
    const lo = weekStart;
    const hi = weekStart + 4 * WEEK;
    expect(countPlan('day', lo, hi, weekStart + 2 * WEEK + 3 * DAY)).toEqual([
      ['day', lo, weekStart + 3 * WEEK],
      ['week', weekStart + 3 * WEEK, hi],
    ]);
    expect(countPlan('day', lo, hi, Infinity)).toEqual([['day', lo, hi]]);
  });
});
