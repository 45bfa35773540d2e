import { changelog } from '@interlock/catalog';
import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import { presentVersion } from '../presenters.js';
import { problem } from '../problem.js';

export function versionsRoutes(store: Store): Hono {
  return new Hono()
    .get('/api/apis/:apiId/versions/:version', async (c) => {
      const { apiId, version } = c.req.param();
      const stored = await store.getVersion(apiId, version);
      if (!stored)
        return problem(c, 404, 'not-found', 'No such version', `API ${apiId} has no version ${version}.`);
      return c.json(presentVersion(stored));
    })
    .get('/api/apis/:apiId/versions/:version/spec', async (c) => {
      const { apiId, version } = c.req.param();
      const stored = await store.getVersion(apiId, version);
      const spec = stored && (await store.getSpecText(apiId, stored.version));
      if (!stored || !spec)
        return problem(c, 404, 'not-found', 'No such version', `API ${apiId} has no version ${version}.`);
      return c.body(spec.text, 200, {
        'content-type': `${spec.mediaType}; charset=utf-8`,
        etag: `"${stored.hash}"`,
        'x-content-type-options': 'nosniff',
      });
    })
    .get('/api/apis/:apiId/versions/:version/changes', async (c) => {
      const { apiId, version } = c.req.param();
      const base = c.req.query('base');
      const stored = await store.getVersion(apiId, version);
      const log = stored && (await changelog(store, apiId, stored.version, base));
      if (!log)
        return problem(
          c,
          404,
          'not-found',
          'No such version',
          stored
            ? `API ${apiId} has no version ${base} to compare with.`
            : `API ${apiId} has no version ${version}.`,
        );
      return c.json(log);
    })
    .get('/api/apis/:apiId/versions/:version/types', async (c) => {
      const { apiId, version } = c.req.param();
      const stored = await store.getVersion(apiId, version);
      if (!stored)
        return problem(c, 404, 'not-found', 'No such version', `API ${apiId} has no version ${version}.`);
      let types = await store.getArtifact(apiId, stored.version, 'typescript');
      if (types === undefined) {
        const document = await store.getDocument(apiId, stored.version);
        types = await generateTypes(document ?? {});
        await store.putArtifact(apiId, stored.version, 'typescript', types);
      }
      return c.body(types, 200, { 'content-type': 'application/typescript; charset=utf-8' });
    });
}

async function generateTypes(document: Record<string, unknown>): Promise<string> {
  // Loaded on first use: openapi-typescript brings the TypeScript compiler, which start-up does not need.
  const { default: openapiTS, astToString: print } = await import('openapi-typescript');
  const ast = await openapiTS(document as never, { silent: true });
  return print(ast);
}
