import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { cacheKey, hashFiles, isFresh, type LintCache } from './cache.js';
import { fingerprint } from './fingerprint.js';
import { createLinter, type Linter, type LinterOptions } from './lint-document.js';
import { loadRuleset } from './ruleset/load-ruleset.js';
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

/** @internal messages between lintFiles and its workers */
export interface WorkerTask {
  id: number;
  file: string;
  text: string;
}
/** @internal */
export type WorkerReply =
  { id: number; ok: true; findings: Finding[]; files: string[] } | { id: number; ok: false; message: string };

const DEFAULT_TIMEOUT_MS = 120_000;

/**
 * Lints specs with one ruleset: unchanged ones come from the cache, the others are linted on worker threads, each
 * within the time limit, so one spec never stalls the rest. Throws only for a ruleset that cannot be used
 * (`RulesetError`); a spec that cannot be read, parsed or linted in time is a finding.
 */
export async function lintFiles(files: string[], options: LintFilesOptions = {}): Promise<LintRun> {
  const root = options.root ?? process.cwd();
  const linterOptions: LinterOptions = {
    root,
    ...(options.ruleset !== undefined ? { ruleset: options.ruleset } : {}),
    ...(options.allowUrls !== undefined ? { allowUrls: options.allowUrls } : {}),
  };
  const ruleset = await loadRuleset(options.ruleset, options, root);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const results: FileLint[] = new Array(files.length);
  let done = 0;
  const finish = (i: number, result: FileLint) => {
    results[i] = result;
    options.onProgress?.({ done: ++done, total: files.length, file: result.file });
  };

  const pending: { i: number; file: string; text: string; key: string }[] = [];
  for (const [i, file] of files.entries()) {
    const started = performance.now();
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      finish(
        i,
        failed(file, root, 'unreadable', `cannot read the file: ${(error as Error).message}`, started),
      );
      continue;
    }
    const key = cacheKey(ruleset.key, root, file, text);
    const entry = await options.cache?.get(key);
    if (entry && (await isFresh(entry))) {
      finish(i, {
        file,
        findings: entry.findings,
        cached: true,
        timedOut: false,
        durationMs: performance.now() - started,
      });
      continue;
    }
    pending.push({ i, file, text, key });
  }

  const record = async (
    task: (typeof pending)[number],
    outcome: WorkerReply | 'timeout',
    started: number,
  ) => {
    let result: FileLint;
    if (outcome === 'timeout') {
      const message = `linting took longer than ${timeoutMs / 1000} s and was stopped; the other specs were linted`;
      result = { ...failed(task.file, root, 'lint-timeout', message, started), timedOut: true };
    } else if (!outcome.ok) {
      result = failed(task.file, root, 'lint-failed', outcome.message, started);
    } else {
      result = {
        file: task.file,
        findings: outcome.findings,
        cached: false,
        timedOut: false,
        durationMs: performance.now() - started,
      };
      await options.cache?.set(task.key, {
        files: await hashFiles(outcome.files),
        findings: outcome.findings,
      });
    }
    finish(task.i, result);
  };

  const workers = Math.min(options.workers ?? availableParallelism(), pending.length);
  if (workers === 0 || pending.length === 0) {
    let linter: Linter | undefined;
    for (const task of pending) {
      const started = performance.now();
      linter ??= await createLinter(linterOptions);
      let outcome: WorkerReply;
      try {
        outcome = { id: task.i, ok: true, ...(await linter.lint(task.file, task.text)) };
      } catch (error) {
        outcome = { id: task.i, ok: false, message: (error as Error)?.message ?? String(error) };
      }
      await record(task, outcome, started);
    }
  } else {
    let next = 0;
    const slot = async () => {
      let worker = startWorker(linterOptions);
      try {
        while (next < pending.length) {
          const task = pending[next++] as (typeof pending)[number];
          const ready = await worker.ready;
          const started = performance.now();
          const outcome =
            ready === true
              ? await runTask(worker, { id: task.i, file: task.file, text: task.text }, timeoutMs)
              : ({ id: task.i, ok: false, message: ready } as const);
          if (outcome === 'timeout' || outcome === 'crashed') {
            await worker.terminate();
            worker = startWorker(linterOptions);
          }
          await record(
            task,
            outcome === 'crashed'
              ? { id: task.i, ok: false, message: 'the lint worker stopped unexpectedly' }
              : outcome,
            started,
          );
        }
      } finally {
        await worker.terminate();
      }
    };
    await Promise.all(Array.from({ length: workers }, slot));
  }
  return { files: results, ruleset: { source: ruleset.source, key: ruleset.key } };
}

function runTask(
  worker: Worker,
  task: WorkerTask,
  timeoutMs: number,
): Promise<WorkerReply | 'timeout' | 'crashed'> {
  return new Promise((resolve) => {
    const settle = (outcome: WorkerReply | 'timeout' | 'crashed') => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onError);
      resolve(outcome);
    };
    const onMessage = (reply: WorkerReply) => settle(reply);
    const onError = () => settle('crashed');
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onError);
    worker.postMessage(task);
  });
}

type LintWorker = Worker & { ready: Promise<true | string> };

/** The worker runs the built JavaScript; from TypeScript sources (tests) it runs through tsx. */
function startWorker(options: LinterOptions): LintWorker {
  let worker: Worker;
  if (!import.meta.url.endsWith('.ts')) {
    worker = new Worker(new URL('./lint-worker.js', import.meta.url), { workerData: options });
  } else {
    const script = new URL('./lint-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
    worker = new Worker(boot, {
      eval: true,
      workerData: options,
      execArgv: ['--conditions=@interlock/source'],
    });
  }
  const ready = new Promise<true | string>((resolve) => {
    const onMessage = (message: { ready?: boolean; message?: string }) => {
      if (message.ready === undefined) return;
      worker.off('message', onMessage);
      resolve(message.ready ? true : `the lint worker could not start: ${message.message}`);
    };
    worker.on('message', onMessage);
    worker.once('error', (error) => resolve(`the lint worker could not start: ${error.message}`));
  });
  return Object.assign(worker, { ready });
}

function failed(file: string, root: string, code: string, message: string, started: number): FileLint {
  const finding: Finding = {
    code,
    message,
    severity: 'error',
    path: [],
    source: file,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    fingerprint: fingerprint(code, file, [], root, code),
  };
  return {
    file,
    findings: [finding],
    cached: false,
    timedOut: false,
    durationMs: performance.now() - started,
  };
}
