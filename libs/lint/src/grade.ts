import { SEVERITIES, type Finding, type Severity } from './types.js';

/** A spec's design quality at a glance, from A (clean) to F (many errors for its size). */
export type Grade = 'A' | 'B' | 'C' | 'D' | 'F';

export const GRADES: readonly Grade[] = ['A', 'B', 'C', 'D', 'F'];

export type SeverityCounts = Record<Severity, number>;

/** Points per finding of each severity: an error costs ten times an info, hints cost nothing. */
export const GRADE_WEIGHTS: Readonly<SeverityCounts> = { error: 10, warn: 3, info: 1, hint: 0 };

/** The most points per operation each grade allows; above D's limit the grade is F. A also allows no error. */
export const GRADE_LIMITS: readonly (readonly [Grade, number])[] = [
  ['A', 0.5],
  ['B', 2],
  ['C', 5],
  ['D', 10],
];

export function countSeverities(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { error: 0, warn: 0, info: 0, hint: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/**
 * The grade of a spec with these findings and this many operations (see the README): the findings' points divided
 * by the operations (at least 1, so a spec without operations is judged as one), against GRADE_LIMITS.
 */
export function gradeOf(counts: SeverityCounts, operationCount: number): Grade {
  const points = SEVERITIES.reduce((sum, severity) => sum + counts[severity] * GRADE_WEIGHTS[severity], 0);
  const perOperation = points / Math.max(1, operationCount);
  for (const [grade, limit] of GRADE_LIMITS)
    if (perOperation <= limit && (grade !== 'A' || counts.error === 0)) return grade;
  return 'F';
}
