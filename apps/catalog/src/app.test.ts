import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { hashToken, indexFolder, startLintQueue } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogApp, startCatalog } from './index.js';
import { createSpecValidator } from './test-support/spec-validator.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const TOKEN = 'test-admin-token';
const auth = { authorization: `Bearer ${TOKEN}` };

// Response bodies are checked against the spec by `call`; here they are read loosely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (response: Response): Promise<any> => response.json();

let store: Store;
let app: Hono;
let check: Awaited<ReturnType<typeof createSpecValidator>>;

/** Every response of the catalog is checked against specs/interlock-catalog.openapi.yaml. */
async function call(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
  on: Hono = app,
) {
  const response = await on.request(path, { method, ...init });
  expect(await check(method, path, response)).toEqual([]);
  return response;
}

beforeAll(async () => {
  store = await createStore({ dataDir: 'memory://' });
  const summary = await indexFolder(store, specs);
  expect(summary.failed).toEqual([]);
  app = createCatalogApp({ store, adminTokenHash: hashToken(TOKEN), maxSpecBytes: 256 * 1024 });
  check = await createSpecValidator(`${specs}/interlock-catalog.openapi.yaml`);
});
afterAll(() => store.close());

describe('reading the catalog', () => {
  it('GET /healthz', async () => {
    expect(await json(await call('GET', '/healthz'))).toEqual({ status: 'ok', engine: 'pglite' });
  });

  it('GET /api/apis lists and filters', async () => {
    const all = await json(await call('GET', '/api/apis'));
    expect(all.items.map((a: { id: string }) => a.id)).toEqual(
      expect.arrayContaining(['crm', 'mailer', 'shop', 'interlock-catalog']),
    );
    expect(all.total).toBe(all.items.length);
    const beta = await json(await call('GET', '/api/apis?lifecycle=beta'));
    expect(beta.items.map((a: { id: string }) => a.id).sort()).toEqual([
      'interlock-broker',
      'interlock-catalog',
      'interlock-collector',
      'mailer',
    ]);
    const owned = await json(await call('GET', '/api/apis?owner=team-checkout'));
    expect(owned.items.map((a: { id: string }) => a.id)).toEqual(['shop']);
    const tagged = await json(await call('GET', '/api/apis?tag=consents'));
    expect(tagged.items.map((a: { id: string }) => a.id)).toEqual(['crm']);
    const text = await json(await call('GET', '/api/apis?q=campaign'));
    expect(text.items.map((a: { id: string }) => a.id)).toEqual(['mailer']);
    expect((await call('GET', '/api/apis?limit=0')).status).toBe(400);
    expect((await call('GET', '/api/apis?lifecycle=ancient')).status).toBe(400);
  });

  it('GET /api/apis/{apiId} and its versions', async () => {
    const shop = await json(await call('GET', '/api/apis/shop'));
    expect(shop).toMatchObject({
      id: 'shop',
      latestVersion: '1.4.0',
      owner: { name: 'team-checkout' },
      versions: [{ version: '1.4.0' }],
    });
    expect((await json(await call('GET', '/api/apis/shop/versions'))).items).toHaveLength(1);
    const missing = await call('GET', '/api/apis/nope');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect((await call('GET', '/api/apis/nope/versions')).status).toBe(404);
  });

  it('GET a version with its operations, by number and as latest', async () => {
    const v = await json(await call('GET', '/api/apis/crm/versions/2.1.0'));
    expect(v).toMatchObject({ apiId: 'crm', version: '2.1.0', format: 'openapi-3.1', serviceName: 'crm' });
    const get = v.operations.find((o: { operationId?: string }) => o.operationId === 'getCustomer');
    expect(get).toMatchObject({
      method: 'GET',
      path: '/customers/{customerId}',
      location: { file: 'crm.openapi.yaml' },
    });
    expect(get.parameters[0].location.file).toBe('parameters.yaml');
    const latest = await json(await call('GET', '/api/apis/crm/versions/latest'));
    expect(latest.version).toBe('2.1.0');
    expect((await call('GET', '/api/apis/crm/versions/9.9.9')).status).toBe(404);
  });

  it('GET the spec as published, with its media type', async () => {
    const response = await call('GET', '/api/apis/shop/versions/1.4.0/spec');
    expect(response.headers.get('content-type')).toBe('application/yaml; charset=utf-8');
    expect(await response.text()).toBe(readFileSync(`${specs}/shop.openapi.yaml`, 'utf8'));
    expect(response.headers.get('etag')).toMatch(/^"[0-9a-f]{64}"$/);
  });

  it('GET TypeScript types for a version, generated once', async () => {
    const response = await call('GET', '/api/apis/mailer/versions/latest/types');
    const types = await response.text();
    expect(types).toContain('export interface paths');
    expect(types).toContain('"/lists/{listId}/subscribers"');
    expect(types).toContain('subscribe: {');
    expect(await store.getArtifact('mailer', '0.9.0', 'typescript')).toBe(types);
    expect(await (await call('GET', '/api/apis/mailer/versions/0.9.0/types')).text()).toBe(types);
  });

  it('GET /api/search ranks operations and schemas', async () => {
    const result = await json(await call('GET', '/api/search?q=subscri'));
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.items.slice(0, 5).map((h: { apiId: string }) => h.apiId)).toContain('mailer');
    const byId = await json(await call('GET', '/api/search?q=placeOrder'));
    expect(byId.items[0]).toMatchObject({ kind: 'operation', apiId: 'shop', operationId: 'placeOrder' });
    expect((await call('GET', '/api/search')).status).toBe(400);
    expect((await call('GET', '/api/search?q=consent&api=crm')).status).toBe(200);
  });
});

