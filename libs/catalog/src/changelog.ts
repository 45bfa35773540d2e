import { diffSpecs, type Change } from '@interlock/diff';
import { loadSpecText, type LoadedSpec } from '@interlock/openapi';
import type { Store, VersionSummary } from '@interlock/store';

/** Bump this when the checks change, so stored changelogs are computed again. */
const CHANGELOG_REVISION = 2;
const KIND = 'changes';

export interface Changelog {
  apiId: string;
  version: string;
  /** The version compared against: the one asked for, else the one before; null for the first version. */
  base: string | null;
  changes: Change[];
}

/**
 * The version a changelog compares with: the highest version below `version` when versions are semantic (`1.4.0`,
 * `v2`, `2024-01`: compared number by number), so a hotfix 1.0.1 published after 2.0.0 compares with 1.0.0; else the
 * version published just before it. `versions` is newest first, as the store lists them.
 */
export function previousVersion(versions: VersionSummary[], version: string): string | null {
  const i = versions.findIndex((v) => v.version === version);
  if (i < 0) return null;
  const mine = numbers(version);
  if (mine) {
    let best: { version: string; n: number[] } | undefined;
    for (const v of versions) {
      const n = numbers(v.version);
      if (!n) continue;
      if (compare(n, mine) < 0 && (!best || compare(n, best.n) > 0)) best = { version: v.version, n };
    }
    if (best || versions.every((v) => numbers(v.version))) return best?.version ?? null;
  }
  return versions[i + 1]?.version ?? null;
}

function numbers(version: string): number[] | undefined {
  const m = /^v?(\d+(?:[.-]\d+)*)$/.exec(version);
  return m ? (m[1] as string).split(/[.-]/).map(Number) : undefined;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

/**
 * The changes of a stored version against `base` (any other version of the API), or by default against the one
 * before it (see `previousVersion`), computed once per pair and kept as an artifact of the version. Undefined when
 * either version does not exist.
 */
export async function changelog(
  store: Store,
  apiId: string,
  version: string,
  base?: string,
): Promise<Changelog | undefined> {
  const versions = await store.listVersions(apiId);
  const current = versions.find((v) => v.version === version);
  if (!current) return undefined;
  const against = base === undefined ? previousVersion(versions, current.version) : base;
  if (against !== null && !versions.some((v) => v.version === against)) return undefined;
  const kind = base === undefined ? KIND : `${KIND}@${against}`;
  const cached = await store.getArtifact(apiId, current.version, kind);
  if (cached) {
    const parsed = JSON.parse(cached) as Changelog & { revision?: number };
    if (parsed.revision === CHANGELOG_REVISION)
      return { apiId, version: current.version, base: parsed.base, changes: parsed.changes };
  }
  const changes =
    against !== null && against !== current.version
      ? diffSpecs(await loadStored(store, apiId, against), await loadStored(store, apiId, current.version))
      : [];
  await store.putArtifact(
    apiId,
    current.version,
    kind,
    JSON.stringify({ revision: CHANGELOG_REVISION, base: against, changes }),
  );
  return { apiId, version: current.version, base: against, changes };
}

/** Stored texts are self-contained (multi-file specs are stored bundled) and were checked at publish. */
export async function loadStored(store: Store, apiId: string, version: string): Promise<LoadedSpec> {
  const stored = await store.getSpecText(apiId, version);
  if (!stored) throw new Error(`${apiId} ${version} is not in the catalog`);
  return loadSpecText(stored.text, {
    apiId,
    filename: `${apiId}.openapi`,
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
}

export type CompatibilityPolicy = 'none' | 'backward';

/** `x-compatibility` on the spec's root or `info`: `backward` refuses breaking versions unless the major is bumped. */
export function compatibilityPolicy(spec: LoadedSpec): CompatibilityPolicy {
  const doc = spec.document as Record<string, unknown>;
  const info = (doc.info ?? {}) as Record<string, unknown>;
  const value = doc['x-compatibility'] ?? info['x-compatibility'];
  return value === 'backward' ? 'backward' : 'none';
}

/** Whether `next` has a greater major version than `previous` (`v2`, `2.0.0`, `2024-01` all count by their first number). */
export function majorBumped(previous: string, next: string): boolean {
  const major = (v: string) => Number(/\d+/.exec(v)?.[0] ?? Number.NaN);
  const a = major(previous);
  const b = major(next);
  return Number.isFinite(a) && Number.isFinite(b) && b > a;
}
