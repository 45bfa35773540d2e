import { Worker } from 'node:worker_threads';
import { createLinter, type Linter, type LinterOptions } from './lint-document.js';
import { loadRuleset } from './ruleset/load-ruleset.js';
import type { Finding } from './types.js';

export interface LintPoolOptions extends LinterOptions {
  /** Worker threads, started when there is work; default 1. 0 lints in this thread (then there is no time limit). */
  workers?: number;
  /** Most time one spec may take, in milliseconds; default 120 000. Past it the spec's worker is stopped. */
  timeoutMs?: number;
  /** A worker with nothing to do for this long is stopped (a new one starts with the next spec); default: never. */
  idleMs?: number;
  /**
   * Workers started at once, while this thread loads the ruleset (at most `workers`); default 0. Each loads Spectral
   * and the ruleset itself, about a second: give the number of specs known to need linting, so that start-up overlaps.
   */
  prestart?: number;
  /**
   * Each worker's heap limit (V8's old generation), in MiB; default 2048. V8 collects more often the closer a heap's
   * limit is: with Ajv compiling thousands of schemas per spec, 640 MiB kept GitHub's 13 MB spec at 0.6 GB instead of
   * 1.1 GB and was faster; since most compiles are gone (ajv-emulation.ts) it only cost time (GitHub's spec 5.0 →
   * 4.75 s, 100 corpus specs 8.4–9.0 → 7.5–7.7 s, peaks 0.65 / 0.85 GB with 2048). A spec that needs more is linted once
   * more on a worker of its own without the limit, within what is left of its time.
   */
  workerHeapMb?: number;
}

/** What linting one spec gave. Specs that fail or run out of time are outcomes, not exceptions. */
export type LintOutcome =
  | { status: 'done'; findings: Finding[]; files: string[]; durationMs: number }
  | { status: 'timed-out'; message: string; durationMs: number }
  | { status: 'failed'; message: string; durationMs: number };

/** Long-lived lint workers on one ruleset: specs queue for the next free worker, each within the time limit. */
export interface LintPool {
  /** The ruleset, its key, and the local files it is made of. */
  readonly ruleset: { source: string; key: string; files: string[] };
  /** Lints one spec (given as text; `file` names it in findings and fingerprints). Never rejects. */
  lint(file: string, text: string): Promise<LintOutcome>;
  /** Stops the workers; specs waiting or being linted resolve as `failed`. */
  close(): Promise<void>;
}

/** @internal messages between the pool and its workers */
export interface WorkerTask {
  id: number;
  file: string;
  text: string;
}
/** @internal */
export type WorkerReply =
  { id: number; ok: true; findings: Finding[]; files: string[] } | { id: number; ok: false; message: string };

