import { resolve } from 'node:path';
import { startLintQueue, type LintQueue } from '@interlock/catalog';
import { RECOMMENDED, RulesetError } from '@interlock/lint';
import type { Store } from '@interlock/store';
import { print, UsageError, type Io } from '../io.js';

export interface ServeLintOptions {
  lintWorkers?: string;
  lintTimeout?: string;
  lintRuleset?: string;
}

/** How the catalog lints in the background; `workers` 0 turns it off. */
export interface BackgroundLint {
  workers: number;
  timeoutSeconds: number;
  /** A ruleset file; undefined for `interlock:recommended`. */
  ruleset: string | undefined;
}

/** Flag, else environment, else default: 1 worker, 60 s per spec, `interlock:recommended`. */
export function resolveLintOptions(options: ServeLintOptions, io: Io): BackgroundLint {
  const named = options.lintRuleset ?? io.env.INTERLOCK_LINT_RULESET;
  return {
    workers: integer(options.lintWorkers ?? io.env.INTERLOCK_LINT_WORKERS ?? '1', '--lint-workers', 0),
    timeoutSeconds: integer(
      options.lintTimeout ?? io.env.INTERLOCK_LINT_TIMEOUT ?? '60',
      '--lint-timeout',
      1,
    ),
    ruleset: named && named !== RECOMMENDED ? resolve(io.cwd, named) : undefined,
  };
}

/** Starts the catalog's background lint; undefined when it is turned off. */
export async function startBackgroundLint(
  store: Store,
  { workers, timeoutSeconds, ruleset }: BackgroundLint,
  io: Io,
): Promise<LintQueue | undefined> {
  if (workers === 0) return undefined;
  let queue: LintQueue;
  try {
    queue = await startLintQueue(store, {
      workers,
      timeoutMs: timeoutSeconds * 1000,
      ...(ruleset ? { ruleset } : {}),
      onError: (error) => print(io.stderr, `Background lint: ${String(error)}`),
    });
  } catch (error) {
    if (error instanceof RulesetError) throw new UsageError(`invalid lint ruleset: ${error.format()}`);
    throw error;
  }
  print(
    io.stdout,
    `Background lint: ${workers} worker${workers === 1 ? '' : 's'}, at most ${timeoutSeconds} s per spec, ruleset ${ruleset ?? RECOMMENDED}`,
  );
  return queue;
}

function integer(value: string, name: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new UsageError(`${name} must be an integer ≥ ${min}, got ${value}`);
  return n;
}
