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
      // A version never changes, so neither does its failure: kept, not paid for again on every request.
      let failure = types === undefined ? await store.getArtifact(apiId, stored.version, FAILED) : undefined;
      if (types === undefined && failure === undefined) {
        const generated = await generateTypes((await store.getDocument(apiId, stored.version)) ?? {});
        if ('types' in generated)
          await store.putArtifact(apiId, stored.version, 'typescript', (types = generated.types));
        else await store.putArtifact(apiId, stored.version, FAILED, (failure = generated.reason));
      }
      if (types === undefined) {
        return problem(
          c,
          422,
          'types-unavailable',
          'Types cannot be generated',
          `openapi-typescript cannot generate types for ${apiId} ${stored.version}: ${failure}. ` +
            `The version's lint findings (GET /api/apis/${apiId}/versions/${encodeURIComponent(stored.version)}/lint) ` +
            'show where the spec departs from OpenAPI; fix it and publish a new version.',
        );
      }
      return c.body(types, 200, { 'content-type': 'application/typescript; charset=utf-8' });
    });
}

const FAILED = 'typescript-failure';

/**
 * openapi-typescript trusts the document's shape: on a value of the wrong type that the loader lets through (a
 * schema's `required: 5`) it fails with a TypeError whose text names its own variables, not the spec. Its own
 * errors (`Expected SchemaObject, received number at #/components/schemas/A`) do name the place, and are passed on.
 */
async function generateTypes(
  document: Record<string, unknown>,
): Promise<{ types: string } | { reason: string }> {
  // Loaded on first use: openapi-typescript brings the TypeScript compiler, which start-up does not need.
  const { default: openapiTS, astToString: print } = await import('openapi-typescript');
  try {
    return { types: print(await openapiTS(document as never, { silent: true })) };
  } catch (error) {
    if (error instanceof Error && error.constructor === Error)
      return { reason: error.message.replace(/\.$/, '') };
    return { reason: 'it stopped on a value of a type it did not expect' };
  }
}
