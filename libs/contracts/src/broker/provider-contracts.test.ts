// Provider contracts over a real store, on PGlite and (with DATABASE_URL) on PostgreSQL: a provider's spec that
// satisfies a consumer pact counts as verified in can-i-deploy, marked as such; one that does not, fails it.
import type { Store } from '@interlock/store';
import { describeOnEngines } from '@interlock/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Broker } from './broker.js';
import { parseMatrixQuery } from './matrix-query.js';
import * as repo from './repository/index.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

const crmSpec = (customerId: 'string' | 'integer') => `openapi: 3.0.3
info: { title: CRM, version: 1.0.0 }
paths:
  /customers/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: A customer
          content:
            application/json:
              schema:
                type: object
                required: [id, name]
                properties:
                  id: { type: ${customerId} }
                  name: { type: string }
`;

const shopPact = JSON.stringify({
  consumer: { name: 'shop' },
  provider: { name: 'crm' },
  interactions: [
    {
      description: 'a customer',
      request: { method: 'GET', path: '/customers/42' },
      response: {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
        body: { id: '42', name: 'Ada' },
      },
    },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const contract = (version: string, spec: string, success: boolean | undefined = true) => ({
  pacticipantVersionNumber: version,
  branch: 'main',
  tags: ['dev'],
  contract: {
    content: b64(spec),
    contentType: 'application/yaml',
    specification: 'oas',
    ...(success === undefined
      ? {}
      : { selfVerificationResults: { success, content: b64('12 tests passed'), verifier: 'schemathesis' } }),
  },
});

describeOnEngines('provider contracts', (open) => {
  let store: Store;
  let broker: Broker;
  const canShopGo = (to = 'production') =>
    broker.matrix(
      parseMatrixQuery(`q[][pacticipant]=shop&q[][version]=1&latestby=cvp&environment=${to}`).query,
    );
  const deploy = async (pacticipant: string, version: string, environment: string) => {
    const v = (await repo.findVersion(store.sql, pacticipant, version)) as {
      id: number;
      pacticipantId: number;
    };
    const env = (await repo.findEnvironment(store.sql, { name: environment })) as { uuid: string };
    await repo.recordDeployment(store.sql, {
      pacticipantId: v.pacticipantId,
      versionId: v.id,
      environmentUuid: env.uuid,
    });
  };

  beforeAll(async () => {
    store = await open();
    broker = new Broker(store.sql);
    await repo.createEnvironment(store.sql, { name: 'production' });
    await repo.createEnvironment(store.sql, { name: 'staging' });
    await broker.putPact('shop', 'crm', '1', shopPact);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('publishes a spec with its version, branch, tags and self-verification; the same spec again is unchanged', async () => {
    expect(await broker.publishProviderContract('crm', contract('10', crmSpec('string')))).toMatchObject({
      ok: true,
      status: 'created',
      version: { number: '10', branches: ['main'], tags: ['dev'] },
    });
    expect(await broker.publishProviderContract('crm', contract('10', crmSpec('string')))).toMatchObject({
      ok: true,
      status: 'unchanged',
    });
    const stored = await broker.providerContract('crm', '10');
    expect(stored).toMatchObject({
      content: crmSpec('string'),
      specification: 'oas',
      contentType: 'application/yaml',
      selfVerification: { success: true, content: '12 tests passed', verifier: 'schemathesis' },
    });
  });

  it('counts a provider version whose spec satisfies the pact as compatible, marked as a provider contract', async () => {
    expect(await canShopGo()).toMatchObject({ ok: true, summary: { deployable: null } });
    await deploy('crm', '10', 'production');
    const answer = await canShopGo();
    expect(answer).toMatchObject({
      ok: true,
      summary: { deployable: true, success: 1, failed: 0, unknown: 0 },
      rows: [
        {
          providerVersion: { number: '10', branches: ['main'], tags: ['dev'] },
          verification: {
            success: true,
            providerContract: { compatible: true, selfVerified: true, errors: 0 },
          },
        },
      ],
    });
    if (!answer.ok) throw new Error('unreachable');
    expect(answer.summary.reasons.map((r) => r.text).join('\n')).toContain(
      "is satisfied by the provider's OpenAPI spec",
    );
  });

  it('fails can-i-deploy when the spec contradicts the pact, and explains where', async () => {
    expect(await broker.publishProviderContract('crm', contract('11', crmSpec('integer')))).toMatchObject({
      ok: true,
    });
    await deploy('crm', '11', 'staging');
    const answer = await canShopGo('staging');
    expect(answer).toMatchObject({
      ok: true,
      summary: { deployable: false, failed: 1 },
      rows: [{ verification: { success: false, providerContract: { compatible: false } } }],
    });
    if (!answer.ok) throw new Error('unreachable');
    expect(answer.summary.reason).toMatch(
      /provider contract \(OpenAPI spec\) of .* does not satisfy the pact/,
    );
    const check = await broker.crossContractCheck('crm', '11', 'shop', '1');
    expect(check).toMatchObject({ ok: true, check: { compatible: false } });
    if (!check.ok) throw new Error('unreachable');
    const findings = JSON.parse(check.check.findings) as { code: string }[];
    expect(findings.map((f) => f.code)).toContain('response.body.incompatible');
  });

  it('fails can-i-deploy when the provider failed its own tests against the spec', async () => {
    await broker.publishProviderContract('crm', contract('12', crmSpec('string'), false));
    await repo.createEnvironment(store.sql, { name: 'qa' });
    await deploy('crm', '12', 'qa');
    expect(await canShopGo('qa')).toMatchObject({
      ok: true,
      summary: { deployable: false, reason: expect.stringContaining('self-verification') },
      rows: [
        { verification: { success: false, providerContract: { compatible: true, selfVerified: false } } },
      ],
    });
  });

  it('prefers a Pact verification of the same provider version to its spec', async () => {
    const pact = await repo.findPact(store.sql, { consumer: 'shop', provider: 'crm', version: '1' });
    const v11 = (await repo.findVersion(store.sql, 'crm', '11')) as { id: number };
    await repo.createVerification(store.sql, {
      pactVersionId: pact?.pactVersionId as number,
      providerVersionId: v11.id,
      success: true,
    });
    const answer = await canShopGo('staging');
    expect(answer).toMatchObject({ ok: true, summary: { deployable: true } });
    if (!answer.ok) throw new Error('unreachable');
    expect(answer.rows.map((r) => r.verification?.providerContract)).toEqual([undefined]);
  });

  it('refuses another spec for a published version, and bad input, leaving nothing behind', async () => {
    expect(
      await broker.publishProviderContract('crm', {
        ...contract('10', crmSpec('integer')),
        tags: ['late'],
      }),
    ).toMatchObject({ ok: false, status: 409 });
    expect((await broker.providerContract('crm', '10'))?.content).toBe(crmSpec('string'));
    expect((await repo.findVersion(store.sql, 'crm', '10'))?.tags).toEqual(['dev']);

    expect(
      await broker.publishProviderContract('crm', { contract: { specification: 'raml' } }),
    ).toMatchObject({
      ok: false,
      status: 400,
      errors: {
        pacticipantVersionNumber: [expect.any(String)],
        'contract.specification': [expect.stringContaining("only 'oas'")],
        'contract.content': [expect.any(String)],
      },
    });
    const refs = contract(
      '20',
      `openapi: 3.0.3\ninfo: { title: x, version: '1' }\npaths:\n  /a: { $ref: '../../etc/passwd' }\n`,
    );
    expect(await broker.publishProviderContract('crm', refs)).toMatchObject({
      ok: false,
      status: 400,
      errors: { 'contract.content': [expect.stringContaining('not a usable OpenAPI document')] },
    });
    const yaml = contract('21', 'openapi: 3.0.3\ninfo: [unclosed\n');
    expect(await broker.publishProviderContract('crm', yaml)).toMatchObject({
      ok: false,
      status: 400,
      errors: { 'contract.content': [expect.stringMatching(/line \d+/)] },
    });
    expect(await repo.findVersion(store.sql, 'crm', '20')).toBeUndefined();
    expect(await repo.findVersion(store.sql, 'crm', '21')).toBeUndefined();
  });
});
