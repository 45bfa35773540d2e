import { randomUUID } from 'node:crypto';
import { brokerRepository as repo } from '@interlock/contracts';
import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { webhookBody } from '../environment-decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody, notFound } from '../hal.js';

const EVENTS = new Set([
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
]);

/**
 * Webhook definitions, stored and served as the Pact Broker's clients manage them. Interlock does not execute
 * webhooks (yet): the definitions are kept so that clients and their scripts work unchanged.
 */
export function webhooksResource(app: Hono, { broker }: BrokerContext): void {
  const sql = broker.sql;
  const save = async (
    c: Context,
    uuid: string,
    path: { consumer?: string; provider?: string },
    isNew: boolean,
  ) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    const v = body.value;
    if (!isObject(v)) return errors(c, 400, { body: ['must be a JSON object'] });
    const problems: Record<string, string[]> = {};
    const request = isObject(v.request) ? v.request : undefined;
    if (!request) problems.request = ['is missing'];
    else {
      if (typeof request.method !== 'string' || request.method === '')
        problems['request.method'] = ['is missing'];
      if (typeof request.url !== 'string' || request.url === '') problems['request.url'] = ['is missing'];
      else if (!/^https?:\/\//.test(request.url)) problems['request.url'] = ['must be an http or https URL'];
    }
    if (!Array.isArray(v.events) || v.events.length === 0) problems.events = ['must have at least one event'];
    else
      v.events.forEach((e, i) => {
        if (!isObject(e) || typeof e.name !== 'string' || !EVENTS.has(e.name))
          problems[`events[${i}].name`] = [`must be one of ${[...EVENTS].join(', ')}`];
      });
    const ids: { consumer: number | null; provider: number | null } = { consumer: null, provider: null };
    for (const role of ['consumer', 'provider'] as const) {
      const named = isObject(v[role]) ? (v[role] as Record<string, unknown>).name : undefined;
      const name = path[role] ?? (typeof named === 'string' ? named : undefined);
      if (name === undefined) continue;
      const p = await repo.findPacticipant(sql, name);
      if (!p) {
        if (path[role] !== undefined) return notFound(c, `No ${role} with name '${name}' found`);
        problems[`${role}.name`] = [`No ${role} with name '${name}' found`];
      } else ids[role] = p.id;
    }
    if (Object.keys(problems).length) return errors(c, 400, problems);
    const { webhook, created } = await repo.saveWebhook(sql, {
      uuid,
      consumerId: ids.consumer,
      providerId: ids.provider,
      definition: v,
    });
    const out = webhookBody(baseUrl(c), webhook);
    return hal(c, out, isNew || created ? 201 : 200, created ? { location: out._links.self.href } : {});
  };

  app.post('/webhooks', (c) => save(c, randomUUID(), {}, true));
  app.post('/webhooks/provider/:provider/consumer/:consumer', (c) =>
    save(c, randomUUID(), c.req.param(), true),
  );
  app.put('/webhooks/:uuid', (c) => save(c, c.req.param('uuid'), {}, false));
  app.get('/webhooks', async (c) => {
    const b = baseUrl(c);
    const list = await repo.listWebhooks(sql);
    return hal(c, {
      _links: {
        self: { href: `${b}/webhooks` },
        'pb:webhooks': list.map((w) => ({
          title: w.definition.description,
          href: `${b}/webhooks/${w.uuid}`,
        })),
      },
    });
  });
  app.get('/webhooks/:uuid', async (c) => {
    const w = await repo.findWebhook(sql, c.req.param('uuid'));
    return w ? hal(c, webhookBody(baseUrl(c), w)) : notFound(c);
  });
  app.delete('/webhooks/:uuid', async (c) =>
    (await repo.deleteWebhook(sql, c.req.param('uuid'))) ? c.body(null, 204) : notFound(c),
  );
}
