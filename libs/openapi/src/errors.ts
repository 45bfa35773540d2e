import type { SpecErrorCode } from './types.js';

export interface SpecErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  pointer?: string;
  /** What to do about it. */
  hint?: string;
}

/** A spec that cannot be loaded: what was wrong, where, and what to do. */
export class SpecError extends Error {
  override readonly name = 'SpecError';
  readonly code: SpecErrorCode;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
  readonly hint?: string;

  constructor(code: SpecErrorCode, message: string, details: SpecErrorDetails = {}) {
    super(message);
    this.code = code;
    Object.assign(this, stripUndefined(details));
  }

  /** `file:line:column: message (hint)`, the form editors and CI logs link from. */
  format(): string {
    let where = this.file ?? '';
    if (this.line !== undefined) where += `:${this.line}:${this.column ?? 1}`;
    if (this.pointer !== undefined && this.line === undefined) where += `#${this.pointer}`;
    const hint = this.hint ? ` (${this.hint})` : '';
    return `${where ? `${where}: ` : ''}${this.message}${hint}`;
  }

  override toString(): string {
    return this.format();
  }

  toJSON(): Record<string, unknown> {
    return stripUndefined({
      code: this.code,
      message: this.message,
      file: this.file,
      line: this.line,
      column: this.column,
      pointer: this.pointer,
      hint: this.hint,
    });
  }
}

export function isSpecError(error: unknown): error is SpecError {
  return error instanceof SpecError;
}

/** The JSON type of a value as an error message says it: `a number`, `an array`, `null`. */
export function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

function stripUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
