/** How much a finding matters; `error` fails CI by default. Spectral's numeric levels are 0 (error) to 3 (hint). */
export type Severity = 'error' | 'warn' | 'info' | 'hint';

export const SEVERITIES: readonly Severity[] = ['error', 'warn', 'info', 'hint'];

/** A zero-based position, as Spectral reports it (line 0 is the first line). */
export interface Position {
  line: number;
  character: number;
}

/** One rule violation (or a file that could not be read, parsed or linted in time). */
export interface Finding {
  /** The rule id (`operation-summary`), or `parser`, `invalid-ref`, `lint-timeout`, `lint-failed`. */
  code: string;
  message: string;
  severity: Severity;
  /** JSON path to the offending value in the document (empty for document-wide findings). */
  path: (string | number)[];
  /** Absolute path of the file the range points into (a `$ref`'d file for multi-file specs). */
  source: string;
  range: { start: Position; end: Position };
  /** sha256 of the rule, the file (relative to the lint root) and the JSON pointer: stable across edits elsewhere. */
  fingerprint: string;
  documentationUrl?: string;
}

/** What linting one spec gave. */
export interface FileLint {
  file: string;
  findings: Finding[];
  /** true when the findings came from the content-hash cache. */
  cached: boolean;
  /** true when linting took longer than the time limit (the findings then hold one `lint-timeout`). */
  timedOut: boolean;
  durationMs: number;
}

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function severityFromSpectral(level: number): Severity {
  return SEVERITIES[level] ?? 'hint';
}

export function severityToSpectral(severity: Severity): number {
  return severityRank(severity);
}
