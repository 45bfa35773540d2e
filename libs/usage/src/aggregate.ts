import type { ApiDirectory } from './catalog-index.js';
import { CallerIndex, consumerOf, DEFAULT_CONSUMER_PRECEDENCE, type ConsumerSource } from './consumer.js';
import { LatencySketch } from './sketch.js';
import type { SpanRecord } from './types.js';

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx' | 'none';

/** Traffic of one (API, operation, consumer, status class) in one minute. */
export interface UsageCell {
  apiId: string;
  operationKey: string;
  consumer: string;
  statusClass: StatusClass;
  /** The minute's start, Unix ms. */
  minute: number;
  count: number;
  durations: LatencySketch;
  requestBytes: number;
  responseBytes: number;
}

/** Calls to a route no spec documents, per service + method + route. */
export interface UndocumentedCell {
  service: string;
  apiId: string | undefined;
  method: string;
  route: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** One concrete path that was called. */
  example: string;
}

export interface AggregatorOptions {
  consumerPrecedence?: readonly ConsumerSource[];
  /** Distinct consumers kept per API; more are counted as `(other)`. Default 1,000. */
  maxConsumersPerApi?: number;
  /** Distinct undocumented routes kept per service; more are counted as `(other)`. Default 500. */
  maxUndocumentedPerService?: number;
  onWarning?: (message: string) => void;
}

export const OVERFLOW = '(other)';

/** The batch of aggregates one group commit writes. */
export interface UsageBatch {
  cells: UsageCell[];
  undocumented: UndocumentedCell[];
  spans: number;
}

/**
 * Turns server spans into usage aggregates. Holds what is not yet written (`drain()` hands it over) and the
 * bounded memory of consumers and routes seen, for the cardinality caps. Pure: no I/O, no clock.
 */
export class UsageAggregator {
  private cells = new Map<string, UsageCell>();
  private undocumented = new Map<string, UndocumentedCell>();
  private spans = 0;
  private readonly callers = new CallerIndex();
  private readonly consumersSeen = new Map<string, Set<string>>();
  private readonly routesSeen = new Map<string, Set<string>>();
  private readonly warned = new Set<string>();
  private readonly precedence: readonly ConsumerSource[];
  private readonly maxConsumers: number;
  private readonly maxRoutes: number;

  constructor(
    public directory: ApiDirectory,
    private readonly options: AggregatorOptions = {},
  ) {
    this.precedence = options.consumerPrecedence ?? DEFAULT_CONSUMER_PRECEDENCE;
    this.maxConsumers = options.maxConsumersPerApi ?? 1000;
    this.maxRoutes = options.maxUndocumentedPerService ?? 500;
  }

  /** Consumers and routes already stored count against the caps too. */
  seed(known: { apiId: string; consumer: string }[], routes: { service: string; key: string }[]): void {
    for (const { apiId, consumer } of known) setOf(this.consumersSeen, apiId).add(consumer);
    for (const { service, key } of routes) setOf(this.routesSeen, service).add(key);
  }

  add(spans: readonly SpanRecord[]): void {
    // Client spans first: a server span in the same export can then find its caller.
    for (const span of spans) if (span.kind === 3) this.callers.remember(span.spanId, span.serviceName);
    for (const span of spans) {
      if (span.kind !== 2 || !span.httpMethod) continue;
      this.spans++;
      const method = span.httpMethod.toUpperCase();
      const known = this.directory.forService(span.serviceName);
      const template = span.httpRoute ?? span.urlPath;
      const match = known && template ? known.matcher.match(method, template) : undefined;
      if (!known || !match) {
        this.addUndocumented(span, known?.apiId, method);
        continue;
      }
      const consumer = this.capConsumer(
        known.apiId,
        consumerOf(span, this.callers.callerOf(span.parentSpanId), this.precedence),
      );
      const statusClass = statusClassOf(span.httpStatusCode);
      const minute = Math.floor(span.startTimeUnixMs / 60_000) * 60_000;
      const key = `${known.apiId}\n${match.operation.key}\n${consumer}\n${statusClass}\n${minute}`;
      let cell = this.cells.get(key);
      if (!cell) {
        cell = {
          apiId: known.apiId,
          operationKey: match.operation.key,
          consumer,
          statusClass,
          minute,
          count: 0,
          durations: LatencySketch.create(),
          requestBytes: 0,
          responseBytes: 0,
        };
        this.cells.set(key, cell);
      }
      cell.count++;
      cell.durations.add(span.durationMs);
      cell.requestBytes += span.requestBodySize ?? 0;
      cell.responseBytes += span.responseBodySize ?? 0;
    }
  }

  /** What was aggregated since the last drain; the aggregator starts empty again. */
  drain(): UsageBatch {
    const batch = {
      cells: [...this.cells.values()],
      undocumented: [...this.undocumented.values()],
      spans: this.spans,
    };
    this.cells = new Map();
    this.undocumented = new Map();
    this.spans = 0;
    return batch;
  }

  private addUndocumented(span: SpanRecord, apiId: string | undefined, method: string): void {
    const path = span.httpRoute ?? span.urlPath ?? '/';
    const route = this.capRoute(span.serviceName, method, span.httpRoute ?? templateOf(path));
    const key = `${span.serviceName}\n${method}\n${route}`;
    let cell = this.undocumented.get(key);
    if (!cell) {
      cell = {
        service: span.serviceName,
        apiId,
        method,
        route,
        count: 0,
        firstSeen: span.startTimeUnixMs,
        lastSeen: span.startTimeUnixMs,
        example: path.slice(0, 500),
      };
      this.undocumented.set(key, cell);
    }
    cell.count++;
    cell.firstSeen = Math.min(cell.firstSeen, span.startTimeUnixMs);
    cell.lastSeen = Math.max(cell.lastSeen, span.startTimeUnixMs);
  }

  private capConsumer(apiId: string, consumer: string): string {
    const seen = setOf(this.consumersSeen, apiId);
    if (seen.has(consumer)) return consumer;
    if (seen.size >= this.maxConsumers) {
      this.warn(
        `consumers:${apiId}`,
        `API ${apiId} has more than ${this.maxConsumers} consumers; further ones are counted as ${OVERFLOW}.`,
      );
      return OVERFLOW;
    }
    seen.add(consumer);
    return consumer;
  }

  private capRoute(service: string, method: string, route: string): string {
    const seen = setOf(this.routesSeen, service);
    const key = `${method} ${route}`;
    if (seen.has(key)) return route;
    if (seen.size >= this.maxRoutes) {
      this.warn(
        `routes:${service}`,
        `Service ${service} called more than ${this.maxRoutes} undocumented routes; further ones are counted as ${OVERFLOW}.`,
      );
      return OVERFLOW;
    }
    seen.add(key);
    return route;
  }

  private warn(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.onWarning?.(message);
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

export function statusClassOf(status: number | undefined): StatusClass {
  if (status === undefined || status < 100 || status > 599) return 'none';
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

const ID_SEGMENT =
  /^(\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{16,}|[A-Za-z0-9_-]{22,})$/i;

/**
 * A concrete path as a template: segments that look like ids become `{id}`, so `/orders/42/tracking` and
 * `/orders/43/tracking` are one undocumented route, not two.
 */
export function templateOf(path: string): string {
  const clean = path.split('?')[0] ?? '/';
  return clean
    .split('/')
    .map((segment) => (ID_SEGMENT.test(segment) ? '{id}' : segment))
    .join('/');
}
