import { fork, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openError } from './test-support/open-error.js';
import { createSql, type Database } from './sql.js';

let root: string;
// One initialised folder for most tests: initdb runs in a child process and takes a second or two.
let dir: string;
let lockPath: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'interlock-lock-'));
  dir = join(root, 'data');
  lockPath = join(dir, 'interlock.lock');
  await (await createSql({ dataDir: dir })).close();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function lockOwner(): number | undefined {
  return existsSync(lockPath)
    ? (JSON.parse(readFileSync(lockPath, 'utf8')) as { pid: number }).pid
    : undefined;
}

/** The pid of a process that has exited (and been reaped), so certainly not running now under that pid. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((done) => child.once('exit', done));
  return child.pid as number;
}

describe('a PGlite data folder is open in one store at a time', () => {
  it('a second store in this process is refused until the first closes, and the lock goes with it', async () => {
    const first = await createSql({ dataDir: dir });
    let second: Database | undefined;
    try {
      expect(lockOwner()).toBe(process.pid);
      const error = await openError({ dataDir: dir });
      expect(error.code).toBe('data-dir-in-use');
      expect(error.message).toContain(
        `The data folder ${dir} (StoreOptions.dataDir) is already open in this process.`,
      );
      // The refused open left the first one's lock alone.
      expect(lockOwner()).toBe(process.pid);
    } finally {
      await first.close();
    }
    expect(existsSync(lockPath)).toBe(false);
    try {
      second = await createSql({ dataDir: dir });
      await second.exec('CREATE TABLE IF NOT EXISTS t (id int)');
    } finally {
      await second?.close();
    }
    expect(readdirSync(dir).sort()).toEqual(['pglite']);
  });

  it('a lock left by a process that is gone is taken over', async () => {
    for (const stale of [JSON.stringify({ pid: await deadPid() }), '', 'not a lock']) {
      writeFileSync(lockPath, stale);
      const db = await createSql({ dataDir: dir });
      try {
        expect(lockOwner()).toBe(process.pid);
      } finally {
        await db.close();
      }
      expect(existsSync(lockPath)).toBe(false);
    }
  });

  it('a lock naming this process that this process does not hold is stale (a restarted container reuses pids)', async () => {
    writeFileSync(lockPath, JSON.stringify({ pid: process.pid, hostname: 'old-container' }));
    const db = await createSql({ dataDir: dir });
    await db.close();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('a store that fails to open releases the lock', async () => {
    const broken = join(root, 'broken');
    mkdirSync(join(broken, 'pglite'), { recursive: true });
    writeFileSync(join(broken, 'pglite', 'PG_VERSION'), '1\n'); // initdb skipped; PGlite cannot start on it
    const error = await openError({ dataDir: broken });
    expect(error.code).toBe('data-dir');
    expect(existsSync(join(broken, 'interlock.lock'))).toBe(false);
  });
});

describe('a PGlite data folder open in another process', () => {
  it('is refused with its pid and what to do, and taken over once that process was killed with SIGKILL', async () => {
    const child = fork(
      fileURLToPath(new URL('./test-support/open-store-process.ts', import.meta.url)),
      [dir],
      {
        execArgv: ['--import', 'tsx'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    const exited = new Promise((done) => child.once('exit', done));
    try {
      await new Promise((resolve, reject) => {
        child.once('message', resolve);
        child.once('exit', (code) => reject(new Error(`the child exited with ${code}`)));
      });
      const error = await openError({ dataDir: dir });
      expect(error.code).toBe('data-dir-in-use');
      expect(error.message).toBe(
        `The data folder ${dir} (StoreOptions.dataDir) is in use by another Interlock process (pid ${child.pid}). ` +
          'Stop it, or set INTERLOCK_DATA_DIR to another folder; to add specs to a running catalog use ' +
          `\`interlock publish --catalog URL\`. If no such process uses it, delete ${lockPath}.`,
      );
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    expect(lockOwner()).toBe(child.pid); // SIGKILL: nothing released it
    const db = await createSql({ dataDir: dir });
    try {
      expect(lockOwner()).toBe(process.pid);
      await db.exec('SELECT 1');
    } finally {
      await db.close();
    }
  });
});
