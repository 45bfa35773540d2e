// OpenTelemetry set-up shared by Interlock's servers and the example services: traces of every HTTP request
// (server and client spans, W3C trace context) exported over OTLP/HTTP protobuf to a collector — Interlock's own.
import { register } from 'node:module';
import { trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface TelemetryOptions {
  /** `service.name`: how the collector finds the API this service serves (a spec's `x-service-name`). */
  serviceName: string;
  serviceVersion?: string;
  /** The OTLP/HTTP base URL. Default: OTEL_EXPORTER_OTLP_ENDPOINT, else http://127.0.0.1:4318. */
  endpoint?: string;
  /** Request headers recorded on server spans (`http.request.header.<name>`): only ones that identify, never secrets. */
  requestHeaders?: string[];
  /** Incoming request paths that are not traffic to trace (a collector's own `/v1/traces`). */
  ignoreIncomingPaths?: string[];
}

export interface Telemetry {
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

const CREDENTIAL_HEADERS = /^(authorization|proxy-authorization|cookie|set-cookie|x-api-key|x-auth-token)$/i;

/**
 * Starts tracing for this process. Call it before the server's modules are imported (they are patched as they
 * load): start it in an entry module, then `await import()` the app.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const unsafe = options.requestHeaders?.find((h) => CREDENTIAL_HEADERS.test(h));
  if (unsafe) throw new Error(`Refusing to record the ${unsafe} header on spans: it carries credentials.`);
  // ES modules are patched through import-in-the-middle's loader hook; CommonJS through require hooks.
  register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
  const endpoint = (
    options.endpoint ??
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT ??
    'http://127.0.0.1:4318'
  ).replace(/\/+$/, '');
  const url = new URL(endpoint);
  const collector = { hostname: url.hostname, port: url.port || (url.protocol === 'https:' ? '443' : '80') };
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      ...(options.serviceVersion ? { 'service.version': options.serviceVersion } : {}),
    }),
    traceExporter: new OTLPTraceExporter({ url: `${endpoint}/v1/traces` }),
    instrumentations: [
      // fetch() (undici): client spans, and the trace context goes along to the service called.
      new UndiciInstrumentation(),
      new HttpInstrumentation({
        headersToSpanAttributes: { server: { requestHeaders: options.requestHeaders ?? ['x-consumer-id'] } },
        ignoreIncomingRequestHook: (request) => {
          const path = (request.url ?? '').split('?')[0] ?? '';
          return options.ignoreIncomingPaths?.includes(path) ?? false;
        },
        // The exporter's own requests to the collector are not traffic.
        ignoreOutgoingRequestHook: (request) =>
          String(request.hostname ?? request.host ?? '').replace(/:\d+$/, '') === collector.hostname &&
          String(request.port ?? '') === collector.port,
      }),
    ],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

/**
 * Records the matched route template on the current server span (`http.route`) and names the span after it, so
 * the collector maps requests to operations without matching concrete paths.
 */
export function recordHttpRoute(method: string, route: string): void {
  const span = trace.getActiveSpan();
  if (!span) return;
  span.setAttribute('http.route', route);
  span.updateName(`${method} ${route}`);
}
