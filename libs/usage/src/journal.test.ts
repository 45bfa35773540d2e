import { describe, expect, it } from 'vitest';
import type { UsageBatch } from './aggregate.js';
import { decodeBatch, encodeBatch, JournalMerger } from './journal.js';
import { LatencySketch } from './sketch.js';

const T = Date.UTC(2026, 10, 24, 10, 0, 0);

function batch(scale: number): UsageBatch {
  const durations = LatencySketch.create();
  for (let i = 1; i <= 10 * scale; i++) durations.add(i);
  return {
    spans: 7 * scale,
    cells: [
      {
        apiId: 'shop',
        operationKey: 'GET /orders',
        consumer: 'storefront',
        statusClass: '2xx',
        minute: T,
        count: 5 * scale,
        requestBytes: 0,
        responseBytes: 2 ** 40,
      },
      {
        apiId: 'shop',
        operationKey: 'GET /orders',
        consumer: 'storefront',
        statusClass: '5xx',
        minute: T,
        count: scale,
        requestBytes: 10,
        responseBytes: 0,
      },
      {
        apiId: 'crm',
        operationKey: 'GET /orders',
        consumer: 'ünïcode ✓',
        statusClass: 'none',
        minute: T + 60_000,
        count: scale,
        requestBytes: 1,
        responseBytes: 1,
      },
    ],
    latencies: [{ apiId: 'shop', operationKey: 'GET /orders', minute: T, durations }],
    undocumented: [
      {
        service: 'shop',
        apiId: undefined,
        method: 'GET',
        route: '/x/{id}',
        count: scale,
        firstSeen: T + scale,
        lastSeen: T + 100 * scale,
        example: '/x/1',
      },
    ],
  };
}

const sorted = (b: UsageBatch) => ({
  ...b,
  cells: [...b.cells].sort((x, y) =>
    `${x.apiId}${x.statusClass}`.localeCompare(`${y.apiId}${y.statusClass}`),
  ),
  latencies: b.latencies.map((l) => ({ ...l, durations: [l.durations.count, l.durations.quantile(0.5)] })),
});

describe('the usage journal', () => {
  it('gives back exactly the batch it was given', () => {
    expect(sorted(decodeBatch(encodeBatch(batch(1))))).toEqual(sorted(batch(1)));
  });

  it('adds entries up: counts, bytes, sketches, first and last seen', () => {
    const merger = new JournalMerger();
    merger.add(encodeBatch(batch(1)));
    merger.add(encodeBatch(batch(2)));
    const merged = merger.batch();
    expect(merged.spans).toBe(21);
    expect(merged.cells.find((c) => c.statusClass === '2xx')).toMatchObject({
      count: 15,
      responseBytes: 2 * 2 ** 40,
    });
    expect(merged.latencies[0]?.durations.count).toBe(30);
    expect(merged.undocumented[0]).toMatchObject({ count: 3, firstSeen: T + 1, lastSeen: T + 200 });
  });

  it('refuses a corrupt or truncated entry and adds nothing of it', () => {
    const merger = new JournalMerger();
    merger.add(encodeBatch(batch(1)));
    const good = encodeBatch(batch(1));
    for (const bad of [good.subarray(0, good.length - 3), Uint8Array.of(2, 0), good.subarray(1)])
      expect(() => merger.add(bad)).toThrow();
    expect(merger.batch().spans).toBe(7);
    expect(merger.batch().cells.find((c) => c.statusClass === '2xx')?.count).toBe(5);
  });
});
