import { describe, expect, it } from 'vitest';
import { overLimit } from './limits.js';

describe('overLimit', () => {
  it.each([
    [53_407_812, 50 * 1024 * 1024, '50.9 MiB, more than the 50 MiB limit'],
    // 50.00002 MiB would round to the limit itself: rounded up instead
    [50 * 1024 * 1024 + 10, 50 * 1024 * 1024, '50.1 MiB, more than the 50 MiB limit'],
    [307_400, 256 * 1024, '300.2 KiB, more than the 256 KiB limit'],
    [6e9, 5 * 1024 ** 3, '5.6 GiB, more than the 5 GiB limit'],
    [2061, 1000, '2,061 bytes, more than the 1,000-byte limit'],
  ])('%d bytes over a limit of %d: %s', (size, limit, text) => {
    expect(overLimit(size, limit)).toBe(text);
  });
});