interface Task extends WorkerTask {
  settle(outcome: LintOutcome): void;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_WORKER_HEAP_MB = 2048;
/**
 * Each worker's young generation (V8's nursery, where new objects start), in MiB. Linting allocates a lot that dies
 * young (copies of schemas, Ajv's generated code, Nimma's walk): with a worker's default of 48 MiB (16 MiB semi-spaces)
 * V8 scavenges more often, and promotes to the old generation objects that would have died young.
 */
const WORKER_YOUNG_GENERATION_MB = 96;
const OUT_OF_MEMORY = 'out-of-memory';
const CLOSED = 'the lint pool was closed before this spec was linted';

/** Loads the ruleset (a `RulesetError` rejects here, once) and returns a pool whose workers start on demand. */
export async function createLintPool(options: LintPoolOptions = {}): Promise<LintPool> {
  const {
    workers = 1,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    idleMs,
    prestart = 0,
    workerHeapMb = DEFAULT_WORKER_HEAP_MB,
    ...linterOptions
  } = options;
  if (!Number.isInteger(workers) || workers < 0)
    throw new RangeError(`LintPoolOptions.workers must be an integer ≥ 0, got ${workers}`);
  if (!(timeoutMs > 0)) throw new RangeError(`LintPoolOptions.timeoutMs must be above 0, got ${timeoutMs}`);
  if (!Number.isInteger(prestart) || prestart < 0)
    throw new RangeError(`LintPoolOptions.prestart must be an integer ≥ 0, got ${prestart}`);
  const queue: Task[] = [];
  let closed = false;
  let nextId = 0;
  const run =
    workers === 0
      ? inThread(linterOptions, queue)
      : onWorkers(linterOptions, queue, workers, timeoutMs, idleMs, prestart, workerHeapMb);
  let loaded: Awaited<ReturnType<typeof loadRuleset>>;
  try {
    loaded = await loadRuleset(linterOptions.ruleset, linterOptions, linterOptions.root ?? process.cwd());
  } catch (error) {
    await run.close();
    throw error;
  }
  const ruleset = { source: loaded.source, key: loaded.key, files: loaded.files };
  return {
    ruleset,
    lint(file, text) {
      if (closed) return Promise.resolve({ status: 'failed', message: CLOSED, durationMs: 0 });
      return new Promise((settle) => {
        queue.push({ id: nextId++, file, text, settle });
        run.pump();
      });
    },
    async close() {
      closed = true;
      for (const task of queue.splice(0)) task.settle({ status: 'failed', message: CLOSED, durationMs: 0 });
      await run.close();
    },
  };
}

interface Runner {
  pump(): void;
  close(): Promise<void>;
}

/** One spec at a time in this thread, with no time limit (a synchronous rule cannot be interrupted here). */
function inThread(options: LinterOptions, queue: Task[]): Runner {
  let linter: Promise<Linter> | undefined;
  let busy: Promise<void> | undefined;
  const drain = async () => {
    for (let task = queue.shift(); task; task = queue.shift()) {
      const started = performance.now();
      try {
        linter ??= createLinter(options);
        const { findings, files } = await (await linter).lint(task.file, task.text);
        task.settle({ status: 'done', findings, files, durationMs: performance.now() - started });
      } catch (error) {
        task.settle({ status: 'failed', message: messageOf(error), durationMs: performance.now() - started });
      }
    }
    busy = undefined;
  };
  return {
    pump: () => void (busy ??= drain()),
    close: async () => void (await busy),
  };
}

function onWorkers(
  options: LinterOptions,
  queue: Task[],
  count: number,
  timeoutMs: number,
  idleMs: number | undefined,
  prestart: number,
  heapMb: number,
): Runner {
  const slots = Array.from({ length: count }, () => ({
    worker: undefined as LintWorker | undefined,
    busy: false,
    idle: undefined as NodeJS.Timeout | undefined,
  }));
  const exited = (slot: (typeof slots)[number]) => (worker: LintWorker) => {
    if (slot.worker === worker) slot.worker = undefined;
  };
  for (const slot of slots.slice(0, prestart)) slot.worker = startWorker(options, exited(slot), heapMb);
  const stop = async (slot: (typeof slots)[number]) => {
    clearTimeout(slot.idle);
    const worker = slot.worker;
    slot.worker = undefined;
    await worker?.terminate();
  };
  const work = async (slot: (typeof slots)[number]) => {
    slot.busy = true;
    clearTimeout(slot.idle);
    for (let task = queue.shift(); task; task = queue.shift()) {
      const worker = (slot.worker ??= startWorker(options, exited(slot), heapMb));
      const message = { id: task.id, file: task.file, text: task.text };
      const ready = await worker.ready;
      // The clock starts once the worker is ready: start-up is not charged to a spec.
      const started = performance.now();
      let reply = ready === true ? await runTask(worker, message, timeoutMs) : failedStart(task.id, ready);
      if (reply === 'timeout' || reply === 'crashed' || reply === OUT_OF_MEMORY) await stop(slot);
      if (reply === OUT_OF_MEMORY) {
        // Once more without the heap limit, on a worker of its own, in the time left.
        const unlimited = startWorker(options, () => undefined);
        try {
          const again = await unlimited.ready;
          const left = timeoutMs - (performance.now() - started);
          reply =
            again !== true
              ? failedStart(task.id, again)
              : left > 0
                ? await runTask(unlimited, message, left)
                : 'timeout';
        } finally {
          await unlimited.terminate();
        }
      }
      task.settle(toOutcome(reply, timeoutMs, performance.now() - started));
    }
    slot.busy = false;
    if (idleMs !== undefined && slot.worker) {
      slot.idle = setTimeout(() => void stop(slot), idleMs);
      slot.idle.unref();
    }
  };
  return {
    pump() {
      const free = slots.find((slot) => !slot.busy);
      if (free && queue.length > 0) void work(free);
    },
    async close() {
      await Promise.all(slots.map(stop));
    },
  };
}

type RunReply = WorkerReply | 'timeout' | 'crashed' | typeof OUT_OF_MEMORY;

const failedStart = (id: number, why: string): RunReply =>
  why === OUT_OF_MEMORY ? OUT_OF_MEMORY : { id, ok: false, message: why };

const outOfMemory = (error: unknown) => (error as { code?: string })?.code === 'ERR_WORKER_OUT_OF_MEMORY';

function toOutcome(reply: RunReply, timeoutMs: number, durationMs: number): LintOutcome {
  if (reply === 'timeout')
    return {
      status: 'timed-out',
      message: `linting took longer than ${timeoutMs / 1000} s and was stopped`,
      durationMs,
    };
  if (reply === 'crashed')
    return { status: 'failed', message: 'the lint worker stopped unexpectedly', durationMs };
  if (reply === OUT_OF_MEMORY)
    return {
      status: 'failed',
      message: 'linting needed more memory than this process could have',
      durationMs,
    };
  if (!reply.ok) return { status: 'failed', message: reply.message, durationMs };
  return { status: 'done', findings: reply.findings, files: reply.files, durationMs };
}

function runTask(worker: Worker, task: WorkerTask, timeoutMs: number): Promise<RunReply> {
  return new Promise((resolve) => {
    const settle = (outcome: RunReply) => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onError);
      resolve(outcome);
    };
    const onMessage = (reply: WorkerReply) => settle(reply);
    const onError = (error?: unknown) => settle(outOfMemory(error) ? OUT_OF_MEMORY : 'crashed');
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onError);
    worker.postMessage(task);
  });
}

