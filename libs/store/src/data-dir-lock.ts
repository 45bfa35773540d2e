import { hostname } from 'node:os';
import { join } from 'node:path';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { StoreError } from './errors.js';

/** Held by the process that has a PGlite data folder open; released when the database closed. */
export interface DataDirLock {
  readonly path: string;
  release(): void;
}

/** The lock files this process holds: a second store on the same folder in this process is refused too. */
const held = new Set<string>();

interface Owner {
  pid: number;
  hostname?: string;
  startedAt?: string;
}

/**
 * Takes the lock file of the data folder `dataDir` (named by `source` in messages), `interlock.lock` beside
 * PGlite's own folder. PGlite takes no lock
 * of its own: a second process on the same folder wrote "2 new" specs that the first never saw and that were gone
 * once both had stopped. A lock whose process is gone (a SIGKILL, a container restarted) is stale and taken over;
 * one whose process runs is refused.
 */
export function lockDataDir(dataDir: string, source: string): DataDirLock {
  const lockPath = join(dataDir, 'interlock.lock');
  if (held.has(lockPath))
    throw new StoreError(
      'data-dir-in-use',
      `The data folder ${dataDir} (${source}) is already open in this process.`,
      'Close the store that has it open first, or share that store.',
    );
  const content = JSON.stringify({
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  });
  // Two tries: the second after a stale lock was moved away (or vanished as its owner closed).
  for (let attempt = 0; attempt < 2; attempt++) {
    if (create(lockPath, content)) {
      held.add(lockPath);
      return { path: lockPath, release: () => release(lockPath, content) };
    }
    const found = read(lockPath);
    if (found === undefined) continue; // released meanwhile
    const owner = parse(found);
    if (owner && alive(owner.pid)) throw inUse(dataDir, source, lockPath, owner);
    removeStale(lockPath, found, dataDir, source);
  }
  const owner = parse(read(lockPath) ?? '');
  throw inUse(dataDir, source, lockPath, owner ?? { pid: Number.NaN });
}

/**
 * Creates the lock file with its content in one step: written under a name of its own, then linked, which fails
 * when the lock exists. (`open(…, 'wx')` would create it empty first, and a reader in between would take it for a
 * broken, stale one.)
 */
function create(lockPath: string, content: string): boolean {
  const temporary = `${lockPath}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, content, { flag: 'wx' });
  try {
    linkSync(temporary, lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Moves a stale lock away by renaming it, which only one of several processes that found it stale can do; then
 * checks that what it moved is the stale lock it read, and not one that another process had just taken (put back).
 */
function removeStale(lockPath: string, found: string, dataDir: string, source: string): void {
  const aside = `${lockPath}.stale.${process.pid}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // another process moved it first
    throw error;
  }
  const moved = read(aside);
  if (moved !== found) {
    try {
      linkSync(aside, lockPath);
    } catch {
      // Someone took the folder meanwhile: theirs stands.
    }
    unlinkSync(aside);
    throw inUse(dataDir, source, lockPath, parse(moved ?? '') ?? { pid: Number.NaN });
  }
  unlinkSync(aside);
}

function release(lockPath: string, content: string): void {
  if (!held.delete(lockPath)) return;
  // Only our own: a lock that another process took over (after judging ours stale) stays theirs.
  if (read(lockPath) === content) unlinkSync(lockPath);
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The lock's owner; undefined for a file that is not a lock (then it is stale: a lock is written whole). */
function parse(text: string): Owner | undefined {
  try {
    const owner = JSON.parse(text) as Owner;
    return Number.isInteger(owner?.pid) && owner.pid > 0 ? owner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the lock's process still runs. Our own pid in a lock this process does not hold is stale: a container
 * that restarts runs its process under the pid the last one had.
 */
function alive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // runs, under another user
  }
}

function inUse(dataDir: string, source: string, lockPath: string, owner: Owner): StoreError {
  const by = Number.isNaN(owner.pid)
    ? 'another Interlock process'
    : `another Interlock process (pid ${owner.pid}${owner.hostname && owner.hostname !== hostname() ? ` on ${owner.hostname}` : ''})`;
  return new StoreError(
    'data-dir-in-use',
    `The data folder ${dataDir} (${source}) is in use by ${by}.`,
    `Stop it, or set INTERLOCK_DATA_DIR to another folder; to add specs to a running catalog use \`interlock publish --catalog URL\`. If no such process uses it, delete ${lockPath}.`,
  );
}
