import type { SourceLocation } from '@interlock/openapi';

/** `error` breaks a client, `warning` may break one, `info` does not. */
export type Level = 'error' | 'warning' | 'info';

export const LEVEL_RANK: Readonly<Record<Level, number>> = { info: 0, warning: 1, error: 2 };

/** One side of a change: where the changed node is in the bundled document, and where it was written. */
export interface ChangeSide {
  /** JSON pointer into the bundled document. */
  pointer: string;
  /** Where the node was written (file, line, column, and the pointer inside that file), when it exists on that side. */
  location?: SourceLocation;
}

/** One difference between two versions of an API. */
export interface Change {
  /** The check's stable id (oasdiff's where oasdiff has the same check). */
  id: string;
  level: Level;
  /** Upper-case HTTP method; null for changes outside operations. */
  operation: string | null;
  /** Path template as written in the revision (or the base, for removed paths); null outside operations. */
  path: string | null;
  message: string;
  /** Stable across line moves: the id, the operation and the normalised place of the change. */
  fingerprint: string;
  base?: ChangeSide;
  revision?: ChangeSide;
}

export interface DiffOptions {
  /** Minimum days between deprecation and sunset for beta operations (0 = no minimum). */
  deprecationDaysBeta?: number;
  /** Minimum days between deprecation and sunset for stable operations (0 = no minimum). */
  deprecationDaysStable?: number;
  /** Operations below this `x-stability-level` are left out. Default `beta` (draft and alpha may change freely). */
  stabilityLevel?: 'draft' | 'alpha' | 'beta' | 'stable';
  /** Level per check id, overriding the defaults; `off` drops the check. */
  levels?: Record<string, Level | 'off'>;
  /** Fingerprints of changes accepted on purpose: they are left out. */
  accept?: Iterable<string>;
  /** Today, for sunset dates (tests pin it). Default: the current date. */
  today?: Date;
}
