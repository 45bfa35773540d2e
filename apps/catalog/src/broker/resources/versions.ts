import { brokerRepository as repo } from '@interlock/contracts';
import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls, versionBody } from '../decorators.js';
import { baseUrl, hal, isObject, jsonBody, notFound } from '../hal.js';

/** Versions: list, read, create (PUT), delete; the latest (with a tag); versions on a branch. */
export function versionsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  app.get('/pacticipants/:name/versions', async (c) => {
    const name = c.req.param('name');
    if (!(await repo.findPacticipant(sql, name))) return notFound(c);
    const b = baseUrl(c);
    const versions = (await repo.listVersions(sql, name)).map((v) => versionBody(b, v));
    return hal(c, { _embedded: { versions }, _links: { self: { href: urls(b).versions(name) } } });
  });

  app.get('/pacticipants/:name/versions/:version', async (c) => {
    const v = await repo.findVersion(sql, c.req.param('name'), c.req.param('version'));
    if (!v) return notFound(c);
    return hal(c, versionBody(baseUrl(c), v, await repo.listEnvironments(sql)));
  });

  app.put('/pacticipants/:name/versions/:version', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = isObject(body.value) ? body.value : {};
    const { version, created } = await repo.ensureVersion(sql, c.req.param('name'), c.req.param('version'), {
      buildUrl: typeof v.buildUrl === 'string' ? v.buildUrl : undefined,
    });
    return hal(c, versionBody(baseUrl(c), version, await repo.listEnvironments(sql)), created ? 201 : 200);
  });

  app.delete('/pacticipants/:name/versions/:version', async (c) =>
    (await repo.deleteVersion(sql, c.req.param('name'), c.req.param('version')))
      ? c.body(null, 204)
      : notFound(c),
  );

  app.get('/pacticipants/:name/latest-version', async (c) => {
    const v = await repo.latestVersion(sql, c.req.param('name'));
    return v ? hal(c, versionBody(baseUrl(c), v)) : notFound(c);
  });

  app.get('/pacticipants/:name/latest-version/:tag', async (c) => {
    const v = await repo.latestVersion(sql, c.req.param('name'), { tag: c.req.param('tag') });
    return v ? hal(c, versionBody(baseUrl(c), v)) : notFound(c);
  });

  app.get('/pacticipants/:name/branches/:branch/latest-version', async (c) => {
    const v = await repo.latestVersion(sql, c.req.param('name'), { branch: c.req.param('branch') });
    return v ? hal(c, versionBody(baseUrl(c), v)) : notFound(c);
  });
}
