import { brokerRepository as repo } from '@interlock/contracts';
import type { Hono } from 'hono';
import { pacticipantBody } from '../decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody, notFound } from '../hal.js';
import type { BrokerContext } from '../context.js';

/** `/pacticipants` and `/pacticipants/{name}`: list, create, read, update (PATCH creates too), delete. */
export function pacticipantsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  app.get('/pacticipants', async (c) => {
    const b = baseUrl(c);
    const list = await repo.listPacticipants(sql);
    const bodies = await Promise.all(
      list.map(async (p) => pacticipantBody(b, p, await repo.latestVersion(sql, p.name))),
    );
    return hal(c, {
      _embedded: { pacticipants: bodies },
      pacticipants: bodies,
      _links: {
        self: { href: `${b}/pacticipants` },
        pacticipants: bodies.map((p) => ({ href: p._links.self.href, title: p.name })),
      },
    });
  });

  app.post('/pacticipants', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = body.value;
    if (!isObject(v) || typeof v.name !== 'string' || v.name.trim() === '')
      return errors(c, 400, { name: ['is missing'] });
    if (await repo.findPacticipant(sql, v.name))
      return errors(c, 409, { name: [`A pacticipant with name '${v.name}' already exists`] });
    const { pacticipant } = await repo.upsertPacticipant(sql, v.name, fields(v));
    const out = pacticipantBody(baseUrl(c), pacticipant);
    return hal(c, out, 201, { location: out._links.self.href });
  });

  app.get('/pacticipants/:name', async (c) => {
    const p = await repo.findPacticipant(sql, c.req.param('name'));
    if (!p) return notFound(c);
    return hal(c, pacticipantBody(baseUrl(c), p, await repo.latestVersion(sql, p.name)));
  });

  const update = (replace: boolean) =>
    app[replace ? 'put' : 'patch']('/pacticipants/:name', async (c) => {
      const body = await jsonBody(c);
      if (!body.ok) return body.response;
      if (!isObject(body.value)) return errors(c, 400, { body: ['must be a JSON object'] });
      const { pacticipant, created } = await repo.upsertPacticipant(
        sql,
        c.req.param('name'),
        fields(body.value),
      );
      return hal(
        c,
        pacticipantBody(baseUrl(c), pacticipant, await repo.latestVersion(sql, pacticipant.name)),
        created ? 201 : 200,
      );
    });
  update(false);
  update(true);

  app.delete('/pacticipants/:name', async (c) =>
    (await repo.deletePacticipant(sql, c.req.param('name'))) ? c.body(null, 204) : notFound(c),
  );
}

function fields(v: Record<string, unknown>): repo.PacticipantFields {
  const str = (x: unknown) => (typeof x === 'string' ? x : x === null ? null : undefined);
  return {
    displayName: str(v.displayName ?? v.display_name),
    repositoryUrl: str(v.repositoryUrl ?? v.repository_url),
    mainBranch: str(v.mainBranch ?? v.main_branch),
  };
}
