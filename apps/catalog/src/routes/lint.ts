import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import { presentLint } from '../presenters.js';
import { problem } from '../problem.js';

/** A version's lint findings, counts and grade, as the background lint stored them (never linted here). */
export function lintRoutes(store: Store): Hono {
  return new Hono().get('/api/apis/:apiId/versions/:version/lint', async (c) => {
    const { apiId, version } = c.req.param();
    const [api, versions] = await Promise.all([store.getApi(apiId), store.listVersions(apiId)]);
    const name = version === 'latest' ? api?.latestVersion : version;
    if (!versions.some((v) => v.version === name))
      return problem(c, 404, 'not-found', 'No such version', `API ${apiId} has no version ${version}.`);
    const key = { apiId, version: name as string };
    return c.json(presentLint(key, await store.lint.get(key)));
  });
}
