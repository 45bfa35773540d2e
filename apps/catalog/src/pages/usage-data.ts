import type { Api } from '@interlock/openapi';
import type { Store } from '@interlock/store';
import {
  ApiDirectory,
  buildReport,
  parseDuration,
  resolutionsFor,
  UsageStore,
  type ApiUsage,
  type UsageReport,
} from '@interlock/usage';

const WEEK_MS = 7 * 86_400_000;
/** Points of a home-page sparkline: a week in 6-hour buckets. */
const SPARK_POINTS = 28;

export interface ApiTraffic {
  /** Requests per 6 hours over the last week, oldest first. */
  spark: number[];
  requests: number;
  consumers: number;
}

/**
 * Traffic of every API over the last week, from the usage rollups the collector writes (hour buckets for the
 * sparkline, day buckets for consumers). Two queries for the whole list, whatever its length.
 */
export async function weeklyTraffic(store: Store, now = Date.now()): Promise<Map<string, ApiTraffic>> {
  const usage = new UsageStore(store.sql, store.engine);
  const from = now - WEEK_MS;
  const [hours, counts] = await Promise.all([
    usage.traffic('hour', from, now),
    usage.counts('day', from, now),
  ]);
  const out = new Map<string, ApiTraffic>();
  const entry = (apiId: string) => {
    let at = out.get(apiId);
    if (!at)
      out.set(apiId, (at = { spark: new Array<number>(SPARK_POINTS).fill(0), requests: 0, consumers: 0 }));
    return at;
  };
  const start = now - WEEK_MS;
  for (const row of hours) {
    const i = Math.min(
      SPARK_POINTS - 1,
      Math.max(0, Math.floor(((row.bucket - start) / WEEK_MS) * SPARK_POINTS)),
    );
    const at = entry(row.apiId);
    at.spark[i] = (at.spark[i] ?? 0) + row.requests;
    at.requests += row.requests;
  }
  const consumers = new Map<string, Set<string>>();
  for (const row of counts) {
    let set = consumers.get(row.apiId);
    if (!set) consumers.set(row.apiId, (set = new Set()));
    set.add(row.consumer);
  }
  for (const [apiId, set] of consumers) entry(apiId).consumers = set.size;
  return out;
}

/** The usage report of one API version's operations over `since` (default 7 days). */
export async function apiUsage(store: Store, api: Api, since = '7d', now = Date.now()): Promise<ApiUsage> {
  const usage = new UsageStore(store.sql, store.engine);
  const to = now;
  const from = to - parseDuration(since);
  const r = resolutionsFor(from, to);
  const [counts, traffic, latency, undocumented] = await Promise.all([
    usage.counts(r.counts, from, to, api.id),
    usage.traffic(r.series, from, to, api.id),
    usage.latency(r.latency, from, to, api.id),
    usage.undocumented(from, to, api.id),
  ]);
  const report = buildReport({
    directory: new ApiDirectory([api]),
    counts,
    traffic,
    latency,
    undocumented,
    from,
    to,
    resolution: r.series,
    apiId: api.id,
  });
  const one = report.apis[0];
  if (!one) throw new Error(`usage report without ${api.id}`);
  return one;
}

/**
 * The platform report over `since`, for the APIs that had traffic (the rest are counted, not listed: with thousands
 * of APIs their "unused" lists would bury the report). Only those APIs' models are read from the catalog.
 */
export async function platformReport(
  store: Store,
  since: string,
  now = Date.now(),
): Promise<{ report: UsageReport; quiet: number }> {
  const usage = new UsageStore(store.sql, store.engine);
  const to = now;
  const from = to - parseDuration(since);
  const r = resolutionsFor(from, to);
  const [counts, traffic, latency, undocumented, all] = await Promise.all([
    usage.counts(r.counts, from, to),
    usage.traffic(r.series, from, to),
    usage.latency(r.latency, from, to),
    usage.undocumented(from, to),
    store.listApis({ limit: 1 }),
  ]);
  const ids = new Set([
    ...counts.map((c) => c.apiId),
    ...undocumented.flatMap((u) => (u.apiId ? [u.apiId] : [])),
  ]);
  const apis: Api[] = [];
  for (const id of [...ids].sort()) {
    const version = await store.getVersion(id, 'latest');
    if (version) apis.push(version.api);
  }
  const report = buildReport({
    directory: new ApiDirectory(apis),
    counts,
    traffic,
    latency,
    undocumented,
    from,
    to,
    resolution: r.series,
  });
  return { report, quiet: all.total - report.apis.length };
}
