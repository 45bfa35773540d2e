// The broker's responses against specs/interlock-broker.openapi.yaml, through the real app: statuses, content
// types and bodies as documented, for the requests a publish → verify → deploy cycle makes, and for bad input.
import { fileURLToPath } from 'node:url';
import { hashToken } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogApp } from '../app.js';
import { createSpecValidator } from '../test-support/spec-validator.js';

const spec = fileURLToPath(new URL('../../../../specs/interlock-broker.openapi.yaml', import.meta.url));
let store: Store;
let app: Hono;
let check: Awaited<ReturnType<typeof createSpecValidator>>;
const problems: string[] = [];

beforeAll(async () => {
  store = await createStore({ dataDir: 'memory://' });
  app = createCatalogApp({
    store,
    adminTokenHash: hashToken('rw'),
    broker: { readTokenHash: hashToken('ro') },
  });
  check = await createSpecValidator(spec);
});
afterAll(() => store.close());

async function call(method: string, path: string, body?: unknown, token = 'rw'): Promise<Response> {
  const response = await app.request(path, {
    method,
    headers: {
      accept: 'application/hal+json',
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  problems.push(...(await check(method, path.split('?')[0] as string, response)));
  return response;
}

const pact = (path: string) =>
  Buffer.from(
    JSON.stringify({
      consumer: { name: 'shop' },
      provider: { name: 'crm' },
      interactions: [{ description: path, request: { method: 'GET', path }, response: { status: 200 } }],
    }),
  ).toString('base64');
const publish = (version: string, path: string) => ({
  pacticipantName: 'shop',
  pacticipantVersionNumber: version,
  branch: 'main',
  tags: ['dev'],
  contracts: [
    {
      consumerName: 'shop',
      providerName: 'crm',
      specification: 'pact',
      contentType: 'application/json',
      content: pact(path),
    },
  ],
});

describe('broker responses match their spec', () => {
  it('for a publish → verify → deploy cycle and its refusals', async () => {
    expect((await call('GET', '/')).status).toBe(200);
    expect((await call('POST', '/contracts/publish', publish('1', '/a'))).status).toBe(200);
    expect((await call('POST', '/contracts/publish', publish('1', '/b'))).status).toBe(409);
    expect((await call('POST', '/contracts/publish', { pacticipantName: 'shop' })).status).toBe(400);
    expect((await call('POST', '/contracts/publish', '{not json')).status).toBe(400);
    expect((await call('POST', '/contracts/publish', publish('2', '/b'), 'ro')).status).toBe(403);
    expect((await call('POST', '/contracts/publish', publish('2', '/b'), '')).status).toBe(401);
    expect((await call('GET', '/pacticipants', undefined, '')).status).toBe(401);
    expect((await call('GET', '/pacticipants', undefined, 'ro')).status).toBe(200);
    expect((await call('GET', '/pacticipants/shop')).status).toBe(200);
    expect((await call('GET', '/pacticipants/nobody')).status).toBe(404);
    expect(
      (await call('PATCH', '/pacticipants/shop', { repositoryUrl: 'https://git.acme.test/shop' })).status,
    ).toBe(200);
    expect((await call('GET', '/pacticipants/shop/versions/1')).status).toBe(200);
    expect((await call('GET', '/pacticipants/shop/latest-version')).status).toBe(200);
    expect((await call('GET', '/pacticipants/shop/latest-version/dev')).status).toBe(200);
    expect((await call('PUT', '/pacticipants/shop/versions/1/tags/prod')).status).toBe(201);
    expect(
      (
        await call('PUT', '/pacts/provider/crm/consumer/shop/version/3', {
          consumer: { name: 'other' },
          provider: { name: 'crm' },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await call('PUT', '/pacts/provider/crm/consumer/shop/version/3', {
          consumer: { name: 'shop' },
          provider: { name: 'crm' },
          interactions: [],
        })
      ).status,
    ).toBe(201);
    expect((await call('GET', '/pacts/provider/crm/consumer/shop/latest')).status).toBe(200);
    expect((await call('GET', '/pacts/latest')).status).toBe(200);
    expect((await call('GET', '/pacts/provider/crm/latest')).status).toBe(200);
    expect((await call('GET', '/pacts/provider/crm/branch')).status).toBe(200);
    expect((await call('GET', '/pacts/provider/crm/branch/main')).status).toBe(200);
    expect((await call('GET', '/pacts/provider/nobody/branch')).status).toBe(404);

    const fv = await call('POST', '/pacts/provider/crm/for-verification', {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
      providerVersionBranch: 'main',
    });
    expect(fv.status).toBe(200);
    expect(
      (
        await call('POST', '/pacts/provider/crm/for-verification', {
          consumerVersionSelectors: [{ colour: 'red' }],
        })
      ).status,
    ).toBe(400);
    const href = ((await fv.json()) as { _embedded: { pacts: { _links: { self: { href: string } } }[] } })
      ._embedded.pacts[0]?._links.self.href as string;
    const path = new URL(href).pathname;
    const fetched = await call('GET', path);
    expect(fetched.status).toBe(200);
    const results = new URL(
      ((await fetched.json()) as { _links: Record<string, { href: string }> })._links[
        'pb:publish-verification-results'
      ]?.href as string,
    ).pathname;
    expect((await call('POST', results, { success: 'yes' })).status).toBe(400);
    expect((await call('POST', results, { success: true, providerApplicationVersion: '7' })).status).toBe(
      201,
    );

    const env = await call('POST', '/environments', { name: 'production', production: true });
    expect(env.status).toBe(201);
    expect((await call('POST', '/environments', { name: 'has spaces' })).status).toBe(400);
    const { uuid } = (await env.json()) as { uuid: string };
    expect((await call('GET', '/environments')).status).toBe(200);
    expect((await call('GET', `/environments/${uuid}`)).status).toBe(200);
    const deployed = await call(
      'POST',
      `/pacticipants/crm/versions/7/deployed-versions/environment/${uuid}`,
      {},
    );
    expect(deployed.status).toBe(201);
    expect(
      (await call('POST', `/pacticipants/crm/versions/404/deployed-versions/environment/${uuid}`, {})).status,
    ).toBe(404);
    expect(
      (await call('GET', `/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=crm`))
        .status,
    ).toBe(200);
    expect(
      (await call('POST', `/pacticipants/shop/versions/1/released-versions/environment/${uuid}`, {})).status,
    ).toBe(201);
    expect(
      (await call('GET', '/can-i-deploy?pacticipant=shop&version=1&environment=production')).status,
    ).toBe(200);
    expect((await call('GET', '/can-i-deploy?pacticipant=shop')).status).toBe(400);
    expect(
      (await call('GET', '/matrix?q[][pacticipant]=shop&q[][version]=1&latestby=cvp&environment=production'))
        .status,
    ).toBe(200);
    expect((await call('GET', '/matrix?q[][pacticipant]=ghost&q[][version]=1')).status).toBe(400);
    expect((await call('GET', '/matrix?q[][pacticipant]=shop&environment=nowhere')).status).toBe(400);
    const spec = (path: string) =>
      Buffer.from(
        `openapi: 3.0.3\ninfo: { title: CRM, version: '1' }\npaths:\n  ${path}:\n    get:\n      responses:\n        '200': { description: ok }\n`,
      ).toString('base64');
    const contract = (path: string) => ({
      pacticipantVersionNumber: '8',
      contract: {
        content: spec(path),
        contentType: 'application/yaml',
        specification: 'oas',
        selfVerificationResults: { success: true },
      },
    });
    expect((await call('POST', '/provider-contracts/provider/crm/publish', contract('/a'))).status).toBe(200);
    expect((await call('POST', '/provider-contracts/provider/crm/publish', contract('/z'))).status).toBe(409);
    expect((await call('POST', '/provider-contracts/provider/crm/publish', { contract: {} })).status).toBe(
      400,
    );
    expect(
      (await call('POST', '/provider-contracts/provider/crm/publish', contract('/a'), 'ro')).status,
    ).toBe(403);
    expect((await call('GET', '/provider-contracts/provider/crm/version/8')).status).toBe(200);
    expect((await call('GET', '/provider-contracts/provider/crm/version/9')).status).toBe(404);
    const crossContract =
      '/contracts/bi-directional/provider/crm/version/8/consumer/shop/version/1/cross-contract-verification-results';
    expect((await call('GET', crossContract)).status).toBe(200);
    expect((await call('GET', crossContract.replace('version/1', 'version/404'))).status).toBe(404);
    const matrix = await call(
      'GET',
      '/matrix?q[][pacticipant]=shop&q[][version]=1&q[][pacticipant]=crm&q[][version]=8',
    );
    expect(matrix.status).toBe(200);
    expect(await matrix.json()).toMatchObject({
      summary: { deployable: true },
      matrix: [{ verificationResult: { success: true, providerContract: { compatible: true } } }],
    });
    const { uuid: deployment } = (await deployed.json()) as { uuid: string };
    expect(
      (await call('PATCH', `/deployed-versions/${deployment}`, { currentlyDeployed: false })).status,
    ).toBe(200);
    expect(
      (
        await call('POST', '/webhooks', {
          events: [{ name: 'contract_published' }],
          request: { method: 'POST', url: 'https://hooks.acme.test' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call('POST', '/webhooks', {
          events: [{ name: 'contract_published' }],
          request: { method: 'POST' },
        })
      ).status,
    ).toBe(400);
    expect((await call('DELETE', '/pacticipants/shop/branches/main')).status).toBe(204);

    expect(problems).toEqual([]);
  });

  it('leaves stored data intact after refused input', async () => {
    const before = await (await call('GET', '/pacts/provider/crm/consumer/shop/version/1')).text();
    await call('POST', '/contracts/publish', publish('1', '/changed'));
    await call('PUT', '/pacts/provider/crm/consumer/shop/version/1', '{"consumer":');
    expect(await (await call('GET', '/pacts/provider/crm/consumer/shop/version/1')).text()).toBe(before);
  });
});
