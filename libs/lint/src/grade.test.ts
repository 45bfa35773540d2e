import { describe, expect, it } from 'vitest';
import { countSeverities, gradeOf, type Grade, type SeverityCounts } from './grade.js';
import type { Finding, Severity } from './types.js';

const counts = (partial: Partial<SeverityCounts>): SeverityCounts => ({
  error: 0,
  warn: 0,
  info: 0,
  hint: 0,
  ...partial,
});

describe('gradeOf', () => {
  it.each<[string, Partial<SeverityCounts>, number, Grade]>([
    ['no findings', {}, 10, 'A'],
    ['hints only: they cost nothing', { hint: 500 }, 1, 'A'],
    ['one warning per 6 operations (0.5 points each)', { warn: 1 }, 6, 'A'],
    ['one warning per 5 operations', { warn: 2 }, 10, 'B'],
    ['one error in 100 operations: never A', { error: 1 }, 100, 'B'],
    ['two points per operation', { warn: 2, info: 4 }, 5, 'B'],
    ['one error per 2 operations', { error: 5 }, 10, 'C'],
    ['five points per operation', { error: 1, warn: 10, info: 10 }, 10, 'C'],
    ['one error per operation', { error: 10 }, 10, 'D'],
    ['ten points per operation', { error: 5, warn: 10, info: 20 }, 10, 'D'],
    ['more than one error per operation', { error: 11 }, 10, 'F'],
    ['a spec without operations is judged as one operation', { error: 1 }, 0, 'D'],
    ['two errors in a spec without operations', { error: 2 }, 0, 'F'],
  ])('%s', (_name, partial, operations, grade) => {
    expect(gradeOf(counts(partial), operations)).toBe(grade);
  });
});

describe('countSeverities', () => {
  it('counts findings per severity', () => {
    const finding = (severity: Severity) => ({ severity }) as Finding;
    expect(countSeverities(['warn', 'error', 'warn', 'hint'].map((s) => finding(s as Severity)))).toEqual({
      error: 1,
      warn: 2,
      info: 0,
      hint: 1,
    });
  });
});
