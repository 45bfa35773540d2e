import type { FindingCode, FindingLevel } from './codes.js';

/** Where in the pact a finding points. */
export interface PactLocation {
  /** The path in the form openapi-pact-comparator reports: `[root].interactions[0].request.headers.accept`. */
  location: string;
  /** The same as a JSON pointer into the pact file: `/interactions/0/request/headers/accept`. */
  pointer: string;
  /** The pact's value there, when there is one. */
  value?: unknown;
}

/** Where in the spec a finding points: a JSON pointer into the bundled document, and where it was written. */
export interface SpecLocation {
  pointer: string;
  file?: string;
  line?: number;
  column?: number;
  /** The operation concerned (`GET /pets/{id}`), once the request matched one. */
  operation?: string;
}

export interface Finding {
  code: FindingCode;
  level: FindingLevel;
  message: string;
  interaction: { index: number; description: string; providerState?: string };
  pact: PactLocation;
  spec: SpecLocation;
}

export interface Comparison {
  /** True when no finding is an error (warnings do not make a pact incompatible). */
  compatible: boolean;
  findings: Finding[];
  /** How many HTTP interactions were compared, and the indexes of those skipped (messages). */
  interactions: number;
  skipped: number[];
}

export interface CompareOptions {
  /**
   * A prefix the pact's paths carry in front of the spec's paths, besides the servers' base paths. Default: the
   * spec's `info.x-opc-config-base-path` when present.
   */
  basePath?: string;
  /** Match paths case-insensitively. Default: the spec's `info.x-opc-config-case-insensitive`, else false. */
  caseInsensitive?: boolean;
}
