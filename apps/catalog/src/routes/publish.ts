import { publishSpec, type LintQueue } from '@interlock/catalog';
import { isSpecError } from '@interlock/openapi';
import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { PublishResult } from '../api-types.js';
import { bearerAuth } from '../middleware/bearer-auth.js';
import { problem } from '../problem.js';

// text/plain too: `fetch` sends a string body as that, and the text itself tells YAML from JSON.
const SPEC_TYPES =
  /^(application\/(yaml|x-yaml|json|openapi\+json|openapi\+yaml|vnd\.oai\.openapi(\+json)?)|text\/(yaml|x-yaml|plain))\b/i;

export interface PublishRoutesOptions {
  store: Store;
  adminTokenHash: string;
  maxSpecBytes: number;
  lint?: Pick<LintQueue, 'enqueue'>;
}

export function publishRoutes({ store, adminTokenHash, maxSpecBytes, lint }: PublishRoutesOptions): Hono {
  return new Hono().put(
    '/api/apis/:apiId/versions/:version',
    bearerAuth(adminTokenHash),
    bodyLimit({
      maxSize: maxSpecBytes,
      onError: (c) =>
        problem(c, 413, 'too-large', 'Spec too large', `The body is larger than ${maxSpecBytes} bytes.`),
    }),
    async (c) => {
      const { apiId, version } = c.req.param();
      const type = c.req.header('content-type') ?? '';
      if (type && !SPEC_TYPES.test(type)) {
        return problem(
          c,
          415,
          'unsupported-media-type',
          'Unsupported media type',
          `A spec is YAML or JSON, not ${type.split(';')[0]}: send it with content-type application/yaml or ` +
            "application/json (with curl, -H 'content-type: application/yaml').",
        );
      }
      if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(apiId)) {
        return problem(
          c,
          400,
          'bad-parameter',
          'Invalid API id',
          'An API id is 1–100 of a-z, 0-9, `.`, `_` and `-`, starting with a letter or digit.',
        );
      }
      const text = await c.req.text();
      try {
        const outcome = await publishSpec(store, { apiId, version, text, maxBytes: maxSpecBytes });
        switch (outcome.status) {
          case 'created':
            lint?.enqueue({ apiId, version: outcome.version.version });
            c.header('Location', `/api/apis/${apiId}/versions/${encodeURIComponent(version)}`);
            return c.json({ status: 'created', version: outcome.version } satisfies PublishResult, 201);
          case 'unchanged':
            return c.json({ status: 'unchanged', version: outcome.version } satisfies PublishResult, 200);
          case 'conflict':
            return problem(
              c,
              409,
              'version-conflict',
              'Version already published',
              `${apiId} ${version} is already published with other content; publish the change as a new version.`,
              { existingHash: outcome.existing.hash },
            );
          case 'breaking':
            return problem(
              c,
              409,
              'breaking-change',
              'Breaking change',
              `${apiId} ${version} breaks ${outcome.base} in ${outcome.changes.length} way(s) and the API's ` +
                'compatibility policy is backward: bump the major version or make the change compatible.',
              { base: outcome.base, changes: outcome.changes },
            );
          case 'mismatch':
            return problem(
              c,
              422,
              'version-mismatch',
              'Version mismatch',
              `The spec's info.version is ${outcome.actual}, the URL names ${outcome.expected}.`,
            );
        }
      } catch (error) {
        if (!isSpecError(error)) throw error;
        const status = error.code === 'too-large' ? 413 : 400;
        return problem(
          c,
          status,
          `spec-${error.code}`,
          'The spec cannot be loaded',
          error.format(),
          error.toJSON(),
        );
      }
    },
  );
}
