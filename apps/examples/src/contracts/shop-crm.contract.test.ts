// The shop's calls to the CRM under contract: the shop (consumer) states what it needs in a Pact test against a
// mock CRM; then the real CRM app (provider) is verified against that pact on a loopback port.
import { MatchersV3, PactV4, Verifier } from '@pact-foundation/pact';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCrmApp, createCrmState } from '../crm/app.js';
import { MailerClient } from '../crm/mailer-client.js';
import { CrmClient } from '../shop/crm-client.js';
import {
  ADA_ID,
  appBranch,
  appVersion,
  pactDir,
  pactSource,
  publishPact,
  serveOnLoopback,
  settled,
  UNKNOWN_ID,
} from './pact-support.js';

const { like, regex, datetime, eachLike, uuid } = MatchersV3;
const pact = new PactV4({ consumer: 'shop', provider: 'crm', dir: pactDir, logLevel: 'warn' });
const bearer = regex(/^Bearer \S+$/, 'Bearer shop-service-token');

describe('shop → crm (consumer)', () => {
  it('looks up the customer who places an order', async () => {
    await pact
      .addInteraction()
      .given('customer Ada exists', { customerId: ADA_ID })
      .uponReceiving('a request for a customer')
      .withRequest('GET', `/customers/${ADA_ID}`, (b) => b.headers({ authorization: bearer }))
      .willRespondWith(200, (b) =>
        b.jsonBody({
          id: uuid(ADA_ID),
          email: like('ada@acme.test'),
          createdAt: datetime("yyyy-MM-dd'T'HH:mm:ss'Z'", '2026-01-15T09:30:00Z'),
        }),
      )
      .executeTest(
        settled(async (server) => {
          const customer = await new CrmClient({
            baseUrl: server.url,
            token: 'shop-service-token',
          }).getCustomer(ADA_ID);
          expect(customer?.email).toBe('ada@acme.test');
        }),
      );
  });

  it('treats an unknown customer as absent', async () => {
    await pact
      .addInteraction()
      .given('no customer has the id', { customerId: UNKNOWN_ID })
      .uponReceiving('a request for a customer that does not exist')
      .withRequest('GET', `/customers/${UNKNOWN_ID}`, (b) => b.headers({ authorization: bearer }))
      // The shop only needs the status: the problem body is the CRM's to word.
      .willRespondWith(404)
      .executeTest(
        settled(async (server) => {
          const customer = await new CrmClient({
            baseUrl: server.url,
            token: 'shop-service-token',
          }).getCustomer(UNKNOWN_ID);
          expect(customer).toBeUndefined();
        }),
      );
  });

  it("reads the customer's consents to decide on order-update emails", async () => {
    await pact
      .addInteraction()
      .given('customer Ada granted marketing-email', { customerId: ADA_ID })
      .uponReceiving("a request for a customer's consents")
      .withRequest('GET', `/customers/${ADA_ID}/consents`, (b) =>
        b.headers({ authorization: bearer }).query({ limit: '100' }),
      )
      .willRespondWith(200, (b) =>
        b.jsonBody({
          items: eachLike({
            purpose: regex(/^(marketing-email|marketing-sms|profiling)$/, 'marketing-email'),
            granted: like(true),
            changedAt: datetime("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", '2026-02-01T12:00:00.000Z'),
          }),
        }),
      )
      .executeTest(
        settled(async (server) => {
          const consents = await new CrmClient({
            baseUrl: server.url,
            token: 'shop-service-token',
          }).listConsents(ADA_ID);
          expect(consents[0]).toMatchObject({ purpose: 'marketing-email', granted: true });
        }),
      );
  });
});

describe('shop → crm (provider verification of the real CRM app)', () => {
  const state = createCrmState();
  let crm: Awaited<ReturnType<typeof serveOnLoopback>>;
  beforeAll(async () => {
    await publishPact('shop', 'crm');
    // The interactions under test never reach the mailer; a client pointing nowhere proves it.
    const mailer = new MailerClient({ baseUrl: 'http://127.0.0.1:9', token: 'unused' });
    crm = await serveOnLoopback(createCrmApp({ state, mailer }).fetch);
  });
  afterAll(() => crm?.close());

  it('honours every interaction the shop expects', async () => {
    const ada = () => {
      state.customers.set(ADA_ID, {
        id: ADA_ID,
        email: 'ada@acme.test',
        firstName: 'Ada',
        createdAt: '2026-01-15T09:30:00Z',
      });
    };
    await new Verifier({
      provider: 'crm',
      providerBaseUrl: crm.url,
      ...pactSource('shop', 'crm'),
      providerVersion: appVersion,
      providerVersionBranch: appBranch,
      logLevel: 'warn',
      stateHandlers: {
        'customer Ada exists': async () => ada(),
        'no customer has the id': async () => {
          state.customers.delete(UNKNOWN_ID);
        },
        'customer Ada granted marketing-email': async () => {
          ada();
          state.consents.set(
            ADA_ID,
            new Map([
              [
                'marketing-email',
                {
                  purpose: 'marketing-email',
                  granted: true,
                  source: 'checkout',
                  changedAt: new Date().toISOString(),
                },
              ],
            ]),
          );
        },
      },
    }).verifyProvider();
  });
});

describe('the verification has teeth', () => {
  it('fails a CRM whose customer no longer carries `email`', async () => {
    const state = createCrmState();
    state.customers.set(ADA_ID, { id: ADA_ID, email: 'ada@acme.test', createdAt: '2026-01-15T09:30:00Z' });
    const real = createCrmApp({
      state,
      mailer: new MailerClient({ baseUrl: 'http://127.0.0.1:9', token: 'unused' }),
    });
    // A provider change that renames a field the shop reads.
    const renamed = async (request: Request) => {
      const response = await real.fetch(request);
      if (!response.headers.get('content-type')?.startsWith('application/json')) return response;
      const text = (await response.text()).replaceAll('"email"', '"emailAddress"');
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const crm = await serveOnLoopback(renamed);
    try {
      await expect(
        new Verifier({
          provider: 'crm',
          providerBaseUrl: crm.url,
          pactUrls: [join(pactDir, 'shop-crm.json')],
          logLevel: 'error',
          stateHandlers: { 'customer Ada exists': async () => undefined },
        }).verifyProvider(),
      ).rejects.toThrow(/Actual map is missing the following keys: email/);
    } finally {
      await crm.close();
    }
  });
});