describe('lint', () => {
  const sloppy = `openapi: 3.1.0\ninfo:\n  title: Sloppy\n  version: 1.0.0\npaths:\n  /things:\n    get:\n      responses:\n        '200':\n          description: OK\n`;

  it('answers a version not linted yet as queued, an unknown one with 404', async () => {
    const lint = await json(await call('GET', '/api/apis/shop/versions/1.4.0/lint'));
    expect(lint).toEqual({
      apiId: 'shop',
      version: '1.4.0',
      status: 'queued',
      grade: null,
      counts: { error: 0, warn: 0, info: 0, hint: 0 },
      findings: [],
      rulesetHash: null,
      lintedAt: null,
    });
    expect((await json(await call('GET', '/api/apis/shop'))).grade).toBeNull();
    expect((await call('GET', '/api/apis/shop/versions/9.9.9/lint')).status).toBe(404);
    expect((await call('GET', '/api/apis/nope/versions/latest/lint')).status).toBe(404);
  });

  it('lints stored and published versions in the background, and serves findings and grades', async () => {
    const queue = await startLintQueue(store);
    try {
      const linted = createCatalogApp({ store, adminTokenHash: hashToken(TOKEN), lint: queue });
      const put = { headers: { ...auth, 'content-type': 'application/yaml' }, body: sloppy };
      expect((await call('PUT', '/api/apis/sloppy/versions/1.0.0', put, linted)).status).toBe(201);
      await queue.idle();
      const shop = await json(await call('GET', '/api/apis/shop/versions/latest/lint'));
      expect(shop).toMatchObject({
        version: '1.4.0',
        status: 'done',
        grade: 'A',
        rulesetHash: queue.rulesetHash,
      });
      const lint = await json(await call('GET', '/api/apis/sloppy/versions/1.0.0/lint'));
      expect(lint).toMatchObject({ status: 'done', lintedAt: expect.any(String) });
      expect(lint.grade).not.toBe('A');
      expect(lint.counts.error).toBe(
        lint.findings.filter((f: { severity: string }) => f.severity === 'error').length,
      );
      expect(lint.findings).toContainEqual(
        expect.objectContaining({ code: 'operation-summary', path: ['paths', '/things', 'get'] }),
      );
      const graded = await json(await call('GET', '/api/apis'));
      expect(graded.items.find((a: { id: string }) => a.id === 'sloppy').grade).toBe(lint.grade);
      const onlyA = await json(await call('GET', '/api/apis?grade=A'));
      expect(onlyA.items.map((a: { id: string }) => a.id)).toContain('shop');
      expect(onlyA.items.map((a: { id: string }) => a.id)).not.toContain('sloppy');
      expect((await call('GET', '/api/apis?grade=Z')).status).toBe(400);
    } finally {
      await queue.close();
    }
  });
});

