import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Finding } from './types.js';

/** What a cache keeps per spec: its findings, and the hash of every file they were computed from. */
export interface CacheEntry {
  files: Record<string, string>;
  findings: Finding[];
  /** In a ruleset's entry (ruleset-key-cache.ts): its key, while `files` are unchanged. */
  ruleset?: { source: string; key: string };
}

/** Findings keyed by the content hash of the spec and the ruleset. */
export interface LintCache {
  get(key: string): Promise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry): Promise<void>;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The key of one spec's lint: the ruleset's content hash, the lint root (fingerprints depend on it) and the spec. */
export function cacheKey(rulesetKey: string, root: string, file: string, text: string): string {
  return sha256(`${rulesetKey}\0${root}\0${file}\0${sha256(text)}`);
}

/**
 * A hit only counts if every file the spec `$ref`s is unchanged too. `known` is a file whose content is already part
 * of the key (the spec itself), so it is not read again.
 */
export async function isFresh(entry: CacheEntry, known?: string): Promise<boolean> {
  for (const [file, hash] of Object.entries(entry.files)) {
    if (file === known) continue;
    try {
      if (sha256(await readFile(file)) !== hash) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export async function hashFiles(files: string[]): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const file of files) {
    try {
      hashes[file] = sha256(await readFile(file));
    } catch {
      hashes[file] = 'missing';
    }
  }
  return hashes;
}

/** One JSON file per key under `dir` (written atomically); a corrupt or unreadable entry is a miss. */
export function createFileCache(dir: string): LintCache {
  return {
    async get(key) {
      try {
        return JSON.parse(await readFile(join(dir, `${key}.json`), 'utf8')) as CacheEntry;
      } catch {
        return undefined;
      }
    },
    async set(key, entry) {
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${key}.json`);
      const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
      await writeFile(temp, JSON.stringify(entry));
      await rename(temp, file);
    },
  };
}

export function createMemoryCache(): LintCache {
  const entries = new Map<string, CacheEntry>();
  return {
    get: async (key) => entries.get(key),
    set: async (key, entry) => void entries.set(key, entry),
  };
}
