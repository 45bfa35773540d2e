import type { Store, StoredVersion } from '@interlock/store';
import { renderReference } from './api.js';

export interface CachedVersion {
  stored: StoredVersion;
  /** The rendered reference by page of the operation list (one page unless the API is large). */
  references: Map<number, string>;
}

/**
 * Published versions never change (the same version with other content is refused), so a version's model and its
 * rendered reference are kept for the next view: the largest specs take tens of milliseconds to read and render.
 * Least recently used entries go first; entries are keyed by content hash too, so a store shared with other
 * processes cannot serve a stale page.
 */
export class VersionCache {
  private readonly entries = new Map<string, CachedVersion>();

  constructor(
    private readonly store: Store,
    private readonly maxEntries = 32,
  ) {}

  async get(apiId: string, version: string, hash?: string): Promise<CachedVersion | undefined> {
    const key = `${apiId}\n${version}`;
    const hit = this.entries.get(key);
    if (hit && (hash === undefined || hit.stored.hash === hash)) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const stored = await this.store.getVersion(apiId, version);
    if (!stored) return undefined;
    const entry: CachedVersion = { stored, references: new Map() };
    this.entries.set(`${apiId}\n${stored.version}`, entry);
    while (this.entries.size > this.maxEntries)
      this.entries.delete(this.entries.keys().next().value as string);
    return entry;
  }
}

/** The rendered reference of one page of a cached version, rendered on first use. */
export async function referenceOf(entry: CachedVersion, page: number): Promise<string> {
  let html = entry.references.get(page);
  if (html === undefined) {
    const { stored } = entry;
    html = await renderReference(stored.api, stored.apiId, stored.version, page);
    entry.references.set(page, html);
  }
  return html;
}
