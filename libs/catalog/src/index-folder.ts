import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { isSpecError } from '@interlock/openapi';
import { packVersion, type PackedVersion, type Store } from '@interlock/store';
import { findSpecFiles } from './find-specs.js';
import type { LintQueue } from './lint-queue.js';
import { idForPath, prepareFile } from './prepare.js';

export interface IndexOptions {
  /** Worker threads that load specs; default: one per core when there are more than a few files. 0: load in this thread. */
  workers?: number;
  onProgress?: (progress: { done: number; total: number; file: string }) => void;
  /** Where each new version is queued for linting in the background; default: not linted. */
  lint?: Pick<LintQueue, 'enqueue'>;
}

export interface IndexFailure {
  file: string;
  error: {
    code: string;
    message: string;
    file?: string;
    line?: number;
    column?: number;
    pointer?: string;
    hint?: string;
  };
}

export interface IndexSummary {
  total: number;
  created: { file: string; apiId: string; version: string }[];
  unchanged: number;
  failed: IndexFailure[];
  operations: number;
  durationMs: number;
}

/** @internal messages between indexFolder and its workers */
export interface WorkerTask {
  id: number;
  root: string;
  file: string;
  apiId: string;
}
export type WorkerReply =
  { id: number; ok: true; packed: PackedVersion } | { id: number; ok: false; error: IndexFailure['error'] };

/** Indexes every spec under `dir`: loads them (on worker threads when there are many) and publishes each. */
export async function indexFolder(
  store: Store,
  dir: string,
  options: IndexOptions = {},
): Promise<IndexSummary> {
  const started = performance.now();
  const root = resolve(dir);
  const files = await findSpecFiles(root);
  const ids = uniqueIds(files);
  const summary: IndexSummary = {
    total: files.length,
    created: [],
    unchanged: 0,
    failed: [],
    operations: 0,
    durationMs: 0,
  };
  let done = 0;
  const record = async (file: string, loaded: PackedVersion | IndexFailure['error']) => {
    if ('params' in loaded) {
      const result = await store.publish(loaded);
      const { apiId, version } = loaded;
      if (result.status === 'created') {
        summary.created.push({ file, apiId, version });
        options.lint?.enqueue({ apiId, version });
        summary.operations += loaded.operationCount;
      } else if (result.status === 'unchanged') summary.unchanged++;
      else {
        summary.failed.push({
          file,
          error: {
            code: 'conflict',
            message: `${apiId} ${version} is already published with other content (sha256 ${result.existing.hash.slice(0, 12)}…)`,
            hint: 'bump info.version for a new version of the spec, or give the spec its own x-api-id',
          },
        });
      }
    } else summary.failed.push({ file, error: loaded });
    options.onProgress?.({ done: ++done, total: files.length, file });
  };

  const workers = options.workers ?? (files.length > 8 ? availableParallelism() : 0);
  if (workers > 0) await loadOnWorkers(root, files, ids, workers, record);
  else {
    for (const [i, file] of files.entries()) {
      let loaded: PackedVersion | IndexFailure['error'];
      try {
        loaded = packVersion(await prepareFile(root, file, ids[i]));
      } catch (error) {
        loaded = isSpecError(error)
          ? (error.toJSON() as IndexFailure['error'])
          : { code: 'internal', message: String(error) };
      }
      await record(file, loaded);
    }
  }
  summary.durationMs = performance.now() - started;
  return summary;
}

/** Ids from paths, unique within the folder: a second file with the same id gets `-2` (files are sorted). */
function uniqueIds(files: string[]): string[] {
  const seen = new Map<string, number>();
  return files.map((file) => {
    const id = idForPath(file);
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}-${n}`;
  });
}

/** The worker runs the built JavaScript; from TypeScript sources (tests) it runs through tsx. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./index-worker.js', import.meta.url));
  const script = new URL('./index-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(boot, { eval: true, execArgv: ['--conditions=@interlock/source'] });
}

async function loadOnWorkers(
  root: string,
  files: string[],
  ids: string[],
  count: number,
  record: (file: string, loaded: PackedVersion | IndexFailure['error']) => Promise<void>,
): Promise<void> {
  const pool = Array.from({ length: Math.min(count, files.length) }, startWorker);
  let next = 0;
  let publishing = Promise.resolve();
  let backlog = 0;
  const maxBacklog = count * 2;
  try {
    await new Promise<void>((resolveAll, reject) => {
      let active = 0;
      const dispatch = (worker: Worker) => {
        if (next >= files.length) {
          if (active === 0) publishing.then(resolveAll, reject);
          return;
        }
        const id = next++;
        active++;
        worker.postMessage({
          id,
          root,
          file: files[id] as string,
          apiId: ids[id] as string,
        } satisfies WorkerTask);
      };
      for (const worker of pool) {
        worker.on('error', reject);
        worker.on('message', (reply: WorkerReply) => {
          active--;
          const file = files[reply.id] as string;
          const loaded = reply.ok ? reply.packed : reply.error;
          backlog++;
          // Publishing is sequential (one writer); loading goes on meanwhile, with a bounded backlog.
          publishing = publishing.then(() => record(file, loaded)).finally(() => backlog--);
          const resume = () => dispatch(worker);
          if (backlog > maxBacklog) publishing.then(resume, reject);
          else resume();
        });
        dispatch(worker);
      }
    });
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
}
