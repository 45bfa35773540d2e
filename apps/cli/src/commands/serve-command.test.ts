import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../main.js';

type ApiPage = { items: { id: string; title: string; latestVersion: string; versionCount: number }[] };

const spec = (title: string, version: string) =>
  `openapi: 3.1.0\ninfo:\n  title: ${title}\n  version: ${version}\npaths:\n  /orders:\n    get:\n      operationId: listOrders\n      responses:\n        '200':\n          description: ok\n`;

const folders: string[] = [];
const folder = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('interlock serve: watching the specs folder', () => {
  it('indexes a new spec, keeps serving the last good one while a file is broken, then takes its next version', async () => {
    const specs = folder('interlock-serve-specs-');
    const dataDir = folder('interlock-serve-data-');
    const out: string[] = [];
    const err: string[] = [];
    const stdout = new PassThrough().on('data', (d) => out.push(String(d)));
    const stderr = new PassThrough().on('data', (d) => err.push(String(d)));
    const controller = new AbortController();
    const serving = main(
      // The catalog alone, without background lint: what is tested is the watcher and the re-indexing.
      ['serve', 'catalog', '--port', '0', '--specs', specs, '--lint-workers', '0'],
      {
        stdout,
        stderr,
        env: { INTERLOCK_DATA_DIR: dataDir, INTERLOCK_ADMIN_TOKEN: 'il_test' },
        cwd: dataDir,
        signal: controller.signal,
      },
    );
    try {
      // Under vitest the first import of the catalog's modules is transformed: start-up can take a while.
      await expect.poll(() => out.join(''), { timeout: 60_000 }).toMatch(/Interlock catalog on http:\/\/\S+/);
      const url = /Interlock catalog on (http:\/\/\S+)/.exec(out.join(''))?.[1] as string;
      const apis = async () => ((await (await fetch(`${url}/api/apis`)).json()) as ApiPage).items;
      expect(await apis()).toEqual([]);

      // A new file: indexed without a restart.
      const file = join(specs, 'orders.openapi.yaml');
      writeFileSync(file, spec('Orders', '1.0.0'));
      await expect
        .poll(apis, { timeout: 15_000, interval: 100 })
        .toMatchObject([{ id: 'orders', title: 'Orders', latestVersion: '1.0.0', versionCount: 1 }]);

      // A broken file: reported, and the catalog goes on serving what it had.
      writeFileSync(file, 'openapi: 3.1.0\ninfo:\n  title: [unclosed\n');
      await expect
        .poll(() => out.join(''), { timeout: 15_000, interval: 100 })
        .toMatch(/✗ orders\.openapi\.yaml:\d+:\d+: Invalid YAML/);
      expect(await apis()).toMatchObject([{ id: 'orders', title: 'Orders', latestVersion: '1.0.0' }]);
      const stored = await fetch(`${url}/api/apis/orders/versions/1.0.0/spec`);
      expect(stored.status).toBe(200);
      expect(await stored.text()).toBe(spec('Orders', '1.0.0'));

      // Fixed, with a new version: both are kept, the new one is the latest.
      writeFileSync(file, spec('Orders v1.1', '1.1.0'));
      await expect
        .poll(apis, { timeout: 15_000, interval: 100 })
        .toMatchObject([{ id: 'orders', title: 'Orders v1.1', latestVersion: '1.1.0', versionCount: 2 }]);
      expect(err.join('')).not.toContain('Re-indexing failed');
    } finally {
      controller.abort();
    }
    expect(await serving).toBe(0);
  }, 120_000);
});
