import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  hashToken,
  indexFolder,
  prepareFile,
  prepareText,
  startLintQueue,
  toPublishInput,
} from '@interlock/catalog';
import { Broker, brokerRepository } from '@interlock/contracts';
import { loadSpecText } from '@interlock/openapi';
import { createStore, type Store } from '@interlock/store';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogApp } from '../index.js';
import { renderMarkdown } from './markdown.js';
import { wantsHtml } from './security.js';

const specs = fileURLToPath(new URL('../../../../specs/', import.meta.url));
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

// An event-handler attribute in a tag (attribute values are always double-quoted, with quotes escaped).
const HANDLER = /<[a-z][a-z0-9]*(?:\s+[^\s=>]+(?:="[^"]*")?)*?\s+on[a-z]+\s*=/i;

let store: Store;
let app: Hono;

async function page(path: string, status = 200): Promise<{ html: string; response: Response }> {
  const response = await app.request(path, { headers: BROWSER });
  const html = await response.text();
  expect(response.status, html.slice(0, 500)).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  return { html, response };
}

beforeAll(async () => {
  store = await createStore({ dataDir: 'memory://' });
  expect((await indexFolder(store, specs)).failed).toEqual([]);
  await store.publish(await prepareFile(fixtures, 'xss.openapi.yaml', 'evil'));
  await store.publish(await prepareFile(fixtures, 'sloppy.openapi.yaml', 'sloppy'));
  // The real background lint, run to the end before the pages are read.
  const lint = await startLintQueue(store);
  await lint.idle();
  await lint.close();
  app = createCatalogApp({ store, adminTokenHash: hashToken('t') });
});
afterAll(() => store.close());

describe('home page', () => {
  it('lists every API with owner, lifecycle and latest version, under a strict CSP', async () => {
    const { html, response } = await page('/');
    for (const title of ['Shop API', 'CRM API', 'Mailer API']) expect(html).toContain(title);
    expect(html).toMatch(/<!doctype html>/i);
    expect(html).toContain('team-checkout');
    expect(html).toContain('href="/apis/shop"');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/); // no inline script
    expect(html).not.toMatch(HANDLER); // no inline handlers
  });

  it('filters by owner, tag, lifecycle and name as GET parameters', async () => {
    const byOwner = (await page('/?owner=team-checkout')).html;
    expect(byOwner).toContain('Shop API');
    expect(byOwner).not.toContain('Mailer API');
    const beta = (await page('/?lifecycle=beta')).html;
    expect(beta).toContain('Mailer API');
    expect(beta).not.toContain('Shop API');
    const named = (await page('/?q=mail')).html;
    expect(named).toContain('Mailer API');
    expect(named).not.toContain('Shop API');
    expect((await page('/?lifecycle=nonsense')).html).toContain('Shop API'); // unknown values are ignored
  });

  it('shows each API’s lint grade, linked to its findings, and filters by grade', async () => {
    const { html } = await page('/');
    expect(html).toContain('<th scope="col">Grade</th>');
    expect(html).toMatch(/href="\/apis\/shop#lint" class="grade-link"><span class="badge grade grade-a"/);
    expect(html).toContain('<option value="F">F</option>');
    const failing = (await page('/?grade=F')).html;
    expect(failing).toContain('Sloppy API');
    expect(failing).not.toContain('Shop API');
    expect(failing).toContain('<option value="F" selected="">F</option>');
    expect((await page('/?grade=A')).html).not.toContain('Sloppy API');
  });

  it('leaves JSON requests of / to other resources', async () => {
    const response = await app.request('/', { headers: { accept: 'application/hal+json' } });
    expect(response.headers.get('content-type')).not.toMatch(/text\/html/);
  });
});

