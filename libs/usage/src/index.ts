export { decodeTraceBatch, decodeTraces } from './decode/decode-traces.js';
export { SpanBatch } from './decode/span-batch.js';
export { DecodeError, isDecodeError } from './decode/decode-error.js';
export type {
  DecodeOptions,
  DecodeResult,
  ResolvedDecodeOptions,
  SpanKind,
  SpanRecord,
  SpanStatusCode,
  TraceEncoding,
} from './types.js';
export { LatencySketch } from './sketch.js';
export {
  consumerOf,
  looksLikeCredential,
  CallerIndex,
  DEFAULT_CONSUMER_PRECEDENCE,
  UNKNOWN_CONSUMER,
  type ConsumerSource,
} from './consumer.js';
export { ApiDirectory, type KnownApi } from './catalog-index.js';
export {
  UsageAggregator,
  statusClassOf,
  templateOf,
  OVERFLOW,
  type AggregatorOptions,
  type StatusClass,
  type LatencyCell,
  type UsageBatch,
  type UsageCell,
  type UndocumentedCell,
} from './aggregate.js';
export {
  UsageStore,
  DEFAULT_RETENTION,
  type Resolution,
  type Retention,
  BUCKET_MS,
  type CountRow,
  type TrafficRow,
  type LatencyRow,
} from './usage-store.js';
export {
  buildReport,
  parseDuration,
  resolutionsFor,
  type ApiUsage,
  type OperationUsage,
  type UsageReport,
  type ConsumerRequests,
} from './report.js';
export { UsageService, Overloaded, loadDirectory, type UsageServiceOptions } from './ingest.js';
export { reportToMarkdown, reportToCsv, reportToHtml, escapeHtml } from './render.js';
