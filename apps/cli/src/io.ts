import { statSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where a command writes, and what it reads of its environment: the process by default, buffers in tests. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Ends `serve` (SIGINT/SIGTERM in the real process). */
  signal?: AbortSignal;
}

/** Exit codes CI can use. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

export function print(stream: NodeJS.WritableStream, text = ''): void {
  stream.write(`${text}\n`);
}

export function formatOption(value: string | undefined, allowed: readonly string[]): string {
  const format = value ?? (allowed[0] as string);
  if (!allowed.includes(format))
    throw new UsageError(`--format must be one of ${allowed.join(', ')}, got ${format}`);
  return format;
}

/** The store a command opens: `DATABASE_URL`, else PGlite in `INTERLOCK_DATA_DIR` (default `.interlock/`). */
export function storeOptions(io: Io): ({ databaseUrl: string } | { dataDir: string }) & { source: string } {
  // The store's errors name `source`: the variable the user set, not the option it was passed in.
  if (io.env.DATABASE_URL) return { databaseUrl: io.env.DATABASE_URL, source: 'DATABASE_URL' };
  const dataDir = resolve(io.cwd, io.env.INTERLOCK_DATA_DIR ?? '.interlock');
  return { dataDir, source: io.env.INTERLOCK_DATA_DIR ? 'INTERLOCK_DATA_DIR' : 'the default data folder' };
}

/**
 * What is at a path the user gave for a folder of specs, resolved against the working directory. Checked before
 * the store opens, so that a typo is a usage error naming the path, not `scandir` failing on it.
 */
export function specsFolder(io: Io, dir: string): { path: string; is: 'folder' | 'file' | 'missing' } {
  const path = resolve(io.cwd, dir);
  const stat = statSync(path, { throwIfNoEntry: false });
  return { path, is: !stat ? 'missing' : stat.isDirectory() ? 'folder' : 'file' };
}
