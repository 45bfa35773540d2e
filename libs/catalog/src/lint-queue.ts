import { countSeverities, createLintPool, gradeOf, type LintOutcome, type LintPool } from '@interlock/lint';
import type { LintRecord, Store, VersionKey } from '@interlock/store';

export interface LintQueueOptions {
  /** A Spectral ruleset file, or `interlock:recommended` (the default). */
  ruleset?: string;
  /** Specs linted at once, each on a worker thread of its own; default 1. */
  workers?: number;
  /** Most time one spec may take, in milliseconds; default 60 000. Past it the version is recorded as timed-out. */
  timeoutMs?: number;
  /** A worker with nothing to lint for this long is stopped, freeing its memory; default 60 000. */
  idleMs?: number;
  /** Problems no caller waits for (the store failing under a lint); default: dropped. Never thrown. */
  onError?: (error: unknown) => void;
}

/** Lints published versions in the background, on worker threads, and stores each one's findings and grade. */
export interface LintQueue {
  /** The content hash of the ruleset: results of another ruleset are stale. */
  readonly rulesetHash: string;
  /** Queues a version (just published) and returns at once: nothing waits for its lint. */
  enqueue(key: VersionKey): void;
  /** Resolves once nothing is queued or being linted (tests, benchmarks). */
  idle(): Promise<void>;
  /** Stops linting; versions being linted go back to the queue in the store, for the next start. */
  close(): Promise<void>;
}

/** Spec names in findings and fingerprints: one per API, so a finding keeps its fingerprint across versions. */
const ROOT = '/';

/**
 * Starts the queue: loads the ruleset (a `RulesetError` rejects here) and queues, in the background, every stored
 * version without a result for it (latest versions first), then each version `enqueue`d.
 */
export async function startLintQueue(store: Store, options: LintQueueOptions = {}): Promise<LintQueue> {
  const workers = options.workers ?? 1;
  const timeoutMs = options.timeoutMs ?? 60_000;
  // 0 workers would lint in this thread, where a request could wait on it.
  if (!Number.isInteger(workers) || workers < 1)
    throw new RangeError(`LintQueueOptions.workers must be an integer ≥ 1, got ${workers}`);
  const pool = await createLintPool({
    root: ROOT,
    fileRefs: false,
    workers,
    timeoutMs,
    idleMs: options.idleMs ?? 60_000,
    ...(options.ruleset ? { ruleset: options.ruleset } : {}),
  });
  const hash = pool.ruleset.key;
  // A version left running longer than this was abandoned by a process that stopped (its lint had a time limit).
  const leaseMs = timeoutMs * 2 + 60_000;
  const report = options.onError ?? (() => undefined);
  const pending: VersionKey[] = [];
  const known = new Set<string>();
  const running = new Set<Promise<void>>();
  let waiters: (() => void)[] = [];
  let closing = false;

  let sweeping = true;
  const settled = () => {
    if (sweeping || pending.length > 0 || running.size > 0) return;
    for (const wake of waiters.splice(0)) wake();
  };
  const pump = () => {
    while (!closing && running.size < workers && pending.length > 0) {
      const key = pending.shift() as VersionKey;
      const job = lintVersion(store, pool, hash, leaseMs, key, () => closing)
        .catch(report)
        .finally(() => {
          running.delete(job);
          known.delete(id(key));
          pump();
          settled();
        });
      running.add(job);
    }
  };
  const add = (key: VersionKey) => {
    if (closing || known.has(id(key))) return;
    known.add(id(key));
    pending.push(key);
    pump();
  };
  const sweep = store.lint
    .enqueueStale(hash, leaseMs)
    .then((keys) => keys.forEach(add), report)
    .finally(() => {
      sweeping = false;
      pump();
      settled();
    });

  return {
    rulesetHash: hash,
    enqueue: add,
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        settled();
      }),
    async close() {
      closing = true;
      pending.length = 0;
      await pool.close();
      await Promise.all([sweep, ...running]);
      waiters.forEach((wake) => wake());
      waiters = [];
    },
  };
}

/** Lints one version unless another linter has it, and records the outcome (or gives it back when stopping). */
async function lintVersion(
  store: Store,
  pool: LintPool,
  hash: string,
  leaseMs: number,
  key: VersionKey,
  closing: () => boolean,
): Promise<void> {
  await store.lint.enqueue([key], hash);
  if (!(await store.lint.claim(key, hash, leaseMs))) return;
  const [spec, versions] = await Promise.all([
    store.getSpecText(key.apiId, key.version),
    store.listVersions(key.apiId),
  ]);
  const operations = versions.find((v) => v.version === key.version)?.operationCount ?? 0;
  const outcome: LintOutcome = spec
    ? await pool.lint(
        `${ROOT}${key.apiId}.openapi.${/json/.test(spec.mediaType) ? 'json' : 'yaml'}`,
        spec.text,
      )
    : { status: 'failed', message: 'the version is not in the store', durationMs: 0 };
  // Stopping fails the lints under way: those go back to the queue, to be linted at the next start.
  if (outcome.status === 'failed' && closing()) await store.lint.release(key, hash);
  else await store.lint.record(key, hash, toRecord(outcome, operations));
}

/** What the store keeps of a lint: findings without their file (the version's spec is one document). */
function toRecord(outcome: LintOutcome, operationCount: number): LintRecord {
  if (outcome.status !== 'done')
    return {
      status: outcome.status,
      counts: { error: 0, warn: 0, info: 0, hint: 0 },
      grade: null,
      findings: [],
      message: outcome.message,
      durationMs: outcome.durationMs,
    };
  const counts = countSeverities(outcome.findings);
  return {
    status: 'done',
    counts,
    grade: gradeOf(counts, operationCount),
    findings: outcome.findings.map(({ source: _source, ...finding }) => finding),
    durationMs: outcome.durationMs,
  };
}

const id = (key: VersionKey) => `${key.apiId}\0${key.version}`;
