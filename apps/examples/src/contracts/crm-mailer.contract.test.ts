// The CRM's calls to the mailer under contract: subscribe on a granted marketing-email consent, unsubscribe on
// a withdrawn one. Consumer test against a mock mailer, then the real mailer app verified against the pact.
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailerClient } from '../crm/mailer-client.js';
import { createMailerApp, createMailerState, NEWSLETTER_LIST_ID } from '../mailer/app.js';
import {
  ADA_ID,
  appBranch,
  appVersion,
  pactDir,
  pactSource,
  publishPact,
  serveOnLoopback,
  settled,
} from './pact-support.js';

const { like, regex, datetime, uuid } = MatchersV3;
const pact = new PactV4({ consumer: 'crm', provider: 'mailer', dir: pactDir, logLevel: 'warn' });
const bearer = regex(/^Bearer \S+$/, 'Bearer crm-service-token');
const subscriber = (status: 'subscribed' | 'unsubscribed') => ({
  id: uuid('8f2e6b1a-5c4d-4a3b-9e8f-7d6c5b4a3f2e'),
  email: like('ada@acme.test'),
  externalId: like(ADA_ID),
  status,
  subscribedAt: datetime("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", '2026-02-01T12:00:05.000Z'),
});

describe('crm → mailer (consumer)', () => {
  it('subscribes a customer who granted marketing-email to the newsletter', async () => {
    await pact
      .addInteraction()
      .given('the newsletter list exists', { listId: NEWSLETTER_LIST_ID })
      .uponReceiving('a subscription of a customer to the newsletter')
      .withRequest('POST', `/lists/${NEWSLETTER_LIST_ID}/subscribers`, (b) =>
        b
          .headers({ authorization: bearer })
          .jsonBody({ email: like('ada@acme.test'), externalId: like(ADA_ID) }),
      )
      .willRespondWith(201, (b) => b.jsonBody(subscriber('subscribed')))
      .executeTest(
        settled(async (server) => {
          const client = new MailerClient({ baseUrl: server.url, token: 'crm-service-token' });
          const result = await client.subscribe(NEWSLETTER_LIST_ID, 'ada@acme.test', ADA_ID);
          expect(result.status).toBe('subscribed');
        }),
      );
  });

  it('unsubscribes a customer by their customer id when they withdraw', async () => {
    await pact
      .addInteraction()
      .given('customer Ada is subscribed to the newsletter', {
        listId: NEWSLETTER_LIST_ID,
        customerId: ADA_ID,
      })
      .uponReceiving('an unsubscription of a customer, by external id')
      .withRequest('DELETE', `/lists/${NEWSLETTER_LIST_ID}/subscribers/${ADA_ID}`, (b) =>
        b.headers({ authorization: bearer }),
      )
      .willRespondWith(200, (b) => b.jsonBody(subscriber('unsubscribed')))
      .executeTest(
        settled(async (server) => {
          const client = new MailerClient({ baseUrl: server.url, token: 'crm-service-token' });
          const result = await client.unsubscribe(NEWSLETTER_LIST_ID, ADA_ID);
          expect(result?.status).toBe('unsubscribed');
        }),
      );
  });
});

describe('crm → mailer (provider verification of the real mailer app)', () => {
  const state = createMailerState();
  let mailer: Awaited<ReturnType<typeof serveOnLoopback>>;
  beforeAll(async () => {
    await publishPact('crm', 'mailer');
    mailer = await serveOnLoopback(createMailerApp(state).fetch);
  });
  afterAll(() => mailer?.close());

  it('honours every interaction the CRM expects', async () => {
    const newsletter = () => {
      const list = state.lists.get(NEWSLETTER_LIST_ID);
      if (!list) throw new Error('the mailer lost its newsletter list');
      return list;
    };
    await new Verifier({
      provider: 'mailer',
      providerBaseUrl: mailer.url,
      ...pactSource('crm', 'mailer'),
      providerVersion: appVersion,
      providerVersionBranch: appBranch,
      logLevel: 'warn',
      stateHandlers: {
        'the newsletter list exists': async () => {
          newsletter().subscribers.clear();
        },
        'customer Ada is subscribed to the newsletter': async () => {
          newsletter().subscribers.set('8f2e6b1a-5c4d-4a3b-9e8f-7d6c5b4a3f2e', {
            id: '8f2e6b1a-5c4d-4a3b-9e8f-7d6c5b4a3f2e',
            email: 'ada@acme.test',
            externalId: ADA_ID,
            status: 'subscribed',
            subscribedAt: '2026-02-01T12:00:05.000Z',
          });
        },
      },
    }).verifyProvider();
  });
});
