import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApi, makeOperation, publishInput } from './test-support/api.js';
import type { Store } from './types.js';

/** The store's behaviour, the same on every engine. */
export function describeStore(
  name: string,
  open: () => Promise<Store>,
  cleanup: () => Promise<void> = async () => undefined,
) {
  describe(`store on ${name}`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await store?.close();
      await cleanup();
    });

    it('publishes a version once: same text is unchanged, other text is a conflict', async () => {
      const api = makeApi();
      const first = await store.publish(publishInput(api));
      expect(first.status).toBe('created');
      const again = await store.publish(publishInput(api));
      expect(again).toMatchObject({ status: 'unchanged', version: { apiId: 'crm', version: '1.0.0' } });
      const other = await store.publish(publishInput(api, 'openapi: 3.1.0\n# changed\n'));
      expect(other).toMatchObject({
        status: 'conflict',
        existing: { hash: first.status === 'created' ? first.version.hash : '' },
      });
      expect((await store.getSpecText('crm', '1.0.0'))?.text).toBe(publishInput(api).text);
    });

    it('keeps every version, newest first, and the latest on the API', async () => {
      await store.publish(publishInput(makeApi({ version: '1.1.0', title: 'CRM v1.1' })));
      const versions = await store.listVersions('crm');
      expect(versions.map((v) => v.version)).toEqual(['1.1.0', '1.0.0']);
      const api = await store.getApi('crm');
      expect(api).toMatchObject({
        latestVersion: '1.1.0',
        versionCount: 2,
        operationCount: 3,
        title: 'CRM v1.1',
      });
      const latest = await store.getVersion('crm', 'latest');
      expect(latest?.api.title).toBe('CRM v1.1');
      expect((await store.getVersion('crm', '1.0.0'))?.api.operations.map((o) => o.key)).toContain(
        'GET /customers/{customerId}',
      );
      expect(await store.getVersion('crm', '9.9.9')).toBeUndefined();
    });

    it('reads the document back from the stored text', async () => {
      const api = makeApi({ id: 'textonly', version: '1.0.0' });
      const text = 'openapi: 3.1.0\ninfo:\n  title: Text only\n  version: 1.0.0\npaths: {}\n';
      expect((await store.publish({ api, text, mediaType: 'application/yaml' })).status).toBe('created');
      expect(await store.getDocument('textonly', '1.0.0')).toEqual({
        openapi: '3.1.0',
        info: { title: 'Text only', version: '1.0.0' },
        paths: {},
      });
    });

    it('keeps the highest semantic version as the latest when an older line gets a fix', async () => {
      await store.publish(publishInput(makeApi({ id: 'lines', version: '2.0.0', title: 'Lines v2' })));
      await store.publish(publishInput(makeApi({ id: 'lines', version: '1.4.1', title: 'Lines v1 hotfix' })));
      expect(await store.getApi('lines')).toMatchObject({
        latestVersion: '2.0.0',
        title: 'Lines v2',
        versionCount: 2,
      });
      expect((await store.search('customers', { apiId: 'lines' })).every((h) => h.version === '2.0.0')).toBe(
        true,
      );
      await store.publish(
        publishInput(makeApi({ id: 'lines', version: '2.1.0-beta.1', title: 'Lines v2.1 beta' })),
      );
      expect((await store.getApi('lines'))?.latestVersion).toBe('2.1.0-beta.1');
      await store.publish(publishInput(makeApi({ id: 'named', version: 'winter-release' })));
      await store.publish(publishInput(makeApi({ id: 'named', version: 'spring-release' })));
      expect((await store.getApi('named'))?.latestVersion).toBe('spring-release');
    });

    it('exactly one of two concurrent publishes of different content wins', async () => {
      const api = makeApi({ id: 'race', version: '1.0.0' });
      const results = await Promise.all([
        store.publish(publishInput(api, 'a: 1\n')),
        store.publish(publishInput(api, 'b: 2\n')),
        store.publish(publishInput(api, 'c: 3\n')),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['conflict', 'conflict', 'created']);
      expect(await store.listVersions('race')).toHaveLength(1);
    });

    it('stores a version whole or not at all', async () => {
      const duplicate = makeOperation('GET', '/x');
      const api = makeApi({ id: 'broken', operations: [duplicate, duplicate] });
      await expect(store.publish(publishInput(api))).rejects.toThrow();
      expect(await store.getApi('broken')).toBeUndefined();
      expect(await store.listVersions('broken')).toEqual([]);
      const ok = await store.publish(publishInput(makeApi({ id: 'broken' })));
      expect(ok.status).toBe('created');
    });

    it('lists APIs with filters and a total', async () => {
      await store.publish(
        publishInput(
          makeApi({
            id: 'mailer',
            title: 'Mailer',
            owner: { name: 'team-growth' },
            lifecycle: 'beta',
            tags: [{ name: 'lists' }],
            description: `Sends newsletters. ${'Lorem ipsum. '.repeat(100)} Also handles pigeons.`,
          }),
        ),
      );
      const all = await store.listApis();
      expect(all.total).toBe(all.items.length);
      expect(all.items.map((a) => a.id)).toEqual(expect.arrayContaining(['crm', 'mailer']));
      expect((await store.listApis({ owner: 'team-growth' })).items.map((a) => a.id)).toEqual(['mailer']);
      expect((await store.listApis({ lifecycle: 'beta' })).items.map((a) => a.id)).toEqual(['mailer']);
      expect((await store.listApis({ tag: 'lists' })).items.map((a) => a.id)).toEqual(['mailer']);
      expect((await store.listApis({ text: 'mail' })).items.map((a) => a.id)).toEqual(['mailer']);
      expect((await store.listApis({ text: 'NEWSLETTER' })).items.map((a) => a.id)).toEqual(['mailer']);
      expect((await store.listApis({ text: 'Team-Growth' })).items.map((a) => a.id)).toEqual(['mailer']);
      // Only the start of a description is looked in.
      expect((await store.listApis({ text: 'pigeons' })).total).toBe(0);
      expect((await store.listApis({ text: '100%' })).total).toBe(0);
      const page = await store.listApis({ limit: 1, offset: 1 });
      expect(page.items).toHaveLength(1);
      expect(page.total).toBe(all.total);
    });

    it('searches operations and schemas of the latest versions, ranked, by prefix', async () => {
      const hits = await store.search('custo');
      expect(hits.length).toBeGreaterThan(0);
      expect(hits.every((h) => h.version === '1.1.0' || h.apiId !== 'crm')).toBe(true);
      expect(hits.map((h) => h.name)).toEqual(
        expect.arrayContaining(['GET /customers/{customerId}', 'Customer']),
      );
      const grant = await store.search('grant consent');
      expect(grant[0]).toMatchObject({
        kind: 'operation',
        operationId: 'grantConsent',
        method: 'POST',
        path: '/consents',
      });
      expect(grant[0]?.snippet).toContain('«');
      const byProperty = await store.search('firstName');
      expect(byProperty[0]).toMatchObject({ kind: 'schema', name: 'Customer' });
      const described = await store.search('contacted');
      expect(described.map((h) => h.operationId)).toContain('grantConsent');
      expect(await store.search('   ')).toEqual([]);
      expect(await store.search("'); DROP TABLE apis; --")).toEqual([]);
      expect((await store.search('customers', { apiId: 'mailer' })).every((h) => h.apiId === 'mailer')).toBe(
        true,
      );
    });

    it('keeps the search index pending list short (no autovacuum on PGlite)', async () => {
      const { rows } = await store.sql.query<{ reloptions: string[] | string }>(
        `SELECT reloptions FROM pg_class WHERE oid = 'search_entries_search'::regclass`,
      );
      expect(String(rows[0]?.reloptions)).toContain('gin_pending_list_limit=256');
    });

    it("replaces the search entries with the new latest version's, and leaves them for an older one", async () => {
      const ops = (...paths: string[]) => paths.map((p) => makeOperation('GET', p, { summary: `Read ${p}` }));
      const publish = (version: string, operations: ReturnType<typeof ops>) =>
        store.publish(publishInput(makeApi({ id: 'moving', version, operations, schemas: [] })));
      await publish('1.0.0', ops('/alpacas', '/badgers'));
      await publish('2.0.0', ops('/badgers', '/cormorants'));
      const found = async (q: string) =>
        (await store.search(q, { apiId: 'moving' })).map((h) => `${h.version} ${h.name}`);
      expect(await found('alpacas')).toEqual([]);
      expect(await found('badgers')).toEqual(['2.0.0 GET /badgers']);
      expect(await found('cormorants')).toEqual(['2.0.0 GET /cormorants']);
      await publish('1.5.0', ops('/dingos'));
      expect(await found('dingos')).toEqual([]);
      expect(await store.getApi('moving')).toMatchObject({
        latestVersion: '2.0.0',
        versionCount: 3,
        operationCount: 2,
      });
    });

    it('keeps artifacts per version and settings set once', async () => {
      expect(await store.getArtifact('crm', '1.0.0', 'types')).toBeUndefined();
      await store.putArtifact('crm', '1.0.0', 'types', 'export type A = 1;');
      await store.putArtifact('crm', '1.0.0', 'types', 'export type A = 2;');
      expect(await store.getArtifact('crm', '1.0.0', 'types')).toBe('export type A = 2;');
      const values = await Promise.all(['a', 'b', 'c'].map((v) => store.initSetting('admin-token', v)));
      expect(new Set(values).size).toBe(1);
      expect(await store.getSetting('admin-token')).toBe(values[0]);
    });
  });
}