describe('publishing', () => {
  const spec = (version: string, extra = '') =>
    `openapi: 3.1.0\ninfo:\n  title: Billing\n  version: ${version}\npaths:\n  /invoices:\n    get:\n      operationId: listInvoices\n      responses:\n        '200':\n          description: ok\n${extra}`;
  const put = (path: string, body: string, headers: Record<string, string> = auth) =>
    call('PUT', path, { headers: { 'content-type': 'application/yaml', ...headers }, body });

  it('needs the admin token', async () => {
    const none = await put('/api/apis/billing/versions/1.0.0', spec('1.0.0'), {});
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/Bearer/);
    expect(
      (await put('/api/apis/billing/versions/1.0.0', spec('1.0.0'), { authorization: 'Bearer wrong' }))
        .status,
    ).toBe(403);
    expect((await call('GET', '/api/apis/billing')).status).toBe(404);
  });

  it('creates, repeats as a no-op, refuses other content for the same version', async () => {
    const created = await put('/api/apis/billing/versions/1.0.0', spec('1.0.0'));
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('/api/apis/billing/versions/1.0.0');
    expect((await put('/api/apis/billing/versions/1.0.0', spec('1.0.0'))).status).toBe(200);
    const conflict = await put('/api/apis/billing/versions/1.0.0', spec('1.0.0', '# changed\n'));
    expect(conflict.status).toBe(409);
    expect((await json(conflict)).existingHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await put('/api/apis/billing/versions/2.0.0', spec('1.0.0'))).status).toBe(422);
    expect((await call('GET', '/api/search?q=listInvoices')).status).toBe(200);
  });

  it('of concurrent publishes of different content for one version, exactly one wins', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        app.request('/api/apis/race/versions/1.0.0', {
          method: 'PUT',
          headers: { ...auth, 'content-type': 'application/yaml' },
          body: spec('1.0.0', `# ${i}\n`),
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  const bad: [string, string, number, string, number?][] = [
    ['invalid YAML', 'openapi: 3.1.0\ninfo: {title: x, version: 1.0.0\npaths: {}\n', 400, 'syntax', 3],
    [
      'invalid JSON',
      '{"openapi": "3.1.0", "info": {"title": "x", "version": "1.0.0"},\n "paths": {,}}',
      400,
      'syntax',
      2,
    ],
    ['not OpenAPI', 'hello: world\n', 400, 'not-openapi'],
    ['only its OpenAPI version', 'openapi: 3.1.0\n', 400, 'invalid', 1],
    ['no info.version', 'openapi: 3.1.0\ninfo:\n  title: x\npaths: {}\n', 400, 'invalid', 2],
    [
      'parameters that are not a list',
      'openapi: 3.1.0\ninfo: {title: x, version: 1.0.0}\npaths:\n  /x:\n    get:\n      parameters: 5\n',
      400,
      'invalid',
      6,
    ],
    [
      'an alias bomb',
      `openapi: 3.1.0\na: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [${'*a,'.repeat(9)}*a]\nc: &c [${'*b,'.repeat(9)}*b]\nd: &d [${'*c,'.repeat(9)}*c]\ne: &e [${'*d,'.repeat(9)}*d]\nf: &f [${'*e,'.repeat(9)}*e]\ninfo: {title: x, version: 1.0.0}\npaths: {}\n`,
      400,
      'alias-limit',
    ],
    [
      '10,000-deep nesting',
      `openapi: 3.1.0\ninfo: {title: x, version: 1.0.0}\npaths: {}\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
      400,
      'too-deep',
    ],
    [
      'a $ref to a URL',
      `${spec('1.0.0')}          content:\n            application/json:\n              schema:\n                $ref: 'https://example.com/x.yaml'\n`,
      400,
      'ref-not-allowed',
      15,
    ],
    [
      'a $ref outside',
      `${spec('1.0.0')}          content:\n            application/json:\n              schema:\n                $ref: '../../etc/passwd'\n`,
      400,
      'ref-not-allowed',
      15,
    ],
    [
      'a missing $ref target',
      `${spec('1.0.0')}          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Nope'\n`,
      400,
      'ref-not-found',
    ],
    ['an oversized body', `${spec('1.0.0')}x-padding: "${'a'.repeat(300 * 1024)}"\n`, 413, 'too-large'],
  ];
  it.each(bad)(
    '%s: a clear error, nothing stored changes, the server keeps serving',
    async (_name, body, status, code, line) => {
      const before = await json(await app.request('/api/apis'));
      const response = await put('/api/apis/bad/versions/1.0.0', body);
      expect(response.status).toBe(status);
      const problem = await json(response);
      expect(problem.title).toBeTruthy();
      if (status === 400) {
        expect(problem.code).toBe(code);
        expect(problem.hint).toBeTruthy();
        if (line) expect(problem.line).toBe(line);
      } else expect(problem.type).toBe('/problems/too-large');
      expect(await json(await app.request('/api/apis'))).toEqual(before);
      expect((await app.request('/healthz')).status).toBe(200);
    },
  );

  it('keeps a changelog per version and, under a backward policy, refuses breaking versions', async () => {
    const v = (version: string, param: string, policy = 'backward') =>
      `openapi: 3.1.0\ninfo:\n  title: Ledger\n  version: ${version}\n  x-compatibility: ${policy}\npaths:\n  /entries:\n    get:\n      parameters:\n${param}      responses:\n        '200':\n          description: ok\n`;
    const optional = '        - { name: limit, in: query, schema: { type: integer } }\n';
    const required = '        - { name: limit, in: query, required: true, schema: { type: integer } }\n';
    expect((await put('/api/apis/ledger/versions/1.0.0', v('1.0.0', optional))).status).toBe(201);
    const first = await json(await call('GET', '/api/apis/ledger/versions/1.0.0/changes'));
    expect(first).toEqual({ apiId: 'ledger', version: '1.0.0', base: null, changes: [] });

    const refused = await put('/api/apis/ledger/versions/1.1.0', v('1.1.0', required));
    expect(refused.status).toBe(409);
    const problem = await json(refused);
    expect(problem).toMatchObject({ type: '/problems/breaking-change', base: '1.0.0' });
    expect(problem.changes.map((c: { id: string }) => c.id)).toEqual(['request-parameter-became-required']);
    expect((await call('GET', '/api/apis/ledger/versions/1.1.0')).status).toBe(404);

    // A major version bump may break; the changelog says how.
    expect((await put('/api/apis/ledger/versions/2.0.0', v('2.0.0', required))).status).toBe(201);
    const log = await json(await call('GET', '/api/apis/ledger/versions/2.0.0/changes'));
    expect(log).toMatchObject({
      base: '1.0.0',
      changes: [
        { id: 'request-parameter-became-required', level: 'error', operation: 'GET', path: '/entries' },
      ],
    });
    expect(log.changes[0].revision.location).toMatchObject({
      file: 'ledger.openapi',
      line: expect.any(Number),
    });
    expect(await json(await call('GET', '/api/apis/ledger/versions/latest/changes'))).toEqual(log);
    expect((await call('GET', '/api/apis/ledger/versions/9.9.9/changes')).status).toBe(404);

    // Without the policy, the same break is published and recorded.
    expect((await put('/api/apis/ledger/versions/2.1.0', v('2.1.0', '', 'none'))).status).toBe(201);
    const removed = await json(await call('GET', '/api/apis/ledger/versions/2.1.0/changes'));
    expect(removed.changes.map((c: { id: string }) => c.id)).toEqual(['request-parameter-removed']);
    // Any two versions, either way round.
    const across = await json(await call('GET', '/api/apis/ledger/versions/2.1.0/changes?base=1.0.0'));
    expect(across).toMatchObject({ base: '1.0.0', version: '2.1.0' });
    expect(across.changes.map((c: { id: string }) => c.id)).toEqual(['request-parameter-removed']);
    const back = await json(await call('GET', '/api/apis/ledger/versions/1.0.0/changes?base=2.0.0'));
    expect(back.changes.map((c: { id: string }) => c.id)).toEqual(['request-parameter-became-optional']);
    expect((await call('GET', '/api/apis/ledger/versions/2.1.0/changes?base=0.1.0')).status).toBe(404);
  });

  it('refuses other media types, saying which header to send', async () => {
    const response = await call('PUT', '/api/apis/billing/versions/3.0.0', {
      headers: { ...auth, 'content-type': 'image/png' },
      body: 'x',
    });
    expect(response.status).toBe(415);
    // curl --data-binary's default
    const form = await call('PUT', '/api/apis/billing/versions/3.0.0', {
      headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' },
      body: spec('3.0.0'),
    });
    expect(form.status).toBe(415);
    expect((await json(form)).detail).toBe(
      'A spec is YAML or JSON, not application/x-www-form-urlencoded: send it with content-type application/yaml ' +
        "or application/json (with curl, -H 'content-type: application/yaml').",
    );
    expect((await call('GET', '/api/apis/billing/versions/3.0.0')).status).toBe(404);
  });

  it("takes text/plain, fetch's type for a string body, as the spec documents", async () => {
    const headers = { ...auth, 'content-type': 'text/plain;charset=UTF-8' };
    expect((await put('/api/apis/plain/versions/1.0.0', spec('1.0.0'), headers)).status).toBe(201);
  });

  it.each([
    [
      'odd',
      '{type: object, required: 5, properties: {id: {type: string}}}',
      // openapi-typescript's TypeError names its own variables, not the spec's
      'it stopped on a value of a type it did not expect',
    ],
    [
      'odder',
      '{type: array, items: 5}',
      'Expected SchemaObject, received number at #/components/schemas/Invoice',
    ],
  ])('answers 422, not 500, when openapi-typescript cannot read %s', async (apiId, schema, reason) => {
    const text = `${spec('1.0.0')}components:\n  schemas:\n    Invoice: ${schema}\n`;
    expect((await put(`/api/apis/${apiId}/versions/1.0.0`, text)).status).toBe(201);
    for (const attempt of [1, 2]) {
      const response = await call('GET', `/api/apis/${apiId}/versions/latest/types`);
      expect(response.status, `attempt ${attempt}`).toBe(422);
      expect(await json(response)).toMatchObject({
        type: '/problems/types-unavailable',
        title: 'Types cannot be generated',
        detail:
          `openapi-typescript cannot generate types for ${apiId} 1.0.0: ${reason}. The version's lint findings ` +
          `(GET /api/apis/${apiId}/versions/1.0.0/lint) show where the spec departs from OpenAPI; fix it and ` +
          'publish a new version.',
      });
    }
    expect(await store.getArtifact(apiId, '1.0.0', 'typescript')).toBeUndefined();
  });
});

describe('over a real socket', () => {
  it('serves on a loopback port', async () => {
    const server = await startCatalog({ store, adminTokenHash: hashToken(TOKEN), port: 0 });
    try {
      const response = await fetch(`${server.url}/api/apis/shop`);
      expect(response.status).toBe(200);
      expect((await json(response)).id).toBe('shop');
    } finally {
      await server.close();
    }
  });
});

describe('generated types', () => {
  it('match specs/interlock-catalog.openapi.yaml (run `npm run generate -w @interlock/catalog-server`)', async () => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const fresh = astToString(await openapiTS(new URL(`file://${specs}/interlock-catalog.openapi.yaml`)));
    const committed = readFileSync(
      fileURLToPath(new URL('./generated/catalog-api.ts', import.meta.url)),
      'utf8',
    );
    expect(committed).toContain(fresh.trim());
  });
});
