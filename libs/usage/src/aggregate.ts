import type { ApiDirectory, KnownApi } from './catalog-index.js';
import {
  acceptedConsumer,
  CallerIndex,
  DEFAULT_CONSUMER_PRECEDENCE,
  UNKNOWN_CONSUMER,
  type ConsumerSource,
} from './consumer.js';
import { attributeSlots, SLOT } from './decode/attributes.js';
import { BYTES, NUMBER, type SpanBatch } from './decode/span-batch.js';
import { Interner } from './interner.js';
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
  requestBytes: number;
  responseBytes: number;
}

/** Durations of one operation's calls in one minute (all consumers and status classes). */
export interface LatencyCell {
  apiId: string;
  operationKey: string;
  /** The minute's start, Unix ms. */
  minute: number;
  durations: LatencySketch;
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
  latencies: LatencyCell[];
  undocumented: UndocumentedCell[];
  spans: number;
}

const STATUS_CLASSES: readonly StatusClass[] = ['none', '1xx', '2xx', '3xx', '4xx', '5xx'];
/** Index into STATUS_CLASSES. */
const statusIndex = (status: number | undefined) =>
  status === undefined || status < 100 || status > 599 ? 0 : Math.floor(status / 100);

/** One operation's traffic since the last drain, by minute. */
interface OperationTally {
  apiId: string;
  operationKey: string;
  minutes: Map<number, MinuteTally>;
}

interface MinuteTally {
  minute: number;
  durations: LatencySketch;
  /** By consumer, then by status class (STATUS_CLASSES' index). */
  cells: Map<string, (UsageCell | undefined)[]>;
}

/** Route (or path) → operation, per API and method, remembered: most spans repeat a few routes. */
type RouteMemo = Map<string, Map<string, OperationTally | null>>;
const ROUTES_REMEMBERED = 20_000;

/**
 * Turns server spans into usage aggregates. Holds what is not yet written (`drain()` hands it over) and the
 * bounded memory of consumers and routes seen, for the cardinality caps. Pure: no I/O, no clock.
 */
