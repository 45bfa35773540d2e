import { Hono, type Context } from 'hono';
import type { IncomingMessage } from 'node:http';
import { isDecodeError, Overloaded, parseDuration, type UsageService } from '@interlock/usage';
import type { components } from './generated/collector-api.js';
import { CONTENT_TYPE, exportResponse, GRPC, statusResponse, type Encoding } from './otlp-response.js';
import { BadBody, BodyTooLarge, readBody, type Body } from './read-body.js';

export interface CollectorAppOptions {
  usage: UsageService;
  /** Largest body accepted, measured after decompression (bytes). Default 20 MiB. */
  maxBodyBytes?: number;
  /** Called with a line for the operator's log (never a span's content). */
  log?: (line: string) => void;
  /** True while shutting down: exports are turned away (503, retry elsewhere) and connections closed. */
  isClosing?: () => boolean;
}

const DEFAULT_LIMIT = 20 * 1024 * 1024;

/** OTLP/HTTP trace receiver (`POST /v1/traces`) and the usage API (`/api/usage/…`). */
export function createCollectorApp(options: CollectorAppOptions): Hono {
  const { usage } = options;
  const limit = options.maxBodyBytes ?? DEFAULT_LIMIT;
  const app = new Hono();

  app.get('/healthz', (c) => c.json({ status: 'ok' }));

  app.post('/v1/traces', async (c) => {
    if (options.isClosing?.())
      return c.json({ code: GRPC.UNAVAILABLE, message: 'The collector is shutting down; retry.' }, 503, {
        'retry-after': '1',
        connection: 'close',
      });
    const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
    const encoding: Encoding | undefined =
      type === CONTENT_TYPE.protobuf ? 'protobuf' : type === CONTENT_TYPE.json ? 'json' : undefined;
    if (!encoding)
      return c.json(
        {
          code: GRPC.INVALID_ARGUMENT,
          message: `Content-Type ${type || '(none)'} is not OTLP: send application/x-protobuf or application/json.`,
        },
        415,
      );
    const reply = (
      status: 200 | 400 | 413 | 429 | 503,
      body: Uint8Array | string,
      headers: Record<string, string> = {},
    ) => c.body(body as never, status, { 'content-type': CONTENT_TYPE[encoding], ...headers });

    let body: Body;
    try {
      // Under @hono/node-server the Node request is read directly, without a web stream in between.
      const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
      body = await readBody(c.req.raw, limit, incoming);
    } catch (error) {
      if (error instanceof BodyTooLarge)
        return reply(413, statusResponse(encoding, GRPC.INVALID_ARGUMENT, error.message));
      if (error instanceof BadBody)
        return reply(400, statusResponse(encoding, GRPC.INVALID_ARGUMENT, error.message));
      throw error;
    }
    let outcome;
    try {
      const ingesting = usage.ingestExport(body.bytes, encoding);
      // The body has been read by the time ingestExport returns: its buffer can serve the next request.
      body.release();
      outcome = await ingesting;
    } catch (error) {
      if (isDecodeError(error))
        return reply(400, statusResponse(encoding, GRPC.INVALID_ARGUMENT, error.message));
      if (error instanceof Overloaded)
        return reply(429, statusResponse(encoding, GRPC.RESOURCE_EXHAUSTED, error.message), {
          'retry-after': String(error.retryAfterSeconds),
        });
      options.log?.(`collector: could not store usage: ${(error as Error).message}`);
      return reply(
        503,
        statusResponse(encoding, GRPC.UNAVAILABLE, 'The usage store is unavailable; retry later.'),
        {
          'retry-after': '5',
        },
      );
    }
    return reply(200, exportResponse(encoding, outcome.rejected, outcome.errorMessage));
  });

  app.route('/', usageRoutes(usage));

  app.onError((error, c) => {
    options.log?.(`collector: ${c.req.method} ${c.req.path} failed: ${error.message}`);
    return problem(
      c,
      500,
      'Internal error',
      'The collector failed to handle this request; it keeps serving.',
    );
  });
  app.notFound((c) => problem(c, 404, 'Not found', `No route for ${c.req.method} ${c.req.path}.`));
  return app;
}

function problem(c: Context, status: 400 | 404 | 500, title: string, detail: string): Response {
  return c.body(JSON.stringify({ type: 'about:blank', title, status, detail }), status, {
    'content-type': 'application/problem+json',
  });
}

/** The usage API (`/api/usage/…`): mounted by the collector, and by the catalog when both run in one process. */
export function usageRoutes(usage: UsageService): Hono {
  const routes = new Hono();
  routes.get('/api/usage/report', async (c) => {
    const since = c.req.query('since') ?? '7d';
    const apiId = c.req.query('api');
    try {
      parseDuration(since);
    } catch (error) {
      return problem(c, 400, 'Invalid since', (error as Error).message);
    }
    if (apiId && !usage.directory.api(apiId))
      return problem(c, 404, 'Unknown API', `The catalog has no API ${apiId}.`);
    // Typed by the spec: the lib's report must keep the documented shape.
    const report: components['schemas']['UsageReport'] = await usage.report({
      since,
      ...(apiId ? { apiId } : {}),
    });
    return c.json(report);
  });

  return routes;
}