type LintWorker = Worker & { ready: Promise<true | string> };

/**
 * The worker runs the built JavaScript; from TypeScript sources (tests) it runs through tsx. A worker that dies
 * while idle is reported through `onExit`, and its error is not thrown into the host.
 */
function startWorker(
  options: LinterOptions,
  onExit: (worker: LintWorker) => void,
  heapMb?: number,
): LintWorker {
  const resourceLimits = {
    maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB,
    ...(heapMb ? { maxOldGenerationSizeMb: heapMb } : {}),
  };
  const common = { workerData: options, resourceLimits };
  let worker: Worker;
  if (!import.meta.url.endsWith('.ts')) {
    worker = new Worker(new URL('./lint-worker.js', import.meta.url), common);
  } else {
    const script = new URL('./lint-worker.ts', import.meta.url).href;
    const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
    worker = new Worker(boot, { ...common, eval: true, execArgv: ['--conditions=@interlock/source'] });
  }
  const ready = new Promise<true | string>((resolve) => {
    const onMessage = (message: { ready?: boolean; message?: string }) => {
      if (message.ready === undefined) return;
      worker.off('message', onMessage);
      resolve(message.ready ? true : `the lint worker could not start: ${message.message}`);
    };
    worker.on('message', onMessage);
    worker.once('error', (error) =>
      resolve(outOfMemory(error) ? OUT_OF_MEMORY : `the lint worker could not start: ${error.message}`),
    );
    worker.once('exit', () => resolve('the lint worker stopped before it was ready'));
  });
  const lintWorker = Object.assign(worker, { ready });
  worker.on('error', () => undefined);
  worker.once('exit', () => onExit(lintWorker));
  return lintWorker;
}

function messageOf(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}
