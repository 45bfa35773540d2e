import { describe, expect, it } from 'vitest';
import { percentile, table } from './corpus.js';

describe('the figures a benchmark prints', () => {
  it('takes percentiles by nearest rank', () => {
    const times = Array.from({ length: 200 }, (_, i) => i + 1);
    expect([percentile(times, 50), percentile(times, 95), percentile(times, 100)]).toEqual([100, 190, 200]);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('lines up a table, large numbers grouped and small ones to two decimals', () => {
    expect(
      table([
        ['figure', 'Interlock'],
        ['specs', 2639],
        ['seconds', 19.314],
      ]).split('\n'),
    ).toEqual([
      '| figure  | Interlock |',
      '|---------|-----------|',
      '| specs   | 2,639     |',
      '| seconds | 19.31     |',
    ]);
  });
});
