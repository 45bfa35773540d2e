import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

function io(env: Record<string, string> = {}, signal?: AbortSignal) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  const dataDir = mkdtempSync(join(tmpdir(), 'interlock-cli-'));
  return {
    io: {
      stdout,
      stderr,
      env: { INTERLOCK_DATA_DIR: dataDir, ...env },
      cwd: dataDir,
      ...(signal ? { signal } : {}),
    },
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('interlock index and search', () => {
  it('indexes a folder, prints a summary, then searches the local store', async () => {
    const t = io();
    expect(await main(['index', specs], t.io)).toBe(0);
    expect(t.out()).toMatch(/Indexed 6 spec file\(s\) in [\d.]+s: 6 new, 0 unchanged, 0 failed/);
    expect(await main(['search', 'place order', '--format', 'json'], t.io)).toBe(0);
    const result = JSON.parse(t.out().slice(t.out().indexOf('{')));
    expect(result.items[0]).toMatchObject({ apiId: 'shop', operationId: 'placeOrder' });
    expect(await main(['index', specs, '--format', 'json'], t.io)).toBe(0);
  });

  it('exits 1 and says why when a spec fails to index', async () => {
    const t = io();
    const dir = mkdtempSync(join(tmpdir(), 'interlock-cli-specs-'));
    writeFileSync(join(dir, 'bad.openapi.yaml'), 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n');
    expect(await main(['index', dir], t.io)).toBe(1);
    expect(t.out()).toMatch(/✗ bad\.openapi\.yaml:\d+:\d+: Invalid YAML.*\[syntax\]/);
  });

  it('exits 2 on usage errors', async () => {
    const t = io();
    expect(await main(['frobnicate'], t.io)).toBe(2);
    expect(await main(['index', specs, '--format', 'xml'], t.io)).toBe(2);
    expect(t.err()).toContain('--format must be one of text, json');
    expect(await main(['publish', `${specs}/shop.openapi.yaml`], t.io)).toBe(2);
    expect(t.err()).toContain('admin token');
    expect(await main(['serve', '--lint-workers', 'many'], t.io)).toBe(2);
    expect(t.err()).toContain('--lint-workers must be an integer ≥ 0, got many');
  });
});

describe('interlock serve and publish', () => {
  it('serves the catalog, prints the admin token once, and takes publishes', async () => {
    const controller = new AbortController();
    const t = io({}, controller.signal);
    const serving = main(['serve', '--port', '0', '--otlp-port', '0', '--specs', specs, '--no-watch'], t.io);
    // Start-up migrates, indexes the examples and, under vitest, transforms the catalog's modules on first import.
    await expect.poll(() => t.out(), { timeout: 60_000 }).toMatch(/Interlock catalog on (http:\/\/\S+)/);
    const url = /Interlock catalog on (http:\/\/\S+)/.exec(t.out())?.[1] as string;
    const token = /Admin token \(shown once; only its hash is stored\): (\S+)/.exec(t.out())?.[1] as string;
    expect(token).toMatch(/^il_/);
    expect((await fetch(`${url}/api/apis/shop`)).status).toBe(200);
    expect(t.out()).toContain(
      'Background lint: 1 worker, at most 60 s per spec, ruleset interlock:recommended',
    );
    const lint = async () => (await fetch(`${url}/api/apis/shop/versions/latest/lint`)).json();
    await expect.poll(lint, { timeout: 60_000, interval: 500 }).toMatchObject({ status: 'done', grade: 'A' });

    const dir = mkdtempSync(join(tmpdir(), 'interlock-cli-publish-'));
    const spec = join(dir, 'billing.openapi.yaml');
    writeFileSync(spec, 'openapi: 3.1.0\ninfo:\n  title: Billing\n  version: 1.0.0\npaths: {}\n');
    const p = io();
    expect(await main(['publish', spec, '--catalog', url, '--token', token], p.io)).toBe(0);
    expect(p.out()).toContain('Published billing 1.0.0');
    expect(await main(['publish', spec, '--catalog', url, '--token', 'wrong'], p.io)).toBe(2);
    expect(p.err()).toContain('failed (403): Token not accepted');
    expect(p.err()).toContain("Check --token or INTERLOCK_TOKEN: it must be the catalog's admin token");
    writeFileSync(spec, 'openapi: 3.1.0\ninfo:\n  title: Billing changed\n  version: 1.0.0\npaths: {}\n');
    expect(await main(['publish', spec, '--catalog', url, '--token', token], p.io)).toBe(1);
    expect(p.err()).toMatch(/409.*already published/);
    expect(
      await main(
        ['publish', `${specs}/crm/crm.openapi.yaml`, '--api', 'crm-copy', '--catalog', url, '--token', token],
        p.io,
      ),
    ).toBe(0);
    expect(await main(['search', 'consent', '--catalog', url], p.io)).toBe(0);
    expect(p.out()).toMatch(/crm(-copy)?@2\.1\.0/);

    // Indexing into the served data folder is refused (publish is the way in), and the server goes on.
    const beside = io({ INTERLOCK_DATA_DIR: t.io.env.INTERLOCK_DATA_DIR });
    expect(await main(['index', specs], beside.io)).toBe(2);
    expect(beside.err()).toContain(`The data folder ${t.io.env.INTERLOCK_DATA_DIR} `);
    expect(beside.err()).toContain('is already open in this process');
    expect((await fetch(`${url}/api/apis/shop`)).status).toBe(200);

    controller.abort();
    expect(await serving).toBe(0);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    // Stopping closed the store: the next process opens the folder.
    expect(existsSync(join(t.io.env.INTERLOCK_DATA_DIR, 'interlock.lock'))).toBe(false);
  });
});

describe('interlock serve --examples and report', () => {
  it("turns the example services' traced traffic into a usage report, served and printed", async () => {
    const controller = new AbortController();
    const t = io({}, controller.signal);
    const serving = main(
      // The background lint has its own test above; here it would only compete with the examples for the CPU.
      [
        'serve',
        '--port',
        '0',
        '--otlp-port',
        '0',
        '--specs',
        specs,
        '--no-watch',
        '--examples',
        '--lint-workers',
        '0',
      ],
      t.io,
    );
    await expect.poll(() => t.out(), { timeout: 60_000 }).toMatch(/Example services/);
    const url = /Interlock catalog on (http:\/\/\S+)/.exec(t.out())?.[1] as string;
    type Report = {
      apis: {
        apiId: string;
        requests: number;
        deprecatedInUse: { consumers: { consumer: string }[] }[];
        undocumented: { route: string }[];
      }[];
    };
    const shop = async () =>
      ((await (await fetch(`${url}/api/usage/report?since=1h`)).json()) as Report).apis.find(
        (a) => a.apiId === 'shop',
      );
    // Spans leave the services every few seconds (the SDK's batch processor): wait for the first ones.
    await expect
      .poll(async () => (await shop())?.requests ?? 0, { timeout: 60_000, interval: 1000 })
      .toBeGreaterThan(0);
    await expect
      .poll(async () => (await shop())?.deprecatedInUse[0]?.consumers[0]?.consumer, {
        timeout: 30_000,
        interval: 1000,
      })
      .toBe('legacy-invoicing');

    // Each service exports on its own schedule: crm's first batch may come after shop's.
    const crm = async () => {
      const r = io();
      expect(await main(['report', '--catalog', url, '--since', '1h', '--format', 'json'], r.io)).toBe(0);
      return (JSON.parse(r.out()) as Report).apis.find((a) => a.apiId === 'crm')?.requests ?? 0;
    };
    await expect.poll(crm, { timeout: 30_000, interval: 1000 }).toBeGreaterThan(0);
    const r = io();
    const html = join(mkdtempSync(join(tmpdir(), 'interlock-cli-report-')), 'usage.html');
    expect(await main(['report', '--catalog', url, '--format', 'html', '-o', html], r.io)).toBe(0);
    expect(readFileSync(html, 'utf8')).toContain('<h2 id="api-shop">');
    expect(await main(['report', '--since', 'forever'], r.io)).toBe(2);
    expect(r.err()).toContain('is not a duration');

    controller.abort();
    expect(await serving).toBe(0);
  });
});
