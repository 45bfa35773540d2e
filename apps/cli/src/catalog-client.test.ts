import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'interlock-cli-client-'));
  return {
    io: {
      stdout: new PassThrough().on('data', (d) => out.push(String(d))),
      stderr: new PassThrough().on('data', (d) => err.push(String(d))),
      env: { INTERLOCK_DATA_DIR: dir },
      cwd: dir,
    },
    dir,
    out: () => out.join(''),
    err: () => err.join(''),
  };
}

/** A loopback port nothing listens on: taken, then given back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('a catalog the CLI cannot reach', () => {
  it('says which URL, why, and what to do, with exit 2, for every command that talks to a catalog', async () => {
    const catalog = `http://127.0.0.1:${await closedPort()}`;
    const t = io();
    const spec = join(t.dir, 'billing.openapi.yaml');
    writeFileSync(spec, 'openapi: 3.1.0\ninfo:\n  title: Billing\n  version: 1.0.0\npaths: {}\n');
    const runs = [
      ['publish', spec, '--catalog', catalog, '--token', 'il_x'],
      ['search', 'orders', '--catalog', catalog],
      ['report', '--catalog', catalog],
    ];
    for (const argv of runs) {
      const r = io();
      expect(await main(argv, r.io), argv[0]).toBe(2);
      expect(r.err()).toBe(
        `interlock: Cannot reach the catalog at ${catalog} (connect ECONNREFUSED ${catalog.slice(7)}). ` +
          'Is `interlock serve` running there? If it runs elsewhere, give its URL with --catalog.\n',
      );
    }
  });

  it('explains the "bad port" fetch gives for ports it never connects to', async () => {
    const t = io();
    expect(await main(['search', 'x', '--catalog', 'http://localhost:1'], t.io)).toBe(2);
    expect(t.err()).toContain(
      'Cannot reach the catalog at http://localhost:1 (bad port: fetch does not connect to this port, pick another)',
    );
  });

  it('says what a reachable catalog answered when it is not a success', async () => {
    const server = createServer((_req, res) => res.writeHead(503).end('starting up'));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const catalog = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const t = io();
      expect(await main(['search', 'orders', '--catalog', catalog], t.io)).toBe(2);
      expect(t.err()).toContain(`The catalog at ${catalog} answered 503 to GET /api/search: starting up`);
      // A publish the catalog failed to judge is not a refused spec: 2, not 1.
      const spec = join(t.dir, 'billing.openapi.yaml');
      writeFileSync(spec, 'openapi: 3.1.0\ninfo:\n  title: Billing\n  version: 1.0.0\npaths: {}\n');
      expect(await main(['publish', spec, '--catalog', catalog, '--token', 'il_x'], t.io)).toBe(2);
      expect(t.err()).toContain(`Publishing billing 1.0.0 to ${catalog} failed (503): starting up`);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});
