import type { Operation } from '@interlock/openapi';
import type { ApiDirectory } from './catalog-index.js';
import { LatencySketch } from './sketch.js';
import {
  BUCKET_MS,
  type CountRow,
  type LatencyRow,
  type Resolution,
  type TrafficRow,
} from './usage-store.js';

export interface ConsumerRequests {
  consumer: string;
  requests: number;
}

export interface OperationUsage {
  operationId: string | null;
  method: string;
  path: string;
  deprecated: boolean;
  sunset?: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  consumers: ConsumerRequests[];
}

export interface ApiUsage {
  apiId: string;
  version: string;
  requests: number;
  errors4xx: number;
  errors5xx: number;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
  consumers: ConsumerRequests[];
  /** Requests per bucket of `resolution`, oldest first, for charts. */
  traffic: { t: string; requests: number; errors: number }[];
  operations: OperationUsage[];
  undocumented: {
    method: string;
    route: string;
    requests: number;
    firstSeen: string;
    lastSeen: string;
    example: string;
  }[];
  unused: { operationId: string | null; method: string; path: string }[];
  deprecatedInUse: {
    operationId: string | null;
    method: string;
    path: string;
    sunset?: string;
    consumers: ConsumerRequests[];
  }[];
}

/** What a report is read at: week rows only ever serve as sums of days. */
export type ReportResolution = Exclude<Resolution, 'week'>;

/** The platform team's report: a documented, stable shape (see specs/interlock-collector.openapi.yaml). */
export interface UsageReport {
  from: string;
  to: string;
  resolution: ReportResolution;
  apis: ApiUsage[];
}

export interface UndocumentedRow {
  service: string;
  apiId?: string;
  method: string;
  route: string;
  requests: number;
  firstSeen: string;
  lastSeen: string;
  example: string;
}

/**
 * Which rows a report over [from, to) reads. Counts: the finest resolution still kept for the whole range (exact
 * edges). Traffic series: at most a few hundred points. Latency: the coarsest that still fits the range, since
 * sketches are merged in memory — beyond three days, percentiles come from the whole days the range touches.
 */
export function resolutionsFor(
  from: number,
  to: number,
): { counts: ReportResolution; series: ReportResolution; latency: ReportResolution } {
  const hours = (to - from) / 3_600_000;
  return {
    counts: hours <= 48 ? 'minute' : hours <= 35 * 24 ? 'hour' : 'day',
    series: hours <= 3 ? 'minute' : hours <= 8 * 24 ? 'hour' : 'day',
    latency: hours <= 3 ? 'minute' : hours <= 72 ? 'hour' : 'day',
  };
}

const round = (n: number | undefined) => (n === undefined ? null : Math.round(n * 100) / 100);
const latency = (s: LatencySketch) => ({
  p50: round(s.quantile(0.5)),
  p95: round(s.quantile(0.95)),
  p99: round(s.quantile(0.99)),
});
const NO_LATENCY = Object.freeze(latency(LatencySketch.create()));
const ranked = (m: Map<string, number>): ConsumerRequests[] =>
  [...m]
    .map(([consumer, requests]) => ({ consumer, requests }))
    .sort((a, b) => b.requests - a.requests || a.consumer.localeCompare(b.consumer));

interface Listing {
  /** The operations by path, as the report lists them. */
  operations: Operation[];
  /** Each operation's usage when it had no traffic, frozen, shared by every report. */
  idle: readonly OperationUsage[];
}

const listings = new WeakMap<readonly Operation[], Listing>();
/** Made once per model: the largest APIs have 22,000 operations, nearly all of them without traffic. */
function listing(operations: readonly Operation[]): Listing {
  let found = listings.get(operations);
  if (!found) {
    const sorted = [...operations].sort((a, b) => a.path.localeCompare(b.path));
    const idle = sorted.map((operation) =>
      Object.freeze<OperationUsage>({
        operationId: operation.operationId ?? null,
        method: operation.method.toUpperCase(),
        path: operation.path,
        deprecated: operation.deprecated,
        ...(operation.sunset ? { sunset: operation.sunset } : {}),
        requests: 0,
        errors4xx: 0,
        errors5xx: 0,
        latencyMs: NO_LATENCY,
        consumers: [],
      }),
    );
    listings.set(operations, (found = { operations: sorted, idle }));
  }
  return found;
}