export class UsageAggregator {
  private undocumented = new Map<string, UndocumentedCell>();
  private spans = 0;
  private readonly operations = new Map<string, OperationTally>();
  private readonly active = new Set<OperationTally>();
  private readonly routeMemos = new WeakMap<KnownApi, { size: number; memo: RouteMemo }>();
  private readonly callers = new CallerIndex();
  private readonly consumersSeen = new Map<string, Set<string>>();
  private readonly routesSeen = new Map<string, Set<string>>();
  private readonly warned = new Set<string>();
  private readonly precedence: readonly ConsumerSource[];
  private readonly maxConsumers: number;
  private readonly maxRoutes: number;
  // Texts of the protobuf path, decoded once per distinct value.
  private readonly methods = new Interner(256, (text) => text.toUpperCase());
  private readonly templates = new Interner(ROUTES_REMEMBERED, (text) => text);
  private readonly consumerValues = new Interner(50_000, acceptedConsumer);

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
      const operation = known && template ? this.operationOf(known, method, template) : null;
      if (!known || !operation) {
        this.addUndocumented(span, known?.apiId, method);
        continue;
      }
      let consumer: string | undefined;
      for (const source of this.precedence) {
        consumer = acceptedConsumer(recordValue(source, span, this.callers));
        if (consumer !== undefined) break;
      }
      this.count(
        operation,
        consumer ?? UNKNOWN_CONSUMER,
        statusIndex(span.httpStatusCode),
        span.startTimeUnixMs,
        span.durationMs,
        span.requestBodySize ?? 0,
        span.responseBodySize ?? 0,
      );
    }
  }

  /** `add` for a decoded protobuf export: the same counts, reading texts only where they decide something. */
  addBatch(batch: SpanBatch): void {
    const slots = SLOT;
    const n = batch.count;
    const kinds = batch.kind;
    const valueKind = batch.valueKind;
    for (let i = 0; i < n; i++)
      if (kinds[i] === 3)
        this.callers.remember(batch.spanId(i), batch.services[batch.resource[i] as number] as string);
    let lastResource = -1;
    let known: KnownApi | undefined;
    for (let i = 0; i < n; i++) {
      const base = i * attributeSlots;
      if (kinds[i] !== 2 || valueKind[base + slots.httpMethod] !== BYTES) {
        // A method given as a number is not an HTTP method Interlock can match: the record path decides.
        if (kinds[i] === 2 && valueKind[base + slots.httpMethod] === NUMBER) this.add([batch.record(i)]);
        continue;
      }
      const resource = batch.resource[i] as number;
      if (resource !== lastResource) {
        lastResource = resource;
        known = this.directory.forService(batch.services[resource] as string);
      }
      const method = this.methods.get(
        batch.node,
        batch.valueStart[base + slots.httpMethod] as number,
        batch.valueEnd[base + slots.httpMethod] as number,
      );
      if (method === '') continue;
      const templateSlot = valueKind[base + slots.httpRoute] !== 0 ? slots.httpRoute : slots.urlPath;
      let operation: OperationTally | null = null;
      if (known && valueKind[base + templateSlot] === BYTES) {
        const template = this.templates.get(
          batch.node,
          batch.valueStart[base + templateSlot] as number,
          batch.valueEnd[base + templateSlot] as number,
        );
        if (template !== '') operation = this.operationOf(known, method, template);
      }
      if (!known || !operation) {
        this.spans++;
        this.addUndocumented(batch.record(i), known?.apiId, method);
        continue;
      }
      this.spans++;
      this.count(
        operation,
        this.batchConsumer(batch, i, base),
        statusIndex(batch.number(i, slots.httpStatusCode)),
        batch.startMs[i] as number,
        batch.durationMs[i] as number,
        batch.number(i, slots.requestBodySize) ?? 0,
        batch.number(i, slots.responseBodySize) ?? 0,
      );
    }
  }

  /** What was aggregated since the last drain; the aggregator starts empty again. */
  drain(): UsageBatch {
    const cells: UsageCell[] = [];
    const latencies: LatencyCell[] = [];
    for (const operation of this.active) {
      for (const tally of operation.minutes.values()) {
        latencies.push({
          apiId: operation.apiId,
          operationKey: operation.operationKey,
          minute: tally.minute,
          durations: tally.durations,
        });
        for (const byStatus of tally.cells.values()) for (const cell of byStatus) if (cell) cells.push(cell);
      }
      operation.minutes.clear();
    }
    this.active.clear();
    const batch = { cells, latencies, undocumented: [...this.undocumented.values()], spans: this.spans };
    this.undocumented = new Map();
    this.spans = 0;
    return batch;
  }

  private count(
    operation: OperationTally,
    rawConsumer: string,
    status: number,
    startMs: number,
    durationMs: number,
    requestBytes: number,
    responseBytes: number,
  ): void {
    const consumer = this.capConsumer(operation.apiId, rawConsumer);
    const minuteIndex = Math.floor(startMs / 60_000);
    let tally = operation.minutes.get(minuteIndex);
    if (!tally) {
      tally = { minute: minuteIndex * 60_000, durations: LatencySketch.create(), cells: new Map() };
      operation.minutes.set(minuteIndex, tally);
      this.active.add(operation);
    }
    let byStatus = tally.cells.get(consumer);
    if (!byStatus)
      tally.cells.set(
        consumer,
        (byStatus = [undefined, undefined, undefined, undefined, undefined, undefined]),
      );
    let cell = byStatus[status];
    if (!cell) {
      cell = {
        apiId: operation.apiId,
        operationKey: operation.operationKey,
        consumer,
        statusClass: STATUS_CLASSES[status] as StatusClass,
        minute: tally.minute,
        count: 0,
        requestBytes: 0,
        responseBytes: 0,
      };
      byStatus[status] = cell;
    }
    cell.count++;
    cell.requestBytes += requestBytes;
    cell.responseBytes += responseBytes;
    tally.durations.add(durationMs);
  }

  /** The consumer of span `i` of a batch, by precedence, decoding (once per distinct value) only what is needed. */
  private batchConsumer(batch: SpanBatch, i: number, base: number): string {
    for (const source of this.precedence) {
      let consumer: string | undefined;
      if (source === 'caller') {
        if (!this.callers.empty) consumer = acceptedConsumer(this.callers.callerOf(batch.parentSpanId(i)));
      } else {
        const slot = SOURCE_SLOTS[source];
        const kind = batch.valueKind[base + slot];
        if (kind === BYTES)
          consumer = this.consumerValues.get(
            batch.node,
            batch.valueStart[base + slot] as number,
            batch.valueEnd[base + slot] as number,
          );
        else if (kind === NUMBER) consumer = acceptedConsumer(batch.string(i, slot));
      }
      if (consumer !== undefined) return consumer;
    }
    return UNKNOWN_CONSUMER;
  }

  /** The operation a method and route (or path) of an API map to, or null; remembered per API. */
  private operationOf(known: KnownApi, method: string, template: string): OperationTally | null {
    let memo = this.routeMemos.get(known);
    if (!memo) this.routeMemos.set(known, (memo = { size: 0, memo: new Map() }));
    let byTemplate = memo.memo.get(method);
    if (!byTemplate) memo.memo.set(method, (byTemplate = new Map()));
    const hit = byTemplate.get(template);
    if (hit !== undefined) return hit;
    const match = known.matcher.match(method, template);
    const operation = match ? this.operationTally(known.apiId, match.operation.key) : null;
    if (memo.size >= ROUTES_REMEMBERED) {
      memo.memo.clear();
      memo.memo.set(method, byTemplate);
      byTemplate.clear();
      memo.size = 0;
    }
    byTemplate.set(template, operation);
    memo.size++;
    return operation;
  }

  private operationTally(apiId: string, operationKey: string): OperationTally {
    const key = `${apiId}\n${operationKey}`;
    let tally = this.operations.get(key);
    if (!tally) this.operations.set(key, (tally = { apiId, operationKey, minutes: new Map() }));
    return tally;
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

/** The attributes aggregation reads (a mask of slots for `decodeTraceBatch`): not url.full, server.address, peer.service. */
export const AGGREGATED_SLOTS = [
  SLOT.httpMethod,
  SLOT.httpStatusCode,
  SLOT.httpRoute,
  SLOT.urlPath,
  SLOT.clientAddress,
  SLOT.userAgent,
  SLOT.enduserId,
  SLOT.consumerId,
  SLOT.requestBodySize,
  SLOT.responseBodySize,
].reduce((mask, slot) => mask | (1 << slot), 0);

/** The attribute slot each consumer source reads (the caller comes from the client span instead). */
const SOURCE_SLOTS: Record<Exclude<ConsumerSource, 'caller'>, number> = {
  header: SLOT.consumerId,
  enduser: SLOT.enduserId,
  'user-agent': SLOT.userAgent,
  'client-address': SLOT.clientAddress,
};

function recordValue(source: ConsumerSource, span: SpanRecord, callers: CallerIndex): string | undefined {
  switch (source) {
    case 'header':
      return span.consumerId;
    case 'enduser':
      return span.enduserId;
    case 'caller':
      return callers.callerOf(span.parentSpanId);
    case 'user-agent':
      return span.userAgent;
    case 'client-address':
      return span.clientAddress;
  }
}

function setOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  return set;
}

export function statusClassOf(status: number | undefined): StatusClass {
  return STATUS_CLASSES[statusIndex(status)] as StatusClass;
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
