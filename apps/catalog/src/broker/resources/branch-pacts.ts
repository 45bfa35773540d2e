import { applySelector, brokerRepository as repo, type ConsumerVersionSelector } from '@interlock/contracts';
import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls } from '../decorators.js';
import { baseUrl, hal, notFound } from '../hal.js';

/**
 * A provider's pacts by consumer branch (`pact-broker get-pacts`): from each consumer's main branch or a named
 * branch, all of them or the latest per consumer, optionally of one consumer.
 */
export function branchPactsResource(app: Hono, { broker }: BrokerContext): void {
  const list = async (c: Context, selector: ConsumerVersionSelector) => {
    const provider = c.req.param('provider') as string;
    if (!(await repo.findPacticipant(broker.sql, provider))) return notFound(c);
    const consumer = c.req.param('consumer');
    const chosen = applySelector(
      consumer ? { ...selector, consumer } : selector,
      await repo.pactCandidates(broker.sql, provider),
    );
    const b = baseUrl(c);
    const u = urls(b);
    const pacts = chosen
      .sort((x, y) => x.consumer.localeCompare(y.consumer) || y.consumerVersionOrder - x.consumerVersionOrder)
      .map((p) => ({
        href: u.pact(p.consumer, provider, p.consumerVersion),
        name: `Pact between ${p.consumer} (${p.consumerVersion}) and ${provider}`,
        title: 'Pact',
      }));
    return hal(c, {
      _links: {
        self: { href: `${b}${new URL(c.req.url).pathname}` },
        'pb:provider': { href: u.pacticipant(provider), name: provider },
        'pb:pacts': pacts,
      },
    });
  };
  for (const prefix of ['/pacts/provider/:provider', '/pacts/provider/:provider/consumer/:consumer']) {
    app.get(`${prefix}/branch`, (c) => list(c, { mainBranch: true, latest: false }));
    app.get(`${prefix}/branch/latest`, (c) => list(c, { mainBranch: true }));
    app.get(`${prefix}/branch/:branch`, (c) =>
      list(c, { branch: c.req.param('branch') as string, latest: false }),
    );
  }
  // (…/consumer/{c}/branch/{b}/latest is the pact itself: see pacts.ts.)
  app.get('/pacts/provider/:provider/branch/:branch/latest', (c) =>
    list(c, { branch: c.req.param('branch') as string }),
  );
}
