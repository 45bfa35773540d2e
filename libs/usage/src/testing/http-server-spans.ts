// Real OTLP payloads for tests and benchmarks: spans made by the OpenTelemetry JS SDK, shaped like those of
// @opentelemetry/instrumentation-http, serialised by @opentelemetry/otlp-transformer. Not part of the lib's
// runtime: only `@interlock/usage/testing` imports the SDK.
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import type { Attributes, HrTime } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import type { IdGenerator, ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface HttpServerSpansOptions {
  /** How many spans. Default 512. */
  count?: number;
  /** Seed of the deterministic ids, times and attribute values. Default 1. */
  seed?: number;
  /** Semantic conventions of the attributes: the older http.*, the stable ones, or a mix by span. Default 'mixed'. */
  conventions?: 'old' | 'stable' | 'mixed';
  /** Extra attributes on every span (e.g. thousands of unknown keys). */
  extraAttributes?: Attributes;
  serviceName?: string;
}

export interface HttpServerSpans {
  spans: ReadableSpan[];
  protobuf: Uint8Array;
  json: Uint8Array;
}

const routes = [
  ['GET', '/api/v1/orders/{id}'],
  ['POST', '/api/v1/orders'],
  ['GET', '/api/v1/customers/{customerId}/invoices'],
  ['PUT', '/api/v1/carts/{cartId}/items/{itemId}'],
  ['DELETE', '/api/v1/sessions/{id}'],
] as const;
const agents = ['Mozilla/5.0 (X11; Linux x86_64) Chrome/126.0', 'okhttp/4.12.0', 'python-requests/2.32.3'];
const statuses = [200, 200, 200, 201, 204, 304, 400, 404, 409, 500, 503];

/** Makes `count` HTTP server spans with the real SDK and encodes them as one export request both ways. */
export function httpServerSpans(options: HttpServerSpansOptions = {}): HttpServerSpans {
  const count = options.count ?? 512;
  const random = mulberry32(options.seed ?? 1);
  const exporter = new InMemorySpanExporter();
  const ids = seededIds(random);
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'checkout-api',
      'service.version': '4.12.0',
      'service.instance.id': 'b7c3d5e2-8a41-4b6f-9d0e-1f2a3b4c5d6e',
      'deployment.environment.name': 'production',
      'host.name': 'checkout-api-7f9c6d5b8-x2x9q',
      'host.arch': 'amd64',
      'os.type': 'linux',
      'process.pid': 12345,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': '20.20.2',
      'telemetry.sdk.language': 'nodejs',
      'telemetry.sdk.name': 'opentelemetry',
      'telemetry.sdk.version': '2.12.1',
    }),
    idGenerator: ids,
    spanLimits: { attributeCountLimit: 20_000 },
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-http', '0.223.1');
  const baseSeconds = 1_767_225_600; // 2026-01-01T00:00:00Z
  for (let i = 0; i < count; i++) {
    const [method, route] = routes[i % routes.length]!;
    const path = route.replace(/\{[^}]+\}/g, () => String(1000 + Math.floor(random() * 9000)));
    const status = statuses[Math.floor(random() * statuses.length)]!;
    const stable = options.conventions === 'stable' || (options.conventions !== 'old' && i % 2 === 0);
    const attributes: Attributes = stable
      ? {
          'http.request.method': method,
          'url.scheme': 'https',
          'url.path': path,
          'url.query': 'limit=20',
          'server.address': 'api.example.com',
          'server.port': 443,
          'client.address': `10.20.${i % 250}.${(i * 7) % 250}`,
          'network.peer.address': '10.0.3.17',
          'network.peer.port': 40000 + (i % 20000),
          'network.protocol.version': '1.1',
          'user_agent.original': agents[i % agents.length]!,
          'http.route': route,
          'http.response.status_code': status,
          'http.request.body.size': method === 'GET' ? 0 : 512 + i,
          'http.response.body.size': 2048 + i * 3,
        }
      : {
          'http.url': `https://api.example.com${path}?limit=20`,
          'http.host': 'api.example.com',
          'net.host.name': 'api.example.com',
          'http.method': method,
          'http.scheme': 'https',
          'http.target': `${path}?limit=20`,
          'http.user_agent': agents[i % agents.length]!,
          'http.flavor': '1.1',
          'net.transport': 'ip_tcp',
          'net.host.ip': '10.0.3.17',
          'net.host.port': 8080,
          'net.peer.ip': `10.20.${i % 250}.${(i * 7) % 250}`,
          'net.peer.port': 40000 + (i % 20000),
          'http.status_code': status,
          'http.status_text': status < 400 ? 'OK' : 'ERROR',
          'http.route': route,
          'http.request_content_length': method === 'GET' ? 0 : 512 + i,
          'http.response_content_length': 2048 + i * 3,
        };
    if (i % 3 !== 2) attributes['http.request.header.x-consumer-id'] = [`consumer-${i % 17}`];
    if (i % 4 === 0) attributes['enduser.id'] = `user-${i % 101}`;
    Object.assign(attributes, options.extraAttributes);
    const startNanos = Math.floor(random() * 60e9);
    const start: HrTime = [baseSeconds + Math.floor(startNanos / 1e9), startNanos % 1e9];
    const durationNanos = Math.floor(100_000 + random() ** 3 * 2e9);
    const endNanos = start[1] + durationNanos;
    const end: HrTime = [start[0] + Math.floor(endNanos / 1e9), endNanos % 1e9];
    // Every other request arrives with a traceparent, as calls from other instrumented services do.
    const parent =
      i % 2 === 1
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: ids.generateTraceId(),
            spanId: ids.generateSpanId(),
            traceFlags: TraceFlags.SAMPLED,
            isRemote: true,
          })
        : ROOT_CONTEXT;
    const name = `${method} ${route}`;
    const span = tracer.startSpan(name, { kind: SpanKind.SERVER, startTime: start, attributes }, parent);
    if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(end);
  }
  const spans = exporter.getFinishedSpans();
  return {
    spans,
    protobuf: ProtobufTraceSerializer.serializeRequest(spans)!,
    json: JsonTraceSerializer.serializeRequest(spans)!,
  };
}

/** Deterministic ids from the seeded generator. */
function seededIds(random: () => number): IdGenerator {
  const hex = (digits: number) => {
    let out = '';
    while (out.length < digits)
      out += Math.floor(random() * 0x100000000)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, digits);
  };
  return { generateTraceId: () => hex(32), generateSpanId: () => hex(16) };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
