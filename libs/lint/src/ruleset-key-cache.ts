import { resolve } from 'node:path';
import { hashFiles, isFresh, sha256, type LintCache } from './cache.js';
import { RECOMMENDED, spectralVersions } from './ruleset/load-ruleset.js';

/**
 * A ruleset's key without loading it. Loading means bundling the ruleset and loading Spectral (about 2 s), and a
 * lint whose specs all come from the cache needs only the key: so the key is kept in the cache with the hashes of
 * the files the ruleset was made of, and holds while they are unchanged (and Spectral's versions are the same).
 */
export async function cachedRulesetKey(
  cache: LintCache,
  ruleset: string | undefined,
  root: string,
): Promise<{ source: string; key: string } | undefined> {
  const entry = await cache.get(entryKey(ruleset, root));
  if (!entry?.ruleset || Object.keys(entry.files).length === 0) return undefined;
  return (await isFresh(entry)) ? entry.ruleset : undefined;
}

/** Keeps a loaded ruleset's key; one that fetched URLs (no local `files`) is not kept. */
export async function rememberRulesetKey(
  cache: LintCache,
  ruleset: string | undefined,
  root: string,
  loaded: { source: string; key: string; files: string[] },
): Promise<void> {
  if (loaded.files.length === 0) return;
  await cache.set(entryKey(ruleset, root), {
    files: await hashFiles(loaded.files),
    findings: [],
    ruleset: { source: loaded.source, key: loaded.key },
  });
}

function entryKey(ruleset: string | undefined, root: string): string {
  const source = ruleset === undefined || ruleset === RECOMMENDED ? RECOMMENDED : resolve(root, ruleset);
  return sha256(`ruleset\0${source}\0${spectralVersions()}`);
}
