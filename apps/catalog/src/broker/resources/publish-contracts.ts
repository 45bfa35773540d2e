import type { Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls } from '../decorators.js';
import { baseUrl, errors, hal, jsonBody } from '../hal.js';

/** `POST /contracts/publish`: a version, its branch and tags, and its pacts, in one transaction. */
export function publishContractsResource(app: Hono, { broker }: BrokerContext): void {
  app.post('/contracts/publish', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const result = await broker.publishContracts(body.value);
    if (!result.ok) return errors(c, result.status, result.errors);
    const u = urls(baseUrl(c));
    const { version } = result;
    return hal(c, {
      _embedded: {
        pacticipant: {
          name: version.pacticipant,
          _links: { self: { href: u.pacticipant(version.pacticipant) } },
        },
        version: {
          number: version.number,
          buildUrl: version.buildUrl,
          _links: {
            self: {
              title: 'Version',
              name: version.number,
              href: u.version(version.pacticipant, version.number),
            },
          },
        },
      },
      logs: result.logs.map((l) => ({ ...l, deprecationWarning: 'Replaced by notices' })),
      notices: result.logs.map((l) => ({ type: l.level === 'info' ? 'success' : l.level, text: l.message })),
      _links: {
        'pb:pacticipant': {
          title: 'Pacticipant',
          name: version.pacticipant,
          href: u.pacticipant(version.pacticipant),
        },
        'pb:pacticipant-version': {
          title: 'Pacticipant version',
          name: version.number,
          href: u.version(version.pacticipant, version.number),
        },
        'pb:pacticipant-version-tags': version.tags.map((t) => ({
          name: t,
          href: u.tag(version.pacticipant, version.number, t),
        })),
        'pb:branch-version': version.branches.map((b) => ({
          name: b,
          href: u.branchVersion(version.pacticipant, b, version.number),
        })),
        'pb:contracts': result.contracts.map((x) => ({
          title: 'Pact',
          name: `Pact between ${x.consumer} (${x.consumerVersion}) and ${x.provider}`,
          href: u.pact(x.consumer, x.provider, x.consumerVersion),
        })),
      },
    });
  });
}
