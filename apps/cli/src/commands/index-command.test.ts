import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../main.js';

function io(env: Record<string, string> = {}) {
  const err: string[] = [];
  const out: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'interlock-cli-index-'));
  return {
    io: {
      stdout: new PassThrough().on('data', (d) => out.push(String(d))),
      stderr: new PassThrough().on('data', (d) => err.push(String(d))),
      env: { INTERLOCK_DATA_DIR: join(dir, 'data'), ...env },
      cwd: dir,
    },
    dir,
    err: () => err.join(''),
    out: () => out.join(''),
  };
}

describe('interlock index: where the specs and the store are', () => {
  it('names a folder that does not exist, with exit 2', async () => {
    const t = io();
    expect(await main(['index', 'no-such-specs'], t.io)).toBe(2);
    expect(t.err()).toBe(
      `interlock: No such folder: ${join(t.dir, 'no-such-specs')}. Give the folder that holds your specs, e.g. \`interlock index specs\`.\n`,
    );
  });

  it('says a file is not a folder and how to index or publish it, with exit 2', async () => {
    const t = io();
    writeFileSync(join(t.dir, 'shop.openapi.yaml'), 'openapi: 3.1.0\n');
    expect(await main(['index', 'shop.openapi.yaml'], t.io)).toBe(2);
    expect(t.err()).toContain(`${join(t.dir, 'shop.openapi.yaml')} is a file, not a folder`);
    expect(t.err()).toContain('`interlock publish shop.openapi.yaml`');
  });

  it('names DATABASE_URL, the variable the user set, when PostgreSQL cannot be reached', async () => {
    const server = createServer();
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as { port: number };
    await new Promise((done) => server.close(done));
    const t = io({ DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/test` });
    expect(await main(['index', '.'], t.io)).toBe(2);
    expect(t.err()).toContain(
      `Cannot connect to PostgreSQL at 127.0.0.1:${port}/test (DATABASE_URL): connect ECONNREFUSED`,
    );
    expect(t.err()).not.toContain('StoreOptions');
    expect(t.err()).not.toContain('secret');
  });

  it("lists the files it ignored, neither a spec nor $ref'd by one", async () => {
    const t = io();
    writeFileSync(
      join(t.dir, 'tiny.openapi.yaml'),
      'openapi: 3.1.0\ninfo: {title: Tiny, version: "1"}\npaths: {}\n',
    );
    writeFileSync(join(t.dir, 'typo.openapi.yaml'), 'openap: 3.1.0\n');
    expect(await main(['index', '.'], t.io)).toBe(0);
    expect(t.out()).toContain(
      "? 1 YAML/JSON file(s) ignored, neither a spec (no `openapi:` or `swagger:` near the start) nor $ref'd by one: typo.openapi.yaml",
    );
  });
});
