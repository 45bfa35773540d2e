import { context, SpanKind, type Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';

/** Real SDK server spans of one service, as HTTP instrumentation would record them. */
export function serverSpans(
  serviceName: string,
  calls: {
    method: string;
    route?: string;
    path?: string;
    status: number;
    consumer?: string;
    attributes?: Attributes;
  }[],
): ReadableSpan[] {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer('test');
  for (const call of calls) {
    const span = tracer.startSpan(
      `${call.method} ${call.route ?? call.path}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': call.method,
          'http.response.status_code': call.status,
          ...(call.route ? { 'http.route': call.route } : {}),
          ...(call.path ? { 'url.path': call.path } : {}),
          ...(call.consumer ? { 'http.request.header.x-consumer-id': [call.consumer] } : {}),
          ...call.attributes,
        },
      },
      context.active(),
    );
    span.end();
  }
  return exporter.getFinishedSpans();
}
