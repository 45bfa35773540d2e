import type { SpanRecord } from './types.js';

/** Where a call's consumer can come from, in the order they are tried by default. */
export type ConsumerSource = 'header' | 'enduser' | 'caller' | 'user-agent' | 'client-address';

export const DEFAULT_CONSUMER_PRECEDENCE: readonly ConsumerSource[] = [
  'header',
  'enduser',
  'caller',
  'user-agent',
  'client-address',
];

export const UNKNOWN_CONSUMER = 'unknown';

// Values that look like credentials are never kept: an auth scheme, a JWT, a long opaque token, a key=value secret.
const CREDENTIAL = [
  /^(bearer|basic|digest|negotiate|token)\s/i,
  /^eyJ[\w-]+\.[\w-]+\./,
  /^[A-Za-z0-9+/_=-]{32,}$/,
  /(secret|password|passwd|token|api[-_]?key)\s*[=:]/i,
];

export function looksLikeCredential(value: string): boolean {
  return CREDENTIAL.some((pattern) => pattern.test(value));
}

/**
 * The consumer of a server span, by precedence. `caller` is the service of the client span this server span is a
 * child of, when that client span was seen (same trace). A value that looks like a credential is skipped.
 */
export function consumerOf(
  span: SpanRecord,
  caller: string | undefined,
  precedence: readonly ConsumerSource[] = DEFAULT_CONSUMER_PRECEDENCE,
): string {
  for (const source of precedence) {
    const value = acceptedConsumer(valueOf(source, span, caller));
    if (value !== undefined) return value;
  }
  return UNKNOWN_CONSUMER;
}

/** A value as a consumer name: trimmed, when it is not empty, not over 200 characters and no credential. */
export function acceptedConsumer(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  return value && value.length <= 200 && !looksLikeCredential(value) ? value : undefined;
}

function valueOf(source: ConsumerSource, span: SpanRecord, caller: string | undefined): string | undefined {
  switch (source) {
    case 'header':
      return span.consumerId;
    case 'enduser':
      return span.enduserId;
    case 'caller':
      return caller;
    case 'user-agent':
      return span.userAgent;
    case 'client-address':
      return span.clientAddress;
  }
}

/**
 * Client spans seen recently, by span id → service: a server span whose parent is one of them was called by that
 * service. Bounded: the oldest are forgotten first.
 */
export class CallerIndex {
  private readonly callers = new Map<string, string>();
  constructor(private readonly capacity = 100_000) {}

  remember(spanId: string, serviceName: string): void {
    if (this.callers.size >= this.capacity) {
      const oldest = this.callers.keys().next().value;
      if (oldest !== undefined) this.callers.delete(oldest);
    }
    this.callers.set(spanId, serviceName);
  }

  get empty(): boolean {
    return this.callers.size === 0;
  }

  callerOf(parentSpanId: string): string | undefined {
    return parentSpanId ? this.callers.get(parentSpanId) : undefined;
  }
}
