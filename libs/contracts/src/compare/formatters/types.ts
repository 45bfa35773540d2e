import type { Comparison } from '../types.js';

/** What a report names: the two files compared. */
export interface ReportSubject {
  pactFile: string;
  specFile: string;
}

export type ComparisonFormatter = (comparison: Comparison, subject: ReportSubject) => string;
