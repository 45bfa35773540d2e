import { brokerRepository as repo, type PactPublication } from '@interlock/contracts';
import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { pactBody, pactLink, urls } from '../decorators.js';
import { baseUrl, errors, hal, notFound } from '../hal.js';

/** Pacts: publish one (PUT), read by consumer version, latest (with a tag), by content (sha); lists of latest pacts. */
export function pactsResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  const show = async (c: Context, found: (PactPublication & { content: string }) | undefined) =>
    found
      ? hal(c, pactBody(baseUrl(c), found, found.content), 200, {
          'X-Pact-Consumer-Version': found.consumerVersion,
        })
      : notFound(c);

  app.put('/pacts/provider/:provider/consumer/:consumer/version/:version', async (c) => {
    const { provider, consumer, version } = c.req.param();
    const result = await broker.putPact(consumer, provider, version, await c.req.text());
    if (!result.ok) return errors(c, result.status, result.errors);
    const found = await repo.findPact(sql, { consumer, provider, version });
    if (!found) return notFound(c);
    return hal(c, pactBody(baseUrl(c), found, found.content), result.status === 'created' ? 201 : 200);
  });

  app.get('/pacts/provider/:provider/consumer/:consumer/version/:version', async (c) =>
    show(c, await repo.findPact(sql, c.req.param())),
  );
  app.get('/pacts/provider/:provider/consumer/:consumer/latest', async (c) =>
    show(c, await repo.findPact(sql, c.req.param())),
  );
  app.get('/pacts/provider/:provider/consumer/:consumer/latest/:tag', async (c) =>
    show(c, await repo.findPact(sql, c.req.param())),
  );
  app.get('/pacts/provider/:provider/consumer/:consumer/branch/:branch/latest', async (c) =>
    show(c, await repo.findPact(sql, c.req.param())),
  );
  const bySha = async (c: Context) => {
    const { provider, consumer, sha } = c.req.param() as Record<string, string>;
    return show(
      c,
      await repo.findPact(sql, { provider: provider as string, consumer: consumer as string, sha }),
    );
  };
  app.get('/pacts/provider/:provider/consumer/:consumer/pact-version/:sha', bySha);
  app.get('/pacts/provider/:provider/consumer/:consumer/pact-version/:sha/metadata/:metadata', bySha);

  app.delete('/pacts/provider/:provider/consumer/:consumer/version/:version', async (c) => {
    const found = await repo.findPact(sql, c.req.param());
    if (!found) return notFound(c);
    await sql.query('DELETE FROM broker_pact_publications WHERE id = $1', [found.id]);
    return c.body(null, 204);
  });

  app.get('/pacts/latest', async (c) => {
    const b = baseUrl(c);
    const u = urls(b);
    const list = await repo.latestPacts(sql);
    return hal(c, {
      pacts: list.map((p) => ({
        createdAt: p.createdAt,
        _embedded: {
          consumer: {
            name: p.consumer,
            _links: { self: { href: u.pacticipant(p.consumer) } },
            _embedded: { version: { number: p.consumerVersion } },
          },
          provider: { name: p.provider, _links: { self: { href: u.pacticipant(p.provider) } } },
        },
        _links: {
          self: [
            {
              href: `${b}/pacts/provider/${encodeURIComponent(p.provider)}/consumer/${encodeURIComponent(p.consumer)}/latest`,
            },
            { href: u.pact(p.consumer, p.provider, p.consumerVersion) },
          ],
        },
      })),
      _links: { self: { href: `${b}/pacts/latest` } },
    });
  });

  const providerLatest = async (c: Context, tag?: string) => {
    const provider = c.req.param('provider') as string;
    const p = await repo.findPacticipant(sql, provider);
    if (!p) return notFound(c);
    const b = baseUrl(c);
    const list = await repo.latestPacts(sql, { provider, ...(tag !== undefined ? { tag } : {}) });
    return hal(c, {
      _links: {
        self: { href: `${b}${new URL(c.req.url).pathname}` },
        provider: { href: urls(b).pacticipant(provider), title: provider },
        'pb:provider': { href: urls(b).pacticipant(provider), title: provider },
        'pb:pacts': list.map((x) => pactLink(b, x)),
        pacts: list.map((x) => pactLink(b, x)),
      },
    });
  };
  app.get('/pacts/provider/:provider/latest', (c) => providerLatest(c));
  app.get('/pacts/provider/:provider/latest/:tag', (c) => providerLatest(c, c.req.param('tag')));
}
