import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const shop = fileURLToPath(new URL('../../../specs/shop.openapi.yaml', import.meta.url));

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  return { io: { stdout, stderr, env: {}, cwd }, out: () => out.join(''), err: () => err.join('') };
}

/** the shop spec with a shorter limit on a product name in requests: a breaking change for clients. */
function breakShop(dir: string): string {
  const text = readFileSync(shop, 'utf8');
  const broken = text.replace(/\n(\s+)maxLength: 200/, '\n$1maxLength: 100');
  expect(broken).not.toBe(text);
  const file = join(dir, 'shop.openapi.yaml');
  writeFileSync(file, broken);
  return file;
}

describe('interlock diff', () => {
  it('exits 0 for identical specs and 1 for a breaking change, in every format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-diff-'));
    const t = io(dir);
    expect(await main(['diff', shop, shop], t.io)).toBe(0);
    expect(t.out()).toContain('No changes');

    const revised = breakShop(dir);
    const j = io(dir);
    expect(await main(['diff', shop, revised, '--format', 'json'], j.io)).toBe(1);
    const { changes } = JSON.parse(j.out());
    expect(changes.length).toBeGreaterThan(0);
    expect(changes[0]).toMatchObject({
      level: 'error',
      operation: expect.stringMatching(/^[A-Z]+$/),
      path: expect.stringMatching(/^\//),
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      base: { file: 'shop.openapi.yaml', line: expect.any(Number), column: expect.any(Number) },
      revision: { file: 'shop.openapi.yaml', line: expect.any(Number) },
    });
    expect(Object.keys(changes[0])).toEqual([
      'id',
      'level',
      'operation',
      'path',
      'message',
      'fingerprint',
      'base',
      'revision',
    ]);

    for (const [format, shape] of [
      ['markdown', /### 🔴 \d+ breaking change/],
      ['github', /^::error file=shop\.openapi\.yaml,line=\d+,col=\d+,title=[a-z-]+::/m],
      ['junit', /<testsuites name="interlock diff" tests="\d+" failures="[1-9]\d*">/],
      ['text', /\d+ breaking, \d+ warnings/],
    ] as const) {
      const f = io(dir);
      expect(await main(['diff', shop, revised, '--format', format], f.io)).toBe(1);
      expect(f.out()).toMatch(shape);
    }

    // Accepting the change by its fingerprint in a config file makes the check pass.
    writeFileSync(
      join(dir, 'diff.yaml'),
      `accept:\n${changes.map((c: { fingerprint: string }) => `  - ${c.fingerprint}`).join('\n')}\n`,
    );
    const accepted = io(dir);
    expect(await main(['diff', shop, revised, '--config', 'diff.yaml'], accepted.io)).toBe(0);
    writeFileSync(join(dir, 'bad.yaml'), 'levels:\n  no-such-check: error\n');
    const bad = io(dir);
    expect(await main(['diff', shop, revised, '--config', 'bad.yaml'], bad.io)).toBe(2);
    expect(bad.err()).toContain('no-such-check');
  });

  it('reads either side from git history', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'interlock-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: repo });
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'api'));
    writeFileSync(join(repo, 'api', 'shop.openapi.yaml'), readFileSync(shop));
    git('add', '.');
    git('commit', '-qm', 'v1');
    writeFileSync(
      join(repo, 'api', 'shop.openapi.yaml'),
      readFileSync(breakShop(mkdtempSync(join(tmpdir(), 'x-')))),
    );
    const t = io(repo);
    expect(
      await main(
        ['diff', 'git:HEAD:api/shop.openapi.yaml', 'api/shop.openapi.yaml', '--format', 'json'],
        t.io,
      ),
    ).toBe(1);
    expect(JSON.parse(t.out()).changes.length).toBeGreaterThan(0);
    const missing = io(repo);
    expect(await main(['diff', 'git:nope:api/shop.openapi.yaml', 'api/shop.openapi.yaml'], missing.io)).toBe(
      2,
    );
    expect(missing.err()).toContain('git cannot read');
  });

  it('exits 2 with the loader error, file, line and column, when a side cannot be loaded', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-diff-'));
    writeFileSync(join(dir, 'broken.yaml'), 'openapi: 3.1.0\ninfo:\n  title: [oops\n');
    const t = io(dir);
    expect(await main(['diff', shop, 'broken.yaml'], t.io)).toBe(2);
    expect(t.err()).toMatch(/broken\.yaml:\d+:\d+/);
    const u = io(dir);
    expect(await main(['diff', shop, shop, '--fail-on', 'info'], u.io)).toBe(2);
  });
});
