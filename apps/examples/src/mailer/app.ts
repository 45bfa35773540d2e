import { randomUUID } from 'node:crypto';
import type { Context } from 'hono';
import type { components } from '../generated/mailer.js';
import { paginate } from '../http/pagination.js';
import { notFound, problem } from '../http/problem.js';
import { requireBearer, serviceApp } from '../http/service.js';
import { readBody } from '../http/validate.js';

type MailingList = components['schemas']['MailingList'];
/** The stored subscriber: what the spec marks readOnly is written here, by the mailer itself. */
type Subscriber = {
  -readonly [K in keyof components['schemas']['Subscriber']]: components['schemas']['Subscriber'][K];
};
type Campaign = components['schemas']['Campaign'] & { html: string };
type SubscriptionInput = components['schemas']['SubscriptionInput'];

/** The list the CRM subscribes customers to when they grant `marketing-email`. */
export const NEWSLETTER_LIST_ID = '1d4c7a9e-3b2f-4e6a-8c5d-9f0e1a2b3c4d';

export interface MailerState {
  lists: Map<string, MailingList & { subscribers: Map<string, Subscriber> }>;
  campaigns: Map<string, Campaign>;
}

export function createMailerState(): MailerState {
  const state: MailerState = { lists: new Map(), campaigns: new Map() };
  state.lists.set(NEWSLETTER_LIST_ID, {
    id: NEWSLETTER_LIST_ID,
    name: 'Newsletter',
    description: 'Monthly news and offers for customers who agreed to marketing email.',
    subscriberCount: 0,
    createdAt: '2026-01-01T00:00:00Z',
    subscribers: new Map(),
  });
  return state;
}

const newestFirst = <T extends { createdAt?: string; subscribedAt?: string }>(items: Iterable<T>): T[] =>
  [...items].reverse();

