import type { Store } from '@interlock/store';
import { UsageAggregator, type AggregatorOptions, type UsageBatch } from './aggregate.js';
import { ApiDirectory } from './catalog-index.js';
import { buildReport, parseDuration, resolutionsFor, type UsageReport } from './report.js';
import type { SpanRecord } from './types.js';
import { DEFAULT_RETENTION, UsageStore, type Retention } from './usage-store.js';

export interface UsageServiceOptions extends AggregatorOptions {
  /** Longest wait before a group of requests is committed (ms). Default 50. */
  flushIntervalMs?: number;
  /** Spans waiting for a commit beyond which new requests are refused as overloaded. Default 200,000. */
  maxPendingSpans?: number;
  /** Service name → API id, for services whose spec has no `x-service-name` and whose name is not the API id. */
  serviceToApi?: Record<string, string>;
  retention?: Retention;
}

/** The collector is saturated: the client should retry later (OTLP: 429/503 with Retry-After). */
export class Overloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('The collector is busy committing earlier requests; retry later.');
  }
}

/**
 * Usage from spans, durable before acknowledged: `ingest()` resolves only once the spans' aggregates are committed
 * to the store. Requests arriving together share one commit (group commit, at most `flushIntervalMs` apart), so
 * durability costs one transaction per group, not per request. A failed commit rejects every request of its group
 * and counts none of them.
 */
export class UsageService {
  readonly usage: UsageStore;
  private readonly aggregator: UsageAggregator;
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingSpans = 0;
  private timer: NodeJS.Timeout | undefined;
  private committing: Promise<void> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly store: Store,
    directory: ApiDirectory,
    private readonly options: UsageServiceOptions,
  ) {
    this.usage = new UsageStore(store.sql, store.engine);
    this.aggregator = new UsageAggregator(directory, options);
  }

  static async start(store: Store, options: UsageServiceOptions = {}): Promise<UsageService> {
    const service = new UsageService(store, await loadDirectory(store, options.serviceToApi), options);
    const seen = await service.usage.seen();
    service.aggregator.seed(seen.consumers, seen.routes);
    return service;
  }

  /** Re-reads the catalog (after publishes), so new APIs and versions are matched. */
  async refresh(): Promise<void> {
    this.aggregator.directory = await loadDirectory(this.store, this.options.serviceToApi);
  }

  get directory(): ApiDirectory {
    return this.aggregator.directory;
  }

  ingest(spans: readonly SpanRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Overloaded(5));
    if (this.pendingSpans + spans.length > (this.options.maxPendingSpans ?? 200_000))
      return Promise.reject(new Overloaded(1));
    this.aggregator.add(spans);
    this.pendingSpans += spans.length;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs ?? 50);
    return done;
  }

  /** Commits what is pending now; resolves when it (and every earlier commit) is durable. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch: UsageBatch = this.aggregator.drain();
    const waiting = this.waiting;
    const spans = this.pendingSpans;
    this.waiting = [];
    // Commits run one after another; a group's spans stay "pending" until its commit ends.
    this.committing = this.committing.then(async () => {
      try {
        await this.usage.write(batch);
        for (const w of waiting) w.resolve();
      } catch (error) {
        for (const w of waiting) w.reject(error);
      } finally {
        this.pendingSpans -= spans;
      }
    });
    return this.committing;
  }

  /** Flushes what is pending and refuses new spans (SIGTERM). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  async report(
    query: { since?: string; from?: number; to?: number; apiId?: string },
    now = Date.now(),
  ): Promise<UsageReport> {
    const to = query.to ?? now;
    const from = query.from ?? to - parseDuration(query.since ?? '7d');
    const resolutions = resolutionsFor(from, to);
    const [counts, traffic, latency, undocumented] = await Promise.all([
      this.usage.counts(resolutions.counts, from, to, query.apiId),
      this.usage.traffic(resolutions.series, from, to, query.apiId),
      this.usage.latency(resolutions.latency, from, to, query.apiId),
      this.usage.undocumented(from, to, query.apiId),
    ]);
    return buildReport({
      directory: this.directory,
      counts,
      traffic,
      latency,
      undocumented,
      from,
      to,
      resolution: resolutions.series,
      ...(query.apiId ? { apiId: query.apiId } : {}),
    });
  }

  async prune(now = Date.now()): Promise<void> {
    await this.usage.prune(now, this.options.retention ?? DEFAULT_RETENTION);
  }
}

/** Every API's latest version from the catalog, as the directory spans are matched against. */
export async function loadDirectory(
  store: Store,
  serviceToApi?: Record<string, string>,
): Promise<ApiDirectory> {
  const apis = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listApis({ limit: 1000, offset });
    for (const summary of page.items) {
      const version = await store.getVersion(summary.id, 'latest');
      if (version) apis.push(version.api);
    }
    if (offset + 1000 >= page.total) break;
  }
  return new ApiDirectory(apis, serviceToApi);
}
