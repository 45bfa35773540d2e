import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Ruleset } from '@stoplight/spectral-core';

type Json = Record<string, unknown>;
interface Immer {
  setAutoFreeze(value: boolean): void;
}
interface NimmaClass {
  prototype: { query(this: { sourceCode: string }, input: unknown, callbacks: unknown): void };
}
interface RunnerClass {
  prototype: { run(this: { inventory: { resolved: unknown } }, ruleset: unknown): Promise<void> };
}

const fromLint = createRequire(import.meta.url);
const fromCore = createRequire(fromLint.resolve('@stoplight/spectral-core'));
const fromRulesets = createRequire(fromLint.resolve('@stoplight/spectral-rulesets'));
const fromResolver = createRequire(
  createRequire(fromLint.resolve('@stoplight/spectral-ref-resolver')).resolve('@stoplight/json-ref-resolver'),
);

/** Spectral's functions (the core set, and those of its built-in rulesets), which only read their input. */
function spectralFunctions(): Set<unknown> {
  const known = new Set<unknown>(Object.values(fromLint('@stoplight/spectral-functions') as Json));
  const builtIn = fromRulesets('@stoplight/spectral-rulesets') as Record<string, { rules?: Json }>;
  for (const ruleset of Object.values(builtIn))
    for (const rule of Object.values(ruleset.rules ?? {}) as { then?: unknown }[])
      for (const then of [rule.then ?? []].flat() as { function?: unknown }[]) known.add(then.function);
  return known;
}

let immer: Immer | undefined;
/** Linters in this thread whose rulesets have functions of unknown code: while there is one, Immer freezes. */
let frozenLinters = 0;
let current: { resolved: unknown } | undefined;

/**
 * Spectral resolves a document's `$ref`s with json-ref-resolver, which builds the resolved document with Immer, and
 * Immer then deep-freezes all of it (a 13 MB spec is about a million objects, walked and frozen: on GitHub's spec a
 * third of resolving, and half of all garbage collection). This lets Immer skip the freeze. The resolved document is
 * the same tree; what freezing could change is kept as in Spectral:
 *
 * - Spectral's functions and ours only read the document (a write would throw on the frozen document, in their
 *   strict code, under the Spectral CLI too); a ruleset with any other function keeps the freeze.
 * - Nimma (Spectral's JSONPath engine) walks a document that is not frozen through "zones" (proxies that skip keys
 *   no path of the ruleset can match). spectral:oas has deep paths, which turn zones off; when a ruleset's paths do
 *   use them, the resolved document is frozen first, as Immer would have.
 *
 * Returns whether the freeze is skipped for this ruleset.
 */
export function allowUnfrozenResolution(ruleset: Ruleset, ours: Iterable<unknown>): boolean {
  if (!immer) {
    immer = fromResolver('immer') as Immer;
    const { default: Nimma } = fromCore('nimma/legacy') as { default: NimmaClass };
    const { Runner } = fromCore(
      join(dirname(fromCore.resolve('@stoplight/spectral-core')), 'runner', 'runner.js'),
    ) as {
      Runner: RunnerClass;
    };
    const run = Runner.prototype.run;
    // The runner queries the resolved and the unresolved document before its first `await`.
    Runner.prototype.run = function (ruleset) {
      current = this.inventory;
      try {
        return run.call(this, ruleset);
      } finally {
        current = undefined;
      }
    };
    const query = Nimma.prototype.query;
    Nimma.prototype.query = function (input, callbacks) {
      if (usesZones(this.sourceCode) && current) deepFreeze(current.resolved);
      return query.call(this, input, callbacks);
    };
  }
  const known = spectralFunctions();
  for (const fn of ours) known.add(fn);
  const readOnly = Object.values(ruleset.rules).every((rule) =>
    (rule.then as { function: unknown }[]).every((then) => known.has(then.function)),
  );
  if (!readOnly) frozenLinters++;
  immer.setAutoFreeze(frozenLinters > 0);
  return readOnly;
}

/**
 * Whether json-ref-resolver's Immer freezes the resolved document: its default, until `allowUnfrozenResolution` has
 * turned it off for every linter in this thread.
 */
export function resolutionFreezes(): boolean {
  return immer === undefined || frozenLinters > 0;
}

/** Nimma's generated query passes its zones to `traverse` (or `null` when some path turns them off). */
const usesZones = (source: string) => source.includes('const zones =');

/** Freezes every object reachable from `value`, as Immer's auto-freeze does. */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  const stack: object[] = [value];
  while (stack.length > 0) {
    const object = stack.pop() as Json;
    if (Object.isFrozen(object)) continue;
    Object.freeze(object);
    for (const key of Object.keys(object)) {
      const child = object[key];
      if (child !== null && typeof child === 'object' && !Object.isFrozen(child)) stack.push(child);
    }
  }
}