/** The mailer service (specs/mailer.openapi.yaml): mailing lists, subscribers and campaigns, kept in memory. */
export function createMailerApp(state: MailerState = createMailerState()) {
  const app = serviceApp('mailer');
  app.use('*', requireBearer());

  const listOf = (c: Context) => {
    const id = c.req.param('listId') ?? '';
    return state.lists.get(id);
  };
  const publicList = ({
    subscribers,
    ...list
  }: MailerState['lists'] extends Map<string, infer L> ? L : never) => ({
    ...list,
    subscriberCount: [...subscribers.values()].filter((s) => s.status === 'subscribed').length,
  });

  app.get('/lists', (c) => c.json(paginate(c, newestFirst(state.lists.values()).map(publicList))));
  app.post('/lists', async (c) => {
    const input = await readBody<components['schemas']['MailingListInput']>(c, {
      name: { type: 'string', required: true, maxLength: 100 },
      description: { type: 'string', maxLength: 500 },
    });
    const list = { ...input, id: randomUUID(), subscriberCount: 0, createdAt: new Date().toISOString() };
    state.lists.set(list.id, { ...list, subscribers: new Map() });
    return c.json(list, 201, { location: `/lists/${list.id}` });
  });
  app.get('/lists/:listId', (c) => {
    const list = listOf(c);
    return list ? c.json(publicList(list)) : notFound(c, 'mailing list', c.req.param('listId'));
  });

  app.get('/lists/:listId/subscribers', (c) => {
    const list = listOf(c);
    if (!list) return notFound(c, 'mailing list', c.req.param('listId'));
    const status = c.req.query('status');
    const all = newestFirst(list.subscribers.values()).filter((s) => !status || s.status === status);
    return c.json(paginate(c, all));
  });
  app.post('/lists/:listId/subscribers', async (c) => {
    const list = listOf(c);
    if (!list) return notFound(c, 'mailing list', c.req.param('listId'));
    const input = await readBody<SubscriptionInput>(c, {
      email: { type: 'string', required: true, format: 'email' },
      externalId: { type: 'string', maxLength: 200 },
    });
    const email = input.email.toLowerCase();
    const existing = [...list.subscribers.values()].find((s) => s.email === email);
    if (existing) {
      if (existing.status === 'unsubscribed') {
        existing.status = 'subscribed';
        delete existing.unsubscribedAt;
      }
      if (input.externalId) existing.externalId = input.externalId;
      return c.json(existing, 200);
    }
    const subscriber: Subscriber = {
      id: randomUUID(),
      email,
      ...(input.externalId ? { externalId: input.externalId } : {}),
      status: 'subscribed',
      subscribedAt: new Date().toISOString(),
    };
    list.subscribers.set(subscriber.id, subscriber);
    return c.json(subscriber, 201, { location: `/lists/${list.id}/subscribers/${subscriber.id}` });
  });

  // A subscriber is addressed by its own id or by the external id its caller gave (the CRM's customer id).
  const subscriberOf = (c: Context) => {
    const list = listOf(c);
    const key = c.req.param('subscriberId') ?? '';
    if (!list) return undefined;
    return list.subscribers.get(key) ?? [...list.subscribers.values()].find((s) => s.externalId === key);
  };
  app.get('/lists/:listId/subscribers/:subscriberId', (c) => {
    const subscriber = subscriberOf(c);
    return subscriber ? c.json(subscriber) : notFound(c, 'subscriber', c.req.param('subscriberId'));
  });
  app.delete('/lists/:listId/subscribers/:subscriberId', (c) => {
    const subscriber = subscriberOf(c);
    if (!subscriber) return notFound(c, 'subscriber', c.req.param('subscriberId'));
    if (subscriber.status !== 'unsubscribed') {
      subscriber.status = 'unsubscribed';
      subscriber.unsubscribedAt = new Date().toISOString();
    }
    return c.json(subscriber);
  });

  const publicCampaign = ({ html: _html, ...campaign }: Campaign) => campaign;
  app.get('/campaigns', (c) => {
    const status = c.req.query('status');
    const all = newestFirst(state.campaigns.values()).filter((x) => !status || x.status === status);
    return c.json(paginate(c, all.map(publicCampaign)));
  });
  app.post('/campaigns', async (c) => {
    const input = await readBody<components['schemas']['CampaignInput']>(c, {
      listId: { type: 'string', required: true, format: 'uuid' },
      subject: { type: 'string', required: true, maxLength: 200 },
      html: { type: 'string', required: true },
    });
    if (!state.lists.has(input.listId))
      return problem(
        c,
        400,
        'bad-request',
        'The request is not valid',
        `There is no mailing list ${input.listId}.`,
        [{ pointer: '/listId', detail: 'no such mailing list' }],
      );
    const campaign: Campaign = {
      ...input,
      id: randomUUID(),
      status: 'draft',
      createdAt: new Date().toISOString(),
    };
    state.campaigns.set(campaign.id, campaign);
    return c.json(publicCampaign(campaign), 201, { location: `/campaigns/${campaign.id}` });
  });
  const campaignOf = (c: Context) => state.campaigns.get(c.req.param('campaignId') ?? '');
  app.get('/campaigns/:campaignId', (c) => {
    const campaign = campaignOf(c);
    return campaign ? c.json(publicCampaign(campaign)) : notFound(c, 'campaign', c.req.param('campaignId'));
  });
  app.put('/campaigns/:campaignId/schedule', async (c) => {
    const campaign = campaignOf(c);
    if (!campaign) return notFound(c, 'campaign', c.req.param('campaignId'));
    const { sendAt } = await readBody<components['schemas']['ScheduleInput']>(c, {
      sendAt: { type: 'string', required: true },
    });
    if (Number.isNaN(Date.parse(sendAt)) || Date.parse(sendAt) <= Date.now())
      return problem(
        c,
        400,
        'bad-request',
        'The request is not valid',
        'sendAt must be a date-time in the future.',
        [{ pointer: '/sendAt', detail: 'must be a future date-time' }],
      );
    if (campaign.status === 'sending' || campaign.status === 'sent')
      return problem(
        c,
        409,
        'mailer/campaign-sent',
        'The campaign was sent already',
        `Campaign ${campaign.id} is ${campaign.status}.`,
      );
    Object.assign(campaign, { status: 'scheduled', sendAt });
    return c.json(publicCampaign(campaign));
  });
  app.post('/campaigns/:campaignId/test-sends', async (c) => {
    const campaign = campaignOf(c);
    if (!campaign) return notFound(c, 'campaign', c.req.param('campaignId'));
    const body = await c.req.json().catch(() => undefined);
    const recipients = (body as { recipients?: unknown } | undefined)?.recipients;
    if (
      !Array.isArray(recipients) ||
      recipients.length < 1 ||
      recipients.length > 10 ||
      !recipients.every((r) => typeof r === 'string' && r.includes('@'))
    )
      return problem(
        c,
        400,
        'bad-request',
        'The request is not valid',
        'recipients must be 1 to 10 email addresses.',
        [{ pointer: '/recipients', detail: 'must be 1 to 10 email addresses' }],
      );
    return c.json(
      { id: randomUUID(), campaignId: campaign.id, recipients, requestedAt: new Date().toISOString() },
      202,
    );
  });
  app.get('/campaigns/:campaignId/stats', (c) => {
    const campaign = campaignOf(c);
    if (!campaign) return notFound(c, 'campaign', c.req.param('campaignId'));
    const list = state.lists.get(campaign.listId);
    const sent =
      campaign.status === 'sent' && list
        ? [...list.subscribers.values()].filter((s) => s.status === 'subscribed').length
        : 0;
    return c.json({
      campaignId: campaign.id,
      sent,
      delivered: sent,
      opened: 0,
      clicked: 0,
      bounced: 0,
      unsubscribed: 0,
      updatedAt: new Date().toISOString(),
    });
  });
  return app;
}
