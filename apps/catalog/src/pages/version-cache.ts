import type { Store, StoredVersion } from '@interlock/store';
import { renderReference } from './api.js';

export interface CachedVersion {
  stored: StoredVersion;
  /** The rendered reference by page of the operation list (one page unless the API is large). */
  references: Map<number, string>;
}

/** Bump when the reference's markup changes, so that stored renderings are made again. */
const REFERENCE_REVISION = 1;
/**
 * Operations and schemas kept in memory across cached versions (a few KB each as objects): room for the largest
 * APIs of the APIs.guru corpus together (Microsoft Graph alone has 22,000 operations), whose models take seconds to
 * read back, and for hundreds of ordinary ones.
 */
const DEFAULT_BUDGET = 200_000;

const weight = (stored: StoredVersion) => 1 + stored.api.operations.length + stored.api.schemas.length;

/**
 * Published versions never change (the same version with other content is refused), so a version's model and its
 * rendered reference are kept for the next view: the largest specs take hundreds of milliseconds to read and
 * render. In memory, least recently used versions go first once their operations and schemas exceed a budget;
 * rendered references are also stored as artifacts, so a version is rendered once, not once per process or per
 * eviction. Entries are keyed by content hash too, so a store shared with other processes cannot serve a stale page.
 */
export class VersionCache {
  private readonly entries = new Map<string, CachedVersion>();
  private used = 0;

  constructor(
    private readonly store: Store,
    private readonly budget = DEFAULT_BUDGET,
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
    this.evict(`${apiId}\n${stored.version}`);
    this.entries.set(`${apiId}\n${stored.version}`, entry);
    this.used += weight(stored);
    for (const [k, e] of this.entries) {
      if (this.used <= this.budget || this.entries.size === 1) break;
      this.evict(k, e);
    }
    return entry;
  }

  /** The rendered reference of one page of a cached version: from memory, else stored, else rendered now. */
  async reference(entry: CachedVersion, page: number): Promise<string> {
    let html = entry.references.get(page);
    if (html !== undefined) return html;
    const { stored } = entry;
    const kind = `reference@${REFERENCE_REVISION}:${page}`;
    html = await this.store.getArtifact(stored.apiId, stored.version, kind);
    if (html === undefined) {
      html = await renderReference(stored.api, stored.apiId, stored.version, page);
      await this.store.putArtifact(stored.apiId, stored.version, kind, html);
    }
    entry.references.set(page, html);
    return html;
  }

  private evict(key: string, entry = this.entries.get(key)): void {
    if (!entry) return;
    this.entries.delete(key);
    this.used -= weight(entry.stored);
  }
}
