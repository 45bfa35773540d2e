import { brokerRepository as repo } from '@interlock/contracts';
import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls, versionBody } from '../decorators.js';
import { baseUrl, hal, notFound } from '../hal.js';

/** Branches (a version on a branch, a branch deleted) and tags (PUT creates the pacticipant and version too). */
export function branchesAndTagsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  app.get('/pacticipants/:name/branches/:branch', async (c) => {
    const { name, branch } = c.req.param();
    const found = await repo.findBranch(sql, name, branch);
    if (!found) return notFound(c);
    const b = baseUrl(c);
    return hal(c, {
      name: found.name,
      createdAt: found.createdAt,
      _links: {
        self: { title: 'Branch', href: urls(b).branch(name, branch) },
        'pb:latest-version': { href: `${urls(b).branch(name, branch)}/latest-version` },
        'pb:pacticipant': { name, href: urls(b).pacticipant(name) },
      },
    });
  });

  app.delete('/pacticipants/:name/branches/:branch', async (c) =>
    (await repo.deleteBranch(sql, c.req.param('name'), c.req.param('branch')))
      ? c.body(null, 204)
      : notFound(c),
  );

  app.put('/pacticipants/:name/branches/:branch/versions/:version', async (c) => {
    const { name, branch, version: number } = c.req.param();
    const result = await sql.transaction(async (tx) => {
      const { version } = await repo.ensureVersion(tx, name, number);
      const { created } = await repo.addBranchVersion(tx, version, branch);
      return { version: (await repo.findVersion(tx, name, number)) ?? version, created };
    });
    const b = baseUrl(c);
    return hal(
      c,
      {
        name: branch,
        _embedded: { version: versionBody(b, result.version) },
        _links: { self: { href: urls(b).branchVersion(name, branch, number) } },
      },
      result.created ? 201 : 200,
    );
  });

  app.get('/pacticipants/:name/versions/:version/tags/:tag', async (c) => {
    const { name, version, tag } = c.req.param();
    const v = await repo.findVersion(sql, name, version);
    if (!v || !v.tags.includes(tag)) return notFound(c);
    return hal(c, tagBody(baseUrl(c), name, version, tag));
  });

  app.put('/pacticipants/:name/versions/:version/tags/:tag', async (c) => {
    const { name, version, tag } = c.req.param();
    const created = await sql.transaction(async (tx) => {
      const { version: v } = await repo.ensureVersion(tx, name, version);
      return (await repo.addTag(tx, v.id, tag)).created;
    });
    const body = tagBody(baseUrl(c), name, version, tag);
    return hal(c, body, created ? 201 : 200, created ? { location: body._links.self.href } : {});
  });

  app.delete('/pacticipants/:name/versions/:version/tags/:tag', async (c) => {
    const { name, version, tag } = c.req.param();
    const v = await repo.findVersion(sql, name, version);
    return v && (await repo.deleteTag(sql, v.id, tag)) ? c.body(null, 204) : notFound(c);
  });
}

function tagBody(b: string, name: string, version: string, tag: string) {
  const u = urls(b);
  return {
    name: tag,
    _links: {
      self: { title: 'Tag', name: tag, href: u.tag(name, version, tag) },
      'pb:version': { title: 'Version', name: version, href: u.version(name, version) },
      'pb:pacticipant': { title: 'Pacticipant', name, href: u.pacticipant(name) },
    },
  };
}
