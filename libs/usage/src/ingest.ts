import type { Store } from '@interlock/store';
import { AGGREGATED_SLOTS, UsageAggregator, type AggregatorOptions, type UsageBatch } from './aggregate.js';
import { ApiDirectory } from './catalog-index.js';
import { decodeTraceBatch, decodeTraces } from './decode/decode-traces.js';
import { resolveDecodeOptions } from './decode/options.js';
import { SpanBatch } from './decode/span-batch.js';
import { buildReport, parseDuration, resolutionsFor, type UsageReport } from './report.js';
import type { DecodeResult, SpanRecord, TraceEncoding } from './types.js';
import { DEFAULT_RETENTION, UsageStore, type Retention } from './usage-store.js';

export interface UsageServiceOptions extends AggregatorOptions {
  /**
   * Longest wait before a group of requests is committed (ms), from the first request of the group. Default 10.
   * Senders wait this long at most (plus the commit).
   */
  flushIntervalMs?: number;
  /** A group is committed without waiting further once it holds this many spans. Default 4,096. */
  groupSpans?: number;
  /**
   * How often the journal is folded into the usage tables (ms). Default 5,000. Reads fold first, so this only sets
   * how much work one fold does: its cost grows with the distinct rows it touches, not with the spans.
   */
  foldIntervalMs?: number;
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
 * to the store's journal. Requests arriving together share one commit (group commit, at most `flushIntervalMs`
 * apart), so durability costs one journal row per group, not per request; the journal is folded into the usage
 * tables every `foldIntervalMs`, on start (what a crashed collector left) and before every read. A failed commit
 * rejects every request of its group and counts none of them.
 */
export class UsageService {
  readonly usage: UsageStore;
  private readonly aggregator: UsageAggregator;
  private readonly scratch = new SpanBatch();
  private readonly decodeOptions = resolveDecodeOptions();
  private waiting: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private pendingSpans = 0;
  private groupSpans = 0;
  private timer: NodeJS.Timeout | undefined;
  private foldTimer: NodeJS.Timeout | undefined;
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
    // What a collector acknowledged and did not fold before it stopped (or crashed) is folded now.
    await service.usage.fold(options.onWarning);
    await service.usage.analyzeIfNeeded();
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
    const refused = this.refuse(spans.length);
    if (refused) return Promise.reject(refused);
    this.aggregator.add(spans);
    return this.commit(spans.length);
  }

  /**
   * Decodes an OTLP export request and counts its spans; resolves, once they are durable, with the spans rejected
   * for bad ids or times. Rejects with a DecodeError (nothing counted) when the body cannot be decoded, and with
   * Overloaded when too many spans wait for a commit. `body` is read before this returns: the caller may reuse its
   * memory once it holds the promise.
   */
  async ingestExport(body: Uint8Array, encoding: TraceEncoding): Promise<Omit<DecodeResult, 'spans'>> {
    if (encoding === 'json') {
      const { spans, ...outcome } = decodeTraces(body, 'json', this.decodeOptions);
      await this.ingest(spans);
      return outcome;
    }
    // Decoded into the one scratch batch and counted in the same turn: nothing else uses it in between.
    const outcome = decodeTraceBatch(body, this.scratch, this.decodeOptions, AGGREGATED_SLOTS);
    const accepted = this.scratch.count;
    const refused = this.refuse(accepted);
    if (refused) throw refused;
    this.aggregator.addBatch(this.scratch);
    await this.commit(accepted);
    return outcome;
  }

  private refuse(spans: number): Overloaded | undefined {
    if (this.closed) return new Overloaded(5);
    if (this.pendingSpans + spans > (this.options.maxPendingSpans ?? 200_000)) return new Overloaded(1);
    return undefined;
  }

  /** Waits for the group commit of spans just aggregated. */
  private commit(spans: number): Promise<void> {
    this.pendingSpans += spans;
    this.groupSpans += spans;
    const done = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    if (this.groupSpans >= (this.options.groupSpans ?? 4096)) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.options.flushIntervalMs ?? 10);
    return done;
  }

  /** Commits what is pending now; resolves when it (and every earlier commit) is durable. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch: UsageBatch = this.aggregator.drain();
    const waiting = this.waiting;
    // This group's spans only: an earlier group may still be committing, its spans still pending.
    const spans = this.groupSpans;
    this.groupSpans = 0;
    this.waiting = [];
    // Commits run one after another; a group's spans stay "pending" until its commit ends.
    this.committing = this.committing.then(async () => {
      try {
        await this.usage.append(batch);
        for (const w of waiting) w.resolve();
        this.foldTimer ??= setTimeout(() => {
          this.foldTimer = undefined;
          void this.fold();
        }, this.options.foldIntervalMs ?? 5000);
      } catch (error) {
        for (const w of waiting) w.reject(error);
      } finally {
        this.pendingSpans -= spans;
      }
    });
    return this.committing;
  }

  /** Folds the journal into the usage tables now; a failure is reported and left for the next fold. */
  async fold(): Promise<void> {
    try {
      await this.usage.fold(this.options.onWarning);
    } catch (error) {
      this.options.onWarning?.(
        `could not fold the usage journal (kept for the next try): ${(error as Error).message}`,
      );
    }
  }

  /** Commits what is pending, folds the journal and refuses new spans (SIGTERM). */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    clearTimeout(this.foldTimer);
    this.foldTimer = undefined;
    await this.fold();
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

  /** Drops rows past their retention and, on PGlite (no autovacuum), vacuums and analyzes the usage tables. */
  async prune(now = Date.now()): Promise<void> {
    await this.usage.prune(now, this.options.retention ?? DEFAULT_RETENTION);
    await this.usage.maintain();
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
