import type { Finding } from '../types.js';

export interface FormatOptions {
  /** File names are printed relative to this folder. */
  cwd: string;
}

/** A formatter turns findings into the text of one output format; pure, no I/O. */
export type Formatter = (findings: readonly Finding[], options: FormatOptions) => string;
