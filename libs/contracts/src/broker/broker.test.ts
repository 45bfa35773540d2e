// The Broker's services over a real store, on PGlite and (with DATABASE_URL) on PostgreSQL.
import type { Store } from '@interlock/store';
import { describeOnEngines } from '@interlock/store/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Broker } from './broker.js';
import { parseMatrixQuery } from './matrix-query.js';
import * as repo from './repository/index.js';

const content = (consumer: string, provider: string, path: string) =>
  Buffer.from(
    JSON.stringify({
      consumer: { name: consumer },
      provider: { name: provider },
      interactions: [{ description: path, request: { method: 'GET', path } }],
    }),
  ).toString('base64');
const publish = (version: string, path: string, branch = 'main') => ({
  pacticipantName: 'shop',
  pacticipantVersionNumber: version,
  branch,
  contracts: [
    {
      consumerName: 'shop',
      providerName: 'crm',
      specification: 'pact',
      contentType: 'application/json',
      content: content('shop', 'crm', path),
    },
  ],
});

describeOnEngines('broker', (open) => {
  let store: Store;
  let broker: Broker;
  beforeAll(async () => {
    store = await open();
    broker = new Broker(store.sql);
  });
  afterAll(async () => {
    await store?.close();
  });

  it('publishes once; the same content again is unchanged; other content is a conflict and changes nothing', async () => {
    expect(await broker.publishContracts(publish('1', '/a'))).toMatchObject({
      ok: true,
      contracts: [{ status: 'created' }],
    });
    expect(await broker.publishContracts(publish('1', '/a'))).toMatchObject({
      ok: true,
      contracts: [{ status: 'unchanged' }],
    });
    expect(await broker.publishContracts({ ...publish('1', '/b'), tags: ['new'] })).toMatchObject({
      ok: false,
      status: 409,
    });
    const pact = await repo.findPact(store.sql, { consumer: 'shop', provider: 'crm', version: '1' });
    expect(pact?.content).toContain('/a');
    expect((await repo.findVersion(store.sql, 'shop', '1'))?.tags).toEqual([]);
    expect((await repo.findPacticipant(store.sql, 'shop'))?.mainBranch).toBe('main');
  });

  it('refuses bad input with the field at fault', async () => {
    expect(await broker.publishContracts({ pacticipantName: 'shop' })).toMatchObject({
      ok: false,
      status: 400,
      errors: { pacticipantVersionNumber: [expect.any(String)], contracts: [expect.any(String)] },
    });
    const wrongName = {
      ...publish('2', '/a'),
      contracts: [{ ...publish('2', '/a').contracts[0], content: content('other', 'crm', '/a') }],
    };
    expect(await broker.publishContracts(wrongName)).toMatchObject({ ok: false, status: 400 });
    expect(await repo.findVersion(store.sql, 'shop', '2')).toBeUndefined();
  });

  it('selects pacts for verification and answers can-i-deploy from the target environment', async () => {
    const fv = await broker.pactsForVerification('crm', {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
      providerVersionBranch: 'main',
    });
    expect(fv).toMatchObject({ ok: true, pacts: [{ consumer: 'shop', pending: true }] });
    expect(
      await broker.pactsForVerification('crm', { consumerVersionSelectors: [{ colour: 'red' }] }),
    ).toMatchObject({ ok: false, status: 400 });
    expect(await broker.pactsForVerification('nobody', {})).toMatchObject({ ok: false, status: 404 });

    const env = await repo.createEnvironment(store.sql, { name: 'production' });
    const canShopGo = () =>
      broker.matrix(
        parseMatrixQuery('q[][pacticipant]=shop&q[][version]=1&latestby=cvp&environment=production').query,
      );
    expect(await canShopGo()).toMatchObject({ ok: true, summary: { deployable: null, unknown: 1 } });

    const pact = await repo.findPact(store.sql, { consumer: 'shop', provider: 'crm', version: '1' });
    const crm = await repo.ensureVersion(store.sql, 'crm', '7');
    await repo.createVerification(store.sql, {
      pactVersionId: pact?.pactVersionId as number,
      providerVersionId: crm.version.id,
      success: true,
    });
    await repo.recordDeployment(store.sql, {
      pacticipantId: crm.version.pacticipantId,
      versionId: crm.version.id,
      environmentUuid: env.uuid,
    });
    expect(await canShopGo()).toMatchObject({ ok: true, summary: { deployable: true, success: 1 } });

    const after = await broker.pactsForVerification('crm', {
      consumerVersionSelectors: [{ mainBranch: true }],
      includePendingStatus: true,
    });
    expect(after).toMatchObject({ ok: true, pacts: [{ pending: false }] });
    expect(
      await broker.matrix(parseMatrixQuery('q[][pacticipant]=ghost&q[][version]=1').query),
    ).toMatchObject({ ok: false, status: 400, errors: ['Pacticipant ghost not found'] });
  });
});
