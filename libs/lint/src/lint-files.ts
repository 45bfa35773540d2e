import { readFile, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { cacheKey, hashFiles, isFresh, type LintCache } from './cache.js';
import { fingerprint } from './fingerprint.js';
import type { LinterOptions } from './lint-document.js';
import type { LintOutcome, LintPool } from './lint-pool.js';
import { cachedRulesetKey, rememberRulesetKey } from './ruleset-key-cache.js';
import type { FileLint, Finding } from './types.js';

export interface LintFilesOptions extends LinterOptions {
  /** Where findings of unchanged specs are kept; default: none. */
  cache?: LintCache;
  /** Most time one spec may take, in milliseconds; default 120 000. Past it the spec's worker is stopped. */
  timeoutMs?: number;
  /** Worker threads; default: one per core, at most one per file. 0 lints in this thread (no time limit). */
  workers?: number;
  onProgress?: (progress: { done: number; total: number; file: string }) => void;
}

export interface LintRun {
  files: FileLint[];
  ruleset: { source: string; key: string };
}

/**
 * Lints specs with one ruleset: unchanged ones come from the cache, the others are linted on a lint pool's worker
 * threads, each within the time limit, so one spec never stalls the rest. Throws only for a ruleset that cannot be
 * used (`RulesetError`); a spec that cannot be read, parsed or linted in time is a finding.
 *
 * The pool (and with it Spectral) starts only for the first spec the cache does not answer, and the ruleset's key
 * comes from the cache while its files are unchanged: a run answered by the cache loads neither.
 */
export async function lintFiles(files: string[], options: LintFilesOptions = {}): Promise<LintRun> {
  const root = options.root ?? process.cwd();
  const { cache } = options;
  let pool: Promise<LintPool> | undefined;
  const workers = options.workers ?? availableParallelism();
  // `prestart`: specs known to need linting, whose workers start while this thread loads the ruleset.
  const startPool = (prestart: number) =>
    (pool ??= import('./lint-pool.js').then(async ({ createLintPool }) => {
      const started = await createLintPool({
        root,
        ...(options.ruleset !== undefined ? { ruleset: options.ruleset } : {}),
        ...(options.allowUrls !== undefined ? { allowUrls: options.allowUrls } : {}),
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        // Workers start only when a spec waits for one: at most one per spec that the cache does not answer.
        workers,
        prestart: Math.min(prestart, workers),
      });
      if (cache && started.ruleset.key !== ruleset?.key)
        await rememberRulesetKey(cache, options.ruleset, root, started.ruleset);
      return started;
    }));
  let ruleset: { source: string; key: string } | undefined = cache
    ? await cachedRulesetKey(cache, options.ruleset, root)
    : undefined;
  const results: FileLint[] = new Array(files.length);
  let done = 0;
  const finish = (i: number, result: FileLint) => {
    results[i] = result;
    options.onProgress?.({ done: ++done, total: files.length, file: result.file });
  };
  const linting: Promise<void>[] = [];
  try {
    // A ruleset that cannot be used throws here. Its key is not cached when the cache is new or the ruleset changed:
    // then the specs most likely all need linting, and workers for them start while the ruleset loads.
    ruleset ??= (await startPool(files.length)).ruleset;
    const { key: rulesetKey } = ruleset;
    // Files are read one at a time (a corpus would exhaust file handles); linting goes on meanwhile. The largest
    // go first, so the workers do not wait on one large spec at the end.
    for (const i of await largestFirst(files)) {
      const file = files[i] as string;
      const started = performance.now();
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        const message = `cannot read the file: ${(error as Error).message}`;
        finish(i, failed(file, root, 'unreadable', message, performance.now() - started));
        continue;
      }
      const entry = await cache?.get(cacheKey(rulesetKey, root, file, text));
      if (entry && (await isFresh(entry, file))) {
        const durationMs = performance.now() - started;
        finish(i, { file, findings: entry.findings, cached: true, timedOut: false, durationMs });
        continue;
      }
      linting.push(
        startPool(1).then(async (running) => {
          const outcome = await running.lint(file, text);
          if (outcome.status === 'done')
            await cache?.set(cacheKey(running.ruleset.key, root, file, text), {
              files: await hashFiles(outcome.files),
              findings: outcome.findings,
            });
          finish(i, toFileLint(file, root, outcome));
        }),
      );
    }
    await Promise.all(linting);
  } finally {
    if (pool) await (await pool.catch(() => undefined))?.close();
  }
  return { files: results, ruleset: { source: ruleset.source, key: ruleset.key } };
}

/** Indices of `files`, largest file first (one that cannot be read counts as empty; reading it reports why). */
async function largestFirst(files: string[]): Promise<number[]> {
  const sizes = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  return files.map((_, i) => i).sort((a, b) => (sizes[b] as number) - (sizes[a] as number) || a - b);
}

function toFileLint(file: string, root: string, outcome: LintOutcome): FileLint {
  switch (outcome.status) {
    case 'done':
      return {
        file,
        findings: outcome.findings,
        cached: false,
        timedOut: false,
        durationMs: outcome.durationMs,
      };
    case 'timed-out': {
      const message = `${outcome.message}; the other specs were linted`;
      return { ...failed(file, root, 'lint-timeout', message, outcome.durationMs), timedOut: true };
    }
    case 'failed':
      return failed(file, root, 'lint-failed', outcome.message, outcome.durationMs);
  }
}

function failed(file: string, root: string, code: string, message: string, durationMs: number): FileLint {
  const finding: Finding = {
    code,
    message,
    severity: 'error',
    path: [],
    source: file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fingerprint: fingerprint(code, file, [], root, code),
  };
  return { file, findings: [finding], cached: false, timedOut: false, durationMs };
}
