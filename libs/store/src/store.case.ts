import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSpecText } from '@interlock/openapi';
import { makeApi, makeOperation, publishInput } from './test-support/api.js';
import { operationVector, packVersion, schemaVector } from './pack.js';
import type { LintRecord, Store } from './types.js';

const finding = {
  code: 'operation-summary',
  message: 'Operation must have a summary.',
  severity: 'warn',
  path: ['paths', '/customers', 'get'],
  range: { start: { line: 4, character: 4 }, end: { line: 4, character: 7 } },
  fingerprint: 'f00d',
} as const;
const done: LintRecord = {
  status: 'done',
  counts: { error: 0, warn: 1, info: 0, hint: 0 },
  grade: 'B',
  findings: [{ ...finding, path: [...finding.path], range: finding.range }],
  durationMs: 12.4,
};
const crm = { apiId: 'crm', version: '1.1.0' };

/** The store's behaviour, the same on every engine (run by `describeOnEngines`). */
export function storeCases(open: () => Promise<Store>) {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
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

  it('stores a text given with its bytes as the text itself: same hash, same text back', async () => {
    const text = 'openapi: 3.1.0\ninfo: {title: Café 東京, version: "1"}\n';
    const api = makeApi({ id: 'bytes', version: '1.0.0' });
    const first = await store.publish({ ...publishInput(api, text), bytes: Buffer.from(text) });
    expect(first.status).toBe('created');
    expect(await store.publish(publishInput(api, text))).toMatchObject({ status: 'unchanged' });
    expect((await store.getSpecText('bytes', '1.0.0'))?.text).toBe(text);
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

  it('derives the model of a version stored with its file name instead, on first read, and keeps it', async () => {
    const text = [
      'openapi: 3.1.0',
      'info: {title: Derived, version: 2.0.0}',
      'paths:',
      '  /orders/{id}:',
      '    get:',
      '      operationId: getOrder',
      '      parameters: [{name: id, in: path, required: true, schema: {type: string}}]',
      '      responses: {"200": {description: An order}}',
      '',
    ].join('\n');
    const eager = await loadSpecText(text, { filename: 'orders.yaml' });
    const lean = await loadSpecText(text, { filename: 'orders.yaml', locations: false });
    lean.api.id = eager.api.id = 'orders';
    const input = { api: lean.api, text, mediaType: 'application/yaml', sourceFile: 'orders.yaml' };
    expect(await store.publish(input)).toMatchObject({ status: 'created' });
    const model = async () =>
      (
        await store.sql.query<{ stored: boolean }>(
          "SELECT model_gz IS NOT NULL AS stored FROM api_versions WHERE api_id = 'orders'",
        )
      ).rows[0]?.stored;
    expect(await model()).toBe(false);
    const first = await store.getVersion('orders', '2.0.0');
    expect(first?.api).toEqual(eager.api);
    expect(first?.api.operations[0]?.parameters[0]?.location).toMatchObject({ file: 'orders.yaml', line: 7 });
    expect(await model()).toBe(true);
    expect((await store.getVersion('orders', 'latest'))?.api).toEqual(eager.api);
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

  it('takes a finished word whole when that fills the page, else as a prefix too', async () => {
    const operations = [
      makeOperation('GET', '/accounts/one', { summary: 'Find a user' }),
      makeOperation('POST', '/accounts/two', { summary: 'Update a user' }),
      makeOperation('GET', '/names', { summary: 'Read the username' }),
    ];
    await store.publish(publishInput(makeApi({ id: 'words', operations, schemas: [] })));
    const paths = async (limit: number) =>
      (await store.search('user', { limit, apiId: 'words' })).map((h) => h.path).sort();
    expect(await paths(2)).toEqual(['/accounts/one', '/accounts/two']);
    expect(await paths(10)).toEqual(['/accounts/one', '/accounts/two', '/names']);
  });

  it("runs a named statement prepared once with each call's parameters, quotes and NULL included", async () => {
    const text = 'SELECT $1::text AS t, $2::int + 1 AS n, $3::text IS NULL AS missing';
    const run = (params: unknown[]) => store.sql.query(text, params, { name: 'interlock_test_named' });
    expect((await run(["it's", 1, null])).rows).toEqual([{ t: "it's", n: 2, missing: true }]);
    expect((await run(["'); DROP TABLE apis; --", 41, 'x'])).rows).toEqual([
      { t: "'); DROP TABLE apis; --", n: 42, missing: false },
    ]);
    // Inside a transaction, on the same connection or another.
    const inTx = await store.sql.transaction((tx) =>
      tx.query(text, ['tx', 0, null], { name: 'interlock_test_named' }),
    );
    expect(inTx.rows).toEqual([{ t: 'tx', n: 1, missing: true }]);
    expect((await store.listApis()).total).toBeGreaterThan(0);
  });

  it('keeps the search indexes pending lists short (no autovacuum on PGlite), of the latest rows only', async () => {
    const { rows } = await store.sql.query<{
      name: string;
      reloptions: string[] | string;
      predicate: string;
    }>(
      `SELECT c.relname AS name, c.reloptions, pg_get_expr(i.indpred, i.indrelid) AS predicate
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.oid IN ('operations_search'::regclass, 'schemas_search'::regclass) ORDER BY c.relname`,
    );
    expect(rows.map((r) => r.name)).toEqual(['operations_search', 'schemas_search']);
    for (const row of rows) {
      expect(String(row.reloptions)).toContain('gin_pending_list_limit=128');
      expect(row.predicate).toBe('(search IS NOT NULL)');
    }
  });

  it('stores search vectors sent in binary form as PostgreSQL reads their literals', async () => {
    // Words whose UTF-8 bytes sort apart from their UTF-16 code units, a word repeated past the positions kept of
    // it, each weight, and a schema with no words at all.
    const operation = makeOperation('GET', '/z\u00e9bra/{\u{1f999}Id}', {
      operationId: 'getZ\uff21bra',
      summary: 'Read the \ue000 zebra zebra zebra zebra zebra zebra zebra zebra zebra zebra',
      tags: ['Herd', 'Über'],
      description: 'Zebras, \u0170ber-zebras and z\u00e9bras',
    });
    const schemas = [
      {
        name: 'Zebra',
        title: 'A \u00e9quid',
        description: 'Striped',
        properties: ['stripeCount', '\u00fcber'],
      },
      { name: '__', properties: [] },
    ];
    const api = makeApi({ id: 'vectors', operations: [operation], schemas: schemas as never });
    expect((await store.publish(publishInput(api))).status).toBe('created');
    const { rows } = await store.sql.query<{ kind: string; name: string; same: boolean; n: number }>(
      `SELECT kind, name, search = (CASE kind WHEN 'operation' THEN $1 WHEN 'schema' THEN
                CASE name WHEN 'Zebra' THEN $2 ELSE $3 END END)::tsvector AS same, length(search) AS n
         FROM (SELECT 'operation' AS kind, key AS name, search FROM operations WHERE api_id = 'vectors'
               UNION ALL SELECT 'schema', name, search FROM schemas WHERE api_id = 'vectors') e
        ORDER BY kind, name`,
      [operationVector(operation), schemaVector(schemas[0] as never), schemaVector(schemas[1] as never)],
    );
    expect(rows.map((r) => [r.kind, r.name, r.same])).toEqual([
      ['operation', 'GET /z\u00e9bra/{\u{1f999}Id}', true],
      ['schema', 'Zebra', true],
      ['schema', '__', true],
    ]);
    expect(rows.map((r) => Number(r.n))).toEqual([expect.any(Number), expect.any(Number), 0]);
    expect(Number(rows[0]?.n)).toBeGreaterThan(5);
    const stored = await store.sql.query(
      `SELECT path, operation_id, summary, description, tags, deprecated FROM operations WHERE api_id = 'vectors'`,
    );
    expect(stored.rows).toEqual([
      {
        path: operation.path,
        operation_id: 'getZ\uff21bra',
        summary: operation.summary,
        description: operation.description,
        tags: ['Herd', 'Über'],
        deprecated: false,
      },
    ]);
  });

  it('stores what text cannot hold as it can, and missing fields as NULL', async () => {
    const odd = makeOperation('DELETE', '/odd', {
      description: 'nul\0 "quoted" \\ {braced}',
      tags: ['a,b', '"q"', 'NULL'],
      deprecated: true,
    });
    const api = makeApi({ id: 'odd', operations: [odd], schemas: [] });
    expect((await store.publish(publishInput(api))).status).toBe('created');
    const { rows } = await store.sql.query(
      `SELECT operation_id, summary, description, tags, deprecated FROM operations WHERE api_id = 'odd'`,
    );
    expect(rows).toEqual([
      {
        operation_id: null,
        summary: null,
        description: 'nul "quoted" \\ {braced}',
        tags: ['a,b', '"q"', 'NULL'],
        deprecated: true,
      },
    ]);
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

  it('publishes many versions at once, each as publishing it alone would', async () => {
    const ops = (...paths: string[]) => paths.map((p) => makeOperation('GET', p, { summary: `Read ${p}` }));
    const version = (id: string, v: string, paths: string[], text?: string) =>
      packVersion(publishInput(makeApi({ id, version: v, operations: ops(...paths), schemas: [] }), text));
    const duplicate = makeOperation('GET', '/same');
    await store.publish(version('batch-old', '1.0.0', ['/kept']));
    const results = await store.publishMany([
      version('batch-a', '1.0.0', ['/ants']),
      version('batch-a', '2.0.0', ['/ants', '/aphids']),
      version('batch-a', '1.1.0', ['/ancient']),
      version('batch-old', '1.0.0', ['/kept']),
      version('batch-old', '1.0.0', ['/kept'], 'openapi: 3.1.0\n# other\n'),
      packVersion(publishInput(makeApi({ id: 'batch-broken', operations: [duplicate, duplicate] }))),
      version('batch-b', '1.0.0', ['/bees']),
    ]);
    expect(results.map((r) => r.status)).toEqual([
      'created',
      'created',
      'created',
      'unchanged',
      'conflict',
      'failed',
      'created',
    ]);
    expect(await store.getApi('batch-a')).toMatchObject({
      latestVersion: '2.0.0',
      versionCount: 3,
      operationCount: 2,
    });
    expect(await store.getApi('batch-broken')).toBeUndefined();
    const found = async (q: string) =>
      (await store.search(q)).map((h) => `${h.apiId} ${h.version} ${h.name}`);
    expect(await found('aphids')).toEqual(['batch-a 2.0.0 GET /aphids']);
    expect(await found('ancient')).toEqual([]);
    expect(await found('bees')).toEqual(['batch-b 1.0.0 GET /bees']);
    expect((await store.getVersion('batch-a', '1.1.0'))?.api.operations.map((o) => o.path)).toEqual([
      '/ancient',
    ]);
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

  it('queues every version for a ruleset, latest versions first, and one linter claims each', async () => {
    const queued = await store.lint.enqueueStale('ruleset-1', 60_000);
    const at = (version: string) => queued.findIndex((k) => k.apiId === 'crm' && k.version === version);
    expect(at('1.1.0')).toBeGreaterThanOrEqual(0);
    expect(at('1.1.0')).toBeLessThan(at('1.0.0'));
    expect(await store.lint.get(crm)).toMatchObject({ status: 'queued', grade: null, findings: [] });
    const claims = await Promise.all([1, 2, 3].map(() => store.lint.claim(crm, 'ruleset-1', 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await store.lint.get(crm))?.status).toBe('running');
  });

  it('records a lint, serves it, and grades the API by its latest version', async () => {
    await store.lint.record(crm, 'ruleset-1', done);
    const stored = await store.lint.get(crm);
    expect(stored).toMatchObject({
      status: 'done',
      rulesetHash: 'ruleset-1',
      counts: done.counts,
      grade: 'B',
      findings: done.findings,
      durationMs: 12,
    });
    expect(Date.parse(stored?.lintedAt ?? '')).toBeGreaterThan(0);
    expect((await store.getApi('crm'))?.grade).toBe('B');
    expect((await store.getApi('mailer'))?.grade).toBeNull();
    expect((await store.listApis({ grade: 'B' })).items.map((a) => a.id)).toEqual(['crm']);
    expect((await store.listApis({ grade: 'A' })).total).toBe(0);
    const again = await store.lint.enqueueStale('ruleset-1', 60_000);
    expect(again).not.toContainEqual(crm);
    await store.lint.enqueue([crm], 'ruleset-1');
    expect((await store.lint.get(crm))?.status).toBe('done');
  });

  it('queues a version again for a new ruleset, dropping results of the old one', async () => {
    await store.lint.enqueue([crm], 'ruleset-2');
    expect(await store.lint.get(crm)).toMatchObject({
      status: 'queued',
      rulesetHash: 'ruleset-2',
      grade: null,
      findings: [],
      counts: { error: 0, warn: 0, info: 0, hint: 0 },
    });
    await store.lint.record(crm, 'ruleset-2', done); // not claimed: dropped
    expect((await store.lint.get(crm))?.status).toBe('queued');
    expect(await store.lint.claim(crm, 'ruleset-1', 60_000)).toBe(false);
  });

  it('queues again what was left running past the lease, released, or failed; not what timed out', async () => {
    const [first, second, third] = (await store.lint.enqueueStale('ruleset-3', 60_000)).slice(0, 3);
    if (!first || !second || !third) throw new Error('three queued versions expected');
    for (const key of [first, second, third])
      expect(await store.lint.claim(key, 'ruleset-3', 60_000)).toBe(true);
    await store.lint.release(second, 'ruleset-3');
    await store.lint.record(third, 'ruleset-3', {
      ...done,
      status: 'timed-out',
      grade: null,
      message: 'slow',
    });
    let queued = await store.lint.enqueueStale('ruleset-3', 60_000);
    expect(queued).toContainEqual(second);
    expect(queued).not.toContainEqual(first);
    expect(queued).not.toContainEqual(third);
    await new Promise((resolve) => setTimeout(resolve, 20));
    queued = await store.lint.enqueueStale('ruleset-3', 10);
    expect(queued).toContainEqual(first);
    expect(await store.lint.claim(first, 'ruleset-3', 60_000)).toBe(true);
    await store.lint.record(first, 'ruleset-3', {
      ...done,
      status: 'failed',
      grade: null,
      message: 'broke',
    });
    expect(await store.lint.get(first)).toMatchObject({ status: 'failed', message: 'broke' });
    expect(await store.lint.enqueueStale('ruleset-3', 60_000)).toContainEqual(first);
  });
}
