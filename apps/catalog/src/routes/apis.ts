import { GRADES, type Grade } from '@interlock/lint';
import type { Lifecycle } from '@interlock/openapi';
import type { Store } from '@interlock/store';
import { Hono } from 'hono';
import type { ApiPage, VersionList } from '../api-types.js';
import { presentApiDetail } from '../presenters.js';
import { problem } from '../problem.js';

const LIFECYCLES = new Set(['experimental', 'beta', 'stable', 'deprecated', 'retired']);

export function apisRoutes(store: Store): Hono {
  return new Hono()
    .get('/api/apis', async (c) => {
      const q = c.req.query();
      const limit = intParam(q.limit, 100, 1, 1000);
      const offset = intParam(q.offset, 0, 0, Number.MAX_SAFE_INTEGER);
      if (limit === undefined || offset === undefined) {
        return problem(
          c,
          400,
          'bad-parameter',
          'Invalid parameter',
          '`limit` must be 1–1000 and `offset` ≥ 0, as integers.',
        );
      }
      if (q.lifecycle && !LIFECYCLES.has(q.lifecycle)) {
        return problem(
          c,
          400,
          'bad-parameter',
          'Invalid parameter',
          `\`lifecycle\` must be one of ${[...LIFECYCLES].join(', ')}.`,
        );
      }
      if (q.grade && !GRADES.includes(q.grade as Grade)) {
        return problem(
          c,
          400,
          'bad-parameter',
          'Invalid parameter',
          `\`grade\` must be one of ${GRADES.join(', ')}.`,
        );
      }
      const page = await store.listApis({
        ...(q.owner ? { owner: q.owner } : {}),
        ...(q.tag ? { tag: q.tag } : {}),
        ...(q.lifecycle ? { lifecycle: q.lifecycle as Lifecycle } : {}),
        ...(q.grade ? { grade: q.grade as Grade } : {}),
        ...(q.q ? { text: q.q.slice(0, 200) } : {}),
        limit,
        offset,
      });
      return c.json({ ...page, limit, offset } satisfies ApiPage);
    })
    .get('/api/apis/:apiId', async (c) => {
      const apiId = c.req.param('apiId');
      const api = await store.getApi(apiId);
      if (!api) return problem(c, 404, 'not-found', 'No such API', `There is no API ${apiId}.`);
      return c.json(presentApiDetail(api, await store.listVersions(apiId)));
    })
    .get('/api/apis/:apiId/versions', async (c) => {
      const apiId = c.req.param('apiId');
      if (!(await store.getApi(apiId)))
        return problem(c, 404, 'not-found', 'No such API', `There is no API ${apiId}.`);
      return c.json({ items: await store.listVersions(apiId) } satisfies VersionList);
    });
}

export function intParam(
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) return undefined;
  const n = Number(raw);
  return n >= min && n <= max ? n : undefined;
}