describe('API pages', () => {
  it('shows the latest version with its operations, each with an anchor', async () => {
    const { html } = await page('/apis/shop');
    expect(html).toContain('<h1>Shop API');
    expect(html).toContain('id="GET/orders/{orderId}"');
    expect(html).toContain('href="#GET%2Forders%2F%7BorderId%7D"');
    expect(html).toContain('<strong>Shop API</strong>'); // the description's Markdown
    expect(html).toContain('https://api.acme.test/shop/v1');
    expect(html).toContain('No findings · linted ');
    expect(html).toContain('Pact Broker has no pacticipant named <code>shop</code>');
    expect(html).toContain('No traffic recorded in this period.');
    // The reference is rendered once and kept with the version, for other processes and later views.
    const version = (await store.getApi('shop'))?.latestVersion as string;
    expect(await store.getArtifact('shop', version, 'reference@1:1')).toContain('id="GET/orders/{orderId}"');
  });

  it('shows lint findings grouped by rule, worst first, each with an anchor and a link to where it is', async () => {
    const { html } = await page('/apis/sloppy');
    expect(html).toContain('4 errors, 5 warnings · linted ');
    expect(html).toContain('href="/api/apis/sloppy/versions/1.0.0/lint">JSON</a>');
    const rules = [...html.matchAll(/<span class="badge sev-(\w+)">\w+<\/span> <code>([\w-]+)<\/code>/g)];
    expect(rules.map((m) => m[1])).toEqual([...rules.map((m) => m[1])].sort()); // error before warn
    expect(rules.map((m) => m[2])).toEqual(
      expect.arrayContaining(['operation-summary', 'property-camel-case']),
    );
    const summary = /<li id="(finding-[0-9a-f]{32})">Operation has no &quot;summary&quot;[^]*?<\/li>/.exec(
      html,
    );
    expect(summary?.[0]).toContain('href="/apis/sloppy/versions/1.0.0/operations?key=GET%20%2Fthings"');
    expect(summary?.[0]).toContain('line 7');
    expect(summary?.[0]).toContain(`href="#${summary?.[1]}"`);
    expect(html).toMatch(
      /Property &quot;Bad_Name&quot; is not camelCase[^]*?<a href="#schema-Thing"><code>Thing<\/code>/,
    );
  });

  it('says when a version’s lint is pending', async () => {
    const text = readFileSync(`${fixtures}/sloppy.openapi.yaml`, 'utf8').replace(
      'version: 1.0.0',
      'version: 1.1.0',
    );
    await store.publish(await prepareText(text, { apiId: 'sloppy', filename: 'sloppy.openapi.yaml' }));
    expect((await page('/apis/sloppy')).html).toContain('Lint pending: this version is queued for linting.');
  });

  it("shows a version's changes against the one before, breaking first, each with an anchor", async () => {
    const text = readFileSync(`${specs}/mailer.openapi.yaml`, 'utf8');
    const version = /\n {2}version: (\S+)/.exec(text)?.[1] as string;
    const next = text
      .replace(`\n  version: ${version}`, '\n  version: 99.0.0')
      .replace(/\n {4}post:\n/, '\n    post:\n      deprecated: true\n');
    await store.publish(toPublishInput(await loadSpecText(next, { apiId: 'mailer' })));
    const { html } = await page('/apis/mailer/versions/99.0.0');
    expect(html).toMatch(/\d+ breaking of \d+ changes from \S+ to 99\.0\.0/);
    expect(html).toMatch(/id="change-[0-9a-f]{16}"/);
    expect(html).toContain('endpoint-deprecated');
    expect(html).toContain('action="/apis/mailer/compare"');
    expect((await page(`/apis/mailer/versions/${version}`)).html).toMatch(/first version|No changes|from/);
  });

  it('compares any two versions, either way, at an address of its own', async () => {
    const newest = '99.0.0';
    const oldest = (await store.listVersions('mailer')).find((v) => v.version !== newest)?.version as string;
    const forward = (await page(`/apis/mailer/compare?from=${oldest}&to=${newest}`)).html;
    expect(forward).toContain(`changes from ${oldest} to ${newest}`);
    expect(forward).toContain('endpoint-deprecated');
    expect(forward).toContain(`<option value="${oldest}" selected`);
    // The other way round, the operation is no longer deprecated: a different change, not the same list.
    const back = (await page(`/apis/mailer/compare?from=${newest}&to=${oldest}`)).html;
    expect(back).not.toContain('endpoint-deprecated');
    expect(back).toMatch(/<li id="change-[0-9a-f]{16}"/);
    expect((await page(`/apis/mailer/compare?from=${oldest}&to=${oldest}`)).html).toContain(
      'pick two different versions',
    );
    expect((await page('/apis/mailer/compare?from=0.0.1', 404)).html).toContain('has no version 0.0.1');
    expect((await page('/apis/mailer/compare?to=0.0.2', 404)).html).toContain('has no version 0.0.2');
    expect((await page('/apis/nope/compare', 404)).html).toContain('The catalog has no API nope.');
  });

  it("shows an API's consumers, their last verification and can-i-deploy per environment", async () => {
    const broker = new Broker(store.sql);
    const pact = (path: string) =>
      JSON.stringify({
        consumer: { name: 'shop' },
        provider: { name: 'crm' },
        interactions: [{ description: 'x', request: { method: 'GET', path }, response: { status: 200 } }],
      });
    expect(await broker.putPact('shop', 'crm', 'c1', pact('/customers/1'))).toMatchObject({ ok: true });
    const published = await brokerRepository.findPact(store.sql, { consumer: 'shop', provider: 'crm' });
    const crm = await brokerRepository.ensureVersion(store.sql, 'crm', 'p1');
    await brokerRepository.createVerification(store.sql, {
      pactVersionId: published?.pactVersionId as number,
      providerVersionId: crm.version.id,
      success: true,
    });
    const production = await brokerRepository.createEnvironment(store.sql, { name: 'production' });
    await brokerRepository.createEnvironment(store.sql, { name: 'staging' });
    const shop = await brokerRepository.findVersion(store.sql, 'shop', 'c1');
    await brokerRepository.recordDeployment(store.sql, {
      pacticipantId: shop?.pacticipantId as number,
      versionId: shop?.id as number,
      environmentUuid: production.uuid,
    });

    const { html } = await page('/apis/crm');
    const section = html.slice(html.indexOf('id="contracts"'));
    expect(section).toContain('Pacticipant <code>crm</code>');
    expect(section).toMatch(/<td>shop<\/td>/);
    expect(section).toContain('href="/pacts/provider/crm/consumer/shop/version/c1"');
    expect(section).toMatch(/passed<\/span> by crm <code>p1<\/code>/);
    // crm p1 verified the pact of the shop version in production: yes there; nothing deployed in staging.
    expect(section).toMatch(/production.*?verdict-yes/s);
    expect(section).toMatch(/staging<\/td><td>–<\/td><td><span class="badge verdict-yes">/);
    const consumerSide = (await page('/apis/shop')).html;
    expect(consumerSide.slice(consumerSide.indexOf('id="contracts"'))).toMatch(/<td>crm<\/td>/);

    // Two more consumers, never verified by a pact verification: crm's OpenAPI spec (a provider contract) answers.
    for (const consumer of ['mailer', 'billing'])
      await broker.putPact(
        consumer,
        'crm',
        'm1',
        JSON.stringify({
          consumer: { name: consumer },
          provider: { name: 'crm' },
          interactions: [
            { description: 'x', request: { method: 'GET', path: '/customers/7' }, response: { status: 200 } },
          ],
        }),
      );
    const spec = `openapi: 3.0.3
info: { title: CRM, version: 2.0.0 }
paths:
  /customers/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: A customer } }
`;
    expect(
      await broker.publishProviderContract('crm', {
        pacticipantVersionNumber: 'p2',
        contract: {
          content: Buffer.from(spec).toString('base64'),
          contentType: 'application/yaml',
          specification: 'oas',
        },
      }),
    ).toMatchObject({ ok: true });
    const withContract = (await page('/apis/crm')).html;
    const rows = withContract.slice(withContract.indexOf('id="contracts"'));
    for (const consumer of ['mailer', 'billing'])
      expect(rows).toMatch(
        new RegExp(
          `<td>${consumer}</td>.*?passed</span> by crm <code>p2</code> \\(its OpenAPI spec, a provider contract\\)`,
          's',
        ),
      );
  });

  it('shows a given version and redirects the version picker', async () => {
    const versions = await store.listVersions('shop');
    const v = versions[0]?.version ?? '';
    expect((await page(`/apis/shop/versions/${v}`)).html).toContain(`<option value="${v}" selected`);
    const picked = await app.request(`/apis/shop/versions?version=${v}`, { headers: BROWSER });
    expect(picked.status).toBe(303);
    expect(picked.headers.get('location')).toBe(`/apis/shop/versions/${v}`);
  });

  it('answers an unknown API or version with a 404 page', async () => {
    expect((await page('/apis/nope', 404)).html).toContain('The catalog has no API nope.');
    expect((await page('/apis/shop/versions/9.9.9', 404)).html).toContain('has no version 9.9.9');
  });

  it('escapes spec text and sanitises Markdown', async () => {
    const { html } = await page('/apis/evil');
    expect(html).not.toContain('<script>window');
    expect(html).not.toMatch(HANDLER);
    expect(html).not.toMatch(/href="\s*javascript:/i);
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('<style>body');
    expect(html).toContain('Evil &lt;script&gt;');
    expect(html).toContain('&lt;script&gt;window.__xss=&#39;example&#39;'); // the example, as text
  });
});

describe('a large API', () => {
  it('lists its operations a page at a time, each on a page of its own', async () => {
    const paths = Object.fromEntries(
      Array.from({ length: 420 }, (_, i) => [
        `/items${i}/{id}`,
        {
          get: {
            operationId: `getItem${i}`,
            summary: `Item ${i}`,
            responses: { '200': { description: 'OK' } },
          },
        },
      ]),
    );
    const text = JSON.stringify({ openapi: '3.0.3', info: { title: 'Big API', version: '1.0.0' }, paths });
    await store.publish(await prepareText(text, { apiId: 'big', filename: 'big.json' }));
    const first = (await page('/apis/big')).html;
    expect(first).toContain('420 operations; each opens on a page of its own. 1–200 shown.');
    expect(first).not.toContain('class="operation"');
    expect(first).toContain('href="/apis/big/versions/1.0.0/operations?key=GET%20%2Fitems0%2F%7Bid%7D"');
    const third = (await page('/apis/big?ops=3')).html;
    expect(third).toContain('401–420 shown.');
    expect(third).toContain('/items419/{id}');
    const op = (await page('/apis/big/versions/1.0.0/operations?key=GET%20%2Fitems7%2F%7Bid%7D')).html;
    expect(op).toContain('class="operation"');
    expect(op).toContain('getItem7');
    await page('/apis/big/versions/1.0.0/operations?key=GET%20%2Fnope', 404);
  });
});

describe('search page', () => {
  it('finds operations and schemas, highlights the match and links to the operation', async () => {
    const { html } = await page('/search?q=order');
    expect(html).toContain('<mark>');
    expect(html).toContain('href="/apis/shop/versions/1.4.0/operations?key=GET%20%2Forders%2F%7BorderId%7D"');
    // A small API documents the operation on its own page: the link lands on its anchor there.
    const link = await app.request(
      '/apis/shop/versions/1.4.0/operations?key=GET%20%2Forders%2F%7BorderId%7D',
      {
        headers: BROWSER,
      },
    );
    expect(link.status).toBe(302);
    expect(link.headers.get('location')).toBe('/apis/shop/versions/1.4.0#GET%2Forders%2F%7BorderId%7D');
    expect(html).toContain('Schemas (');
  });

  it('refuses an overlong query with a message', async () => {
    expect((await page(`/search?q=${'x'.repeat(300)}`, 400)).html).toContain('at most 200 characters');
  });
});

describe('report and assets', () => {
  it('serves the platform usage report without scripts', async () => {
    const { html, response } = await page('/report');
    expect(html).toContain('API usage report');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html).not.toMatch(/<script/);
  });

  it('serves the stylesheet and the script with long caching by hash', async () => {
    const home = (await page('/')).html;
    const src = /<script src="([^"]+)"/.exec(home)?.[1] ?? '';
    const response = await app.request(src);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toContain('immutable');
  });
});

describe('helpers', () => {
  it('renderMarkdown keeps links and drops active content', () => {
    expect(renderMarkdown('[a](https://x.test) **b**')).toContain(
      '<a href="https://x.test" rel="nofollow noopener noreferrer">a</a>',
    );
    expect(renderMarkdown('[a](javascript:alert(1))')).not.toContain('javascript:');
    expect(renderMarkdown('<img src=x onerror=alert(1)>')).not.toMatch(/<img/);
  });

  it('wantsHtml follows the Accept header', () => {
    expect(wantsHtml(undefined)).toBe(true);
    expect(wantsHtml('*/*')).toBe(true);
    expect(wantsHtml(BROWSER.accept)).toBe(true);
    expect(wantsHtml('application/json')).toBe(false);
    expect(wantsHtml('application/hal+json, text/html;q=0.5')).toBe(false);
  });
});
