import { createHash } from 'node:crypto';
import type { LoadedSpec, SourceLocation } from '@interlock/openapi';
import { OASDIFF_LEVELS } from './levels.js';
import type { Change, DiffOptions, Level } from './types.js';

/**
 * Checks of our own, for changes oasdiff has no check for. Named in oasdiff's manner so that configurations
 * read alike.
 */
export const OWN_LEVELS: Readonly<Record<string, Level>> = {
  'request-body-additional-properties-narrowed': 'error',
  'request-property-additional-properties-narrowed': 'error',
  'request-body-additional-properties-widened': 'info',
  'request-property-additional-properties-widened': 'info',
  'response-body-additional-properties-widened': 'warning',
  'response-property-additional-properties-widened': 'warning',
  'response-body-additional-properties-narrowed': 'info',
  'response-property-additional-properties-narrowed': 'info',
};

export const DEFAULT_LEVELS: Readonly<Record<string, Level>> = { ...OASDIFF_LEVELS, ...OWN_LEVELS };

export function isKnownCheck(id: string): boolean {
  return Object.hasOwn(DEFAULT_LEVELS, id);
}

/** Where a change sits on one side: a pointer into the bundled document, or a node the model already located. */
export type SideRef = { pointer: string } | { location: SourceLocation } | undefined;

export interface OperationRef {
  method: string;
  path: string;
}

interface Pending {
  id: string;
  level: Level;
  op: OperationRef | null;
  message: string;
  place: string;
  base: SideRef;
  revision: SideRef;
}

/** Collects changes as the checks find them; levels, acceptance and source locations are applied at the end. */
export class Recorder {
  private readonly pending: Pending[] = [];
  private readonly levels: Record<string, Level | 'off'>;
  private readonly accepted: Set<string>;

  constructor(options: DiffOptions) {
    this.levels = { ...DEFAULT_LEVELS, ...options.levels };
    this.accepted = new Set(options.accept ?? []);
  }

  /** Records a change of check `id`; an id without a check (a composed one) is dropped. */
  add(
    id: string,
    op: OperationRef | null,
    message: string,
    place: string,
    base: SideRef,
    revision: SideRef,
  ): void {
    const level = this.levels[id];
    if (level === undefined || level === 'off') return;
    this.pending.push({ id, level, op, message, place, base, revision });
  }

  has(id: string): boolean {
    return this.levels[id] !== undefined;
  }

  finish(base: LoadedSpec, revision: LoadedSpec): Change[] {
    const baseAt = resolver(
      base,
      this.pending.map((p) => p.base),
    );
    const revisionAt = resolver(
      revision,
      this.pending.map((p) => p.revision),
    );
    const seen = new Set<string>();
    const out: Change[] = [];
    for (const p of this.pending) {
      const operation = p.op ? p.op.method.toUpperCase() : null;
      const fingerprint = createHash('sha256')
        .update(`${p.id}\0${operation ?? ''}\0${p.op ? normalisePath(p.op.path) : ''}\0${p.place}`)
        .digest('hex')
        .slice(0, 16);
      if (this.accepted.has(fingerprint)) continue;
      const key = `${fingerprint}\0${p.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const change: Change = {
        id: p.id,
        level: p.level,
        operation,
        path: p.op?.path ?? null,
        message: p.message,
        fingerprint,
      };
      const b = baseAt(p.base);
      if (b) change.base = b;
      const r = revisionAt(p.revision);
      if (r) change.revision = r;
      out.push(change);
    }
    return out.sort(byLevelThenPlace);
  }
}

/** `/pets/{petId}` and `/pets/{id}` are the same endpoint. */
export function normalisePath(path: string): string {
  return path.replace(/\{[^}]*\}/g, '{}').replace(/(.)\/$/, '$1');
}

function resolver(
  spec: LoadedSpec,
  refs: SideRef[],
): (ref: SideRef) => { pointer: string; location?: SourceLocation } | undefined {
  const pointers = [...new Set(refs.flatMap((r) => (r && 'pointer' in r ? [r.pointer] : [])))];
  const located = new Map<string, SourceLocation | undefined>();
  const all = spec.locateAll(pointers);
  pointers.forEach((p, i) => located.set(p, all[i]));
  return (ref) => {
    if (!ref) return undefined;
    if ('location' in ref) return { pointer: ref.location.pointer, location: ref.location };
    const location = located.get(ref.pointer);
    return location ? { pointer: ref.pointer, location } : { pointer: ref.pointer };
  };
}

const RANK: Record<Level, number> = { error: 0, warning: 1, info: 2 };

function byLevelThenPlace(a: Change, b: Change): number {
  return (
    RANK[a.level] - RANK[b.level] ||
    (a.path ?? '').localeCompare(b.path ?? '') ||
    (a.operation ?? '').localeCompare(b.operation ?? '') ||
    a.id.localeCompare(b.id)
  );
}
