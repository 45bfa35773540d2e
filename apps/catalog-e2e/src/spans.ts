import { context, SpanKind } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** Real SDK server spans of one service, as HTTP instrumentation records them (route, status, consumer header). */
export function serverSpans(
  serviceName: string,
  calls: { method: string; route: string; status: number; consumer: string; durationMs: number }[],
): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('catalog-e2e');
  const now = Date.now();
  for (const call of calls) {
    const span = tracer.startSpan(
      `${call.method} ${call.route}`,
      {
        kind: SpanKind.SERVER,
        startTime: now - call.durationMs,
        attributes: {
          'http.request.method': call.method,
          'http.response.status_code': call.status,
          'http.route': call.route,
          'http.request.header.x-consumer-id': [call.consumer],
        },
      },
      context.active(),
    );
    span.end(now);
  }
  return exporter.getFinishedSpans();
}
