import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import {
  hashToken,
  indexFolder,
  prepareFile,
  prepareText,
  startLintQueue,
  type LintQueue,
} from '@interlock/catalog';
import { startCatalog, type CatalogServer } from '@interlock/catalog-server';
import { startCollector, type CollectorServer } from '@interlock/collector';
import { createStore, type Store } from '@interlock/store';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, launch, screenshot, SCREENSHOTS } from './browser.js';
import { serverSpans } from './spans.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const fixtures = fileURLToPath(new URL('../../catalog/src/pages/fixtures/', import.meta.url));

let dir: string;
let store: Store;
let lint: LintQueue;
let catalog: CatalogServer;
let collector: CollectorServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
/** Script payloads that ran (a dialog opened, or `window.__xss` set); must stay empty. */
const ran: string[] = [];

describe.runIf(hasChromium())('the catalog in a browser', () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'interlock-pages-'));
    store = await createStore({ dataDir: dir });
    expect((await indexFolder(store, specs)).failed).toEqual([]);
    await store.publish(await prepareFile(fixtures, 'xss.openapi.yaml', 'evil'));
    // An older version of the shop, so there is a version to switch to.
    const shop = await readFile(`${specs}shop.openapi.yaml`, 'utf8');
    const older = shop
      .replace('version: 1.4.0', 'version: 1.3.0')
      .replace('summary: List products', 'summary: All products');
    await store.publish(await prepareText(older, { apiId: 'shop', filename: 'shop.openapi.yaml' }));
    collector = await startCollector({ store, port: 0, flushIntervalMs: 5 });
    lint = await startLintQueue(store);
    catalog = await startCatalog({
      store,
      port: 0,
      host: '127.0.0.1',
      adminTokenHash: hashToken('e2e'),
      lint,
    });
    await lint.idle(); // the background lint of what was indexed: grades and findings to read
    browser = await launch();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('dialog', (dialog) => {
      ran.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    page.on('pageerror', (error) => ran.push(`error: ${error.message}`));
    // Set-up lints eight specs on a cold worker: minutes on a busy CI machine, seconds on an idle one.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await catalog?.close();
    await lint?.close();
    await collector?.close();
    await store?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const go = (path: string) => page.goto(`${catalog.url}${path}`);

  it('browses the list of APIs', async () => {
    await go('/');
    await expect(page.title()).resolves.toBe('APIs · Interlock');
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBe(7);
    expect(await rows.locator('td.title a').allTextContents()).toContain('Shop API');
    const shop = page.locator('tr', { has: page.locator('a', { hasText: 'Shop API' }) });
    expect(await shop.locator('.grade').textContent()).toBe('A');
    await screenshot(page, 'home');
  });

  it('filters by lifecycle and owner', async () => {
    await go('/');
    // The select applies itself (script); the URL keeps the filter, so it can be shared and the back button works.
    await Promise.all([
      page.waitForURL(/lifecycle=beta/),
      page.selectOption('select[name="lifecycle"]', 'beta'),
    ]);
    const titles = await page.locator('main table tbody td.title a').allTextContents();
    expect(titles.sort()).toEqual([
      'Interlock Catalog API',
      'Interlock Collector API',
      'Interlock Pact Broker API',
      'Mailer API',
    ]);
    await Promise.all([
      page.waitForURL(/owner=team-growth/),
      page.selectOption('select[name="owner"]', 'team-growth'),
    ]);
    expect(await page.locator('main table tbody td.title a').allTextContents()).toEqual(['Mailer API']);
    await screenshot(page, 'home-filtered');
    await page.goBack();
    await page.waitForURL(
      (url) => url.searchParams.get('lifecycle') === 'beta' && !url.searchParams.get('owner'),
    );
    expect(await page.locator('main table tbody tr').count()).toBe(4);
  });

  it('searches as you type, then shows all results with the match highlighted', async () => {
    await go('/');
    await page.locator('#site-search').pressSequentially('order', { delay: 30 });
    const suggestion = page.locator('#suggest a[role="option"]').first();
    await suggestion.waitFor();
    expect(await page.locator('#suggest mark').first().textContent()).toMatch(/order/i);
    await screenshot(page, 'search-as-you-type', false);
    await Promise.all([page.waitForURL(/\/search\?q=order/), page.locator('#site-search').press('Enter')]);
    expect(await page.locator('main mark').count()).toBeGreaterThan(0);
    await screenshot(page, 'search');
    // A hit links to its operation on the API page.
    const hit = page.locator('#found-operations ~ ol a', { hasText: /orders/i }).first();
    await Promise.all([page.waitForURL(/\/apis\/shop\/versions\/1\.4\.0#/), hit.click()]);
    const target = await page.evaluate(() => document.querySelector(':target')?.className);
    expect(target).toBe('operation');
  });

  it('opens an API, reads an operation and switches versions', async () => {
    await go('/');
    await Promise.all([page.waitForURL(/\/apis\/shop$/), page.locator('a', { hasText: 'Shop API' }).click()]);
    await expect(page.locator('h1').textContent()).resolves.toContain('Shop API');
    expect(await page.locator('#overview .markdown strong').first().textContent()).toBe('Shop API');
    expect(await page.locator('section.operation').count()).toBeGreaterThan(10);
    expect(await page.locator('#lint').textContent()).toContain('No findings · linted');
    expect(await page.locator('main').textContent()).toContain('Pact Broker has no pacticipant named shop');
    // The latest version is compared with the version below it (1.3.0 differs only in its number here).
    expect(await page.locator('#changes').textContent()).toContain('No changes from 1.3.0.');
    await screenshot(page, 'api', false);
    // Any two versions compare on a page of their own; the back button returns.
    await page.selectOption('#compare-from', '1.4.0');
    await page.selectOption('#compare-to', '1.3.0');
    await Promise.all([
      page.waitForURL(/\/apis\/shop\/compare\?from=1\.4\.0&to=1\.3\.0$/),
      page.locator('form.compare button').click(),
    ]);
    expect(await page.locator('#changes').textContent()).toContain('No changes from 1.4.0.');
    await screenshot(page, 'compare', false);
    await page.goBack();
    await page.waitForURL(/\/apis\/shop$/);
    await Promise.all([
      page.waitForURL(/\/apis\/shop\/versions\/1\.3\.0$/),
      page.selectOption('#version', '1.3.0'),
    ]);
    expect(await page.locator('main').textContent()).toContain('All products');
    expect(await page.locator('main').textContent()).toContain('the latest is 1.4.0');
    await screenshot(page, 'api-older-version', false);
    await page.goBack();
    await page.waitForURL(/\/apis\/shop$/);
  });

  it('filters by grade, reads a lint finding and follows it to its operation', async () => {
    await go('/');
    await Promise.all([page.waitForURL(/grade=F/), page.selectOption('select[name="grade"]', 'F')]);
    const failing = page.locator('main table tbody td.title a');
    expect(await failing.allTextContents()).toEqual([expect.stringContaining('Evil')]);
    await Promise.all([page.waitForURL(/\/apis\/evil#lint$/), page.locator('a.grade-link').click()]);
    const rule = page.locator('#lint .lint-rule', {
      has: page.locator('code', { hasText: 'operation-security' }),
    });
    const finding = rule.locator('ol.findings li').first();
    expect(await finding.textContent()).toContain('GET /things/{id} has no security');
    await screenshot(page, 'api-lint', false);
    const id = await finding.getAttribute('id');
    expect(id).toMatch(/^finding-[0-9a-f]{32}$/);
    await finding.locator('a', { hasText: 'GET /things/{id}' }).click();
    await page.waitForURL(/\/apis\/evil\/versions\/1\.0\.0#GET/);
    expect(await page.evaluate(() => document.querySelector(':target')?.className)).toBe('operation');
  });

  it('shows usage after traffic reaches the collector', async () => {
    const spans = serverSpans('shop', [
      ...Array.from({ length: 40 }, (_, i) => ({
        method: 'GET',
        route: '/products',
        status: 200,
        consumer: 'storefront',
        durationMs: 5 + (i % 10),
      })),
      ...Array.from({ length: 12 }, () => ({
        method: 'POST',
        route: '/orders',
        status: 503,
        consumer: 'mobile-app',
        durationMs: 120,
      })),
      {
        method: 'GET',
        route: '/orders/{orderId}/invoice',
        status: 200,
        consumer: 'legacy-invoicing',
        durationMs: 30,
      },
    ]);
    const exporter = new OTLPTraceExporter({ url: `${collector.url}/v1/traces` });
    const result = await new Promise<{ code: ExportResultCode }>((done) => exporter.export(spans, done));
    expect(result.code).toBe(ExportResultCode.SUCCESS);
    await exporter.shutdown();

    await go('/apis/shop?since=1d#usage'); // a new document, not a jump within the last one
    const usage = page.locator('#usage');
    expect(await usage.locator('.stat b').first().textContent()).toBe('53');
    const consumers = await usage
      .locator('h3:has-text("Top consumers") + .table-wrap td:first-child')
      .allTextContents();
    expect(consumers).toEqual(['storefront', 'mobile-app', 'legacy-invoicing']);
    expect(await usage.textContent()).toContain('Deprecated operations still in use');
    expect(await usage.locator('svg.chart polyline').count()).toBe(2);
    await usage.screenshot({ path: `${SCREENSHOTS}api-usage.png` });

    await go('/');
    const shopRow = page.locator('tr', { has: page.locator('a', { hasText: 'Shop API' }) });
    expect(await shopRow.locator('svg.spark').count()).toBe(1);
    expect(await shopRow.locator('td.n').last().textContent()).toBe('3');
    await screenshot(page, 'home-with-traffic');

    await go('/report');
    expect(await page.locator('h2#api-shop').count()).toBe(1);
    await screenshot(page, 'report');
  });

  it('runs none of the script payloads in a spec', async () => {
    // The detector works: the same payload in a page without the catalog's defences does run.
    const control = await context.newPage();
    await control.setContent(`<img src="x" onerror="window.__xss='control'">`);
    await control.waitForFunction(() => (window as unknown as { __xss?: string }).__xss === 'control');
    await control.close();

    for (const path of [
      '/',
      '/apis/evil',
      '/apis/evil/versions/1.0.0',
      '/search?q=thing',
      '/?owner=x',
      '/report',
    ]) {
      await go(path);
      for (const el of await page.locator('main b, main svg, main img, main a').all())
        await el.hover({ timeout: 1000 }).catch(() => undefined); // hidden ones cannot be hovered
      await page.waitForTimeout(300); // an SVG animation or an image error would have fired by now
      const flag = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
      if (flag !== undefined) ran.push(`${path}: window.__xss = ${String(flag)}`);
    }
    await go('/apis/evil');
    const links = await page.evaluate(() =>
      [...document.querySelectorAll('a[href]')]
        .map((a) => a.getAttribute('href') ?? '')
        .filter((h) => /^\s*javascript:/i.test(h)),
    );
    expect(links).toEqual([]);
    expect(
      await page.locator('main script, main iframe, main style, main [onerror], main [onload]').count(),
    ).toBe(0);
    // The payloads are there, as text.
    expect(await page.locator('h1').textContent()).toContain('<script>window.__xss=1</script>');
    await screenshot(page, 'xss');
    expect(ran).toEqual([]);
  });

  it('is readable on a phone, in dark mode', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      colorScheme: 'dark',
      isMobile: true,
    });
    const small = await phone.newPage();
    await small.goto(`${catalog.url}/`);
    // Nothing wider than the phone: no sideways scrolling of the page.
    expect(await small.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await small.screenshot({ path: `${SCREENSHOTS}phone-dark-home.png`, fullPage: true });
    await small.goto(`${catalog.url}/apis/shop`);
    await small.screenshot({ path: `${SCREENSHOTS}phone-dark-api.png` });
    await phone.close();
  });
});