/** Pure: the report from stored rows and the catalog's operations. */
export function buildReport(input: {
  directory: ApiDirectory;
  counts: CountRow[];
  traffic: TrafficRow[];
  latency: LatencyRow[];
  undocumented: UndocumentedRow[];
  from: number;
  to: number;
  resolution: ReportResolution;
  apiId?: string;
}): UsageReport {
  const { directory, from, to, resolution } = input;
  const apis = input.apiId ? [directory.api(input.apiId)].filter((a) => a !== undefined) : directory.apis;
  const rowsByApi = groupBy(input.counts, (r) => r.apiId);
  const trafficByApi = groupBy(input.traffic, (r) => r.apiId);
  const latencyByApi = new Map<string, Map<string, LatencySketch>>();
  for (const l of input.latency) {
    let sketches = latencyByApi.get(l.apiId);
    if (!sketches) latencyByApi.set(l.apiId, (sketches = new Map()));
    sketches.set(l.operationKey, l.sketch);
  }
  const undocumentedByApi = groupBy(input.undocumented, (r) => r.apiId ?? '');
  const step = BUCKET_MS[resolution];
  const start = Math.floor(from / step) * step;

  const report: ApiUsage[] = apis.map((api) => {
    const rows = rowsByApi.get(api.apiId) ?? [];
    const byOperation = groupBy(rows, (r) => r.operationKey);
    const apiSketch = LatencySketch.create();
    const apiConsumers = new Map<string, number>();
    const traffic = new Map<number, { requests: number; errors: number }>();
    for (let t = start; t < to; t += step) traffic.set(t, { requests: 0, errors: 0 });
    for (const row of trafficByApi.get(api.apiId) ?? []) {
      const bucket = traffic.get(row.bucket);
      if (bucket) {
        bucket.requests += row.requests;
        bucket.errors += row.errors;
      }
    }
    let requests = 0;
    let errors4xx = 0;
    let errors5xx = 0;
    const { operations: ordered, idle } = listing(api.operations);
    const sketches = latencyByApi.get(api.apiId);
    const operations = ordered.map((operation, i): OperationUsage => {
      const opRows = byOperation.get(operation.key);
      const sketch = sketches?.get(operation.key);
      if (!opRows && !sketch) return idle[i] as OperationUsage;
      const entry: OperationUsage = {
        ...(idle[i] as OperationUsage),
        // A sketch of a window without counted requests is possible: latencies and counts are separate rows.
        latencyMs: sketch ? latency(sketch) : NO_LATENCY,
        consumers: [],
      };
      if (sketch) apiSketch.merge(sketch);
      if (!opRows) return entry;
      const consumers = new Map<string, number>();
      for (const row of opRows) {
        entry.requests += row.count;
        if (row.statusClass === '4xx') entry.errors4xx += row.count;
        if (row.statusClass === '5xx') entry.errors5xx += row.count;
        consumers.set(row.consumer, (consumers.get(row.consumer) ?? 0) + row.count);
        apiConsumers.set(row.consumer, (apiConsumers.get(row.consumer) ?? 0) + row.count);
      }
      entry.consumers = ranked(consumers);
      requests += entry.requests;
      errors4xx += entry.errors4xx;
      errors5xx += entry.errors5xx;
      return entry;
    });
    // Busiest first, then by path: the operations are in path order already and the sort is stable.
    const unused = operations.filter((o) => o.requests === 0);
    const used = operations.filter((o) => o.requests > 0).sort((a, b) => b.requests - a.requests);
    return {
      apiId: api.apiId,
      version: api.version,
      requests,
      errors4xx,
      errors5xx,
      latencyMs: latency(apiSketch),
      consumers: ranked(apiConsumers),
      traffic: [...traffic].map(([t, v]) => ({ t: new Date(t).toISOString(), ...v })),
      operations: [...used, ...unused],
      undocumented: (undocumentedByApi.get(api.apiId) ?? []).map(
        ({ method, route, requests: n, firstSeen, lastSeen, example }) => ({
          method,
          route,
          requests: n,
          firstSeen,
          lastSeen,
          example,
        }),
      ),
      unused: unused.map(({ operationId, method, path }) => ({ operationId, method, path })),
      deprecatedInUse: used
        .filter((o) => o.deprecated)
        .map(({ operationId, method, path, sunset, consumers }) => ({
          operationId,
          method,
          path,
          ...(sunset ? { sunset } : {}),
          consumers,
        })),
    };
  });
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    resolution,
    apis: report.sort((a, b) => b.requests - a.requests || a.apiId.localeCompare(b.apiId)),
  };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** `7d`, `24h`, `30m` → milliseconds; a clear error otherwise. */
export function parseDuration(text: string): number {
  const match = /^(\d+)\s*(m|h|d|w)$/.exec(text.trim());
  if (!match) throw new RangeError(`"${text}" is not a duration: use a number and m, h, d or w (e.g. 7d).`);
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}
