/** OTLP `Span.SpanKind`: 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
export type SpanKind = 0 | 1 | 2 | 3 | 4 | 5;

/** OTLP `Status.StatusCode`: 0 unset, 1 ok, 2 error. */
export type SpanStatusCode = 0 | 1 | 2;

/**
 * The part of one span Interlock needs to turn traffic into usage. Every field is always present (absent
 * attributes are `undefined`), so every record has one shape.
 */
export interface SpanRecord {
  /** The resource's `service.name`; `''` when the resource has none. */
  serviceName: string;
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  /** 16 lowercase hex digits, or `''` for a root span. */
  parentSpanId: string;
  name: string;
  kind: SpanKind;
  /** Exact 64-bit Unix time in nanoseconds. */
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  /** Start as Unix milliseconds (a float; exact enough to bucket by minute without bigint arithmetic). */
  startTimeUnixMs: number;
  /** End minus start in milliseconds, computed from the exact 64-bit times. */
  durationMs: number;
  statusCode: SpanStatusCode;
  /** `http.request.method` (or the older `http.method`). */
  httpMethod: string | undefined;
  /** `http.response.status_code` (or `http.status_code`). */
  httpStatusCode: number | undefined;
  httpRoute: string | undefined;
  /** `url.path`, or the path part of the older `http.target` (its query cut off). */
  urlPath: string | undefined;
  /** `url.full` (or `http.url`). */
  urlFull: string | undefined;
  serverAddress: string | undefined;
  /** `client.address` (or `net.peer.ip`). */
  clientAddress: string | undefined;
  /** `user_agent.original` (or `http.user_agent`). */
  userAgent: string | undefined;
  enduserId: string | undefined;
  /** `http.request.header.x-consumer-id`; the first element when the value is a string array. */
  consumerId: string | undefined;
  /** `http.request.body.size` (or `http.request_content_length`). */
  requestBodySize: number | undefined;
  /** `http.response.body.size` (or `http.response_content_length`). */
  responseBodySize: number | undefined;
  peerService: string | undefined;
}

export type TraceEncoding = 'protobuf' | 'json';

/** What one OTLP export request held. Rejected spans are counted, as OTLP partial success reports them. */
export interface DecodeResult {
  spans: SpanRecord[];
  rejected: number;
  /** Why spans were rejected (the first reason and how many), for `partial_success.error_message`. */
  errorMessage?: string;
}

export interface DecodeOptions {
  /** Longer strings are cut to this many UTF-8 bytes (never inside a character). Default 1024. */
  maxStringBytes?: number;
  /** Spans starting before this Unix time (ms) are rejected as absurd. Default 2000-01-01. */
  minTimeUnixMs?: number;
  /** Spans ending after this Unix time (ms) are rejected as absurd. Default 2200-01-01. */
  maxTimeUnixMs?: number;
}

export type ResolvedDecodeOptions = Required<DecodeOptions>;
