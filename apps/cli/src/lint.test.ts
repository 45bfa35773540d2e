import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

function io(cwd = mkdtempSync(join(tmpdir(), 'interlock-lint-cli-'))) {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  return { io: { stdout, stderr, env: {}, cwd }, cwd, out: () => out.join(''), err: () => err.join('') };
}

/** A spec with one organisation error (a camelCase path segment) and spectral:oas warnings. */
const badSpec = `openapi: 3.1.0
info:
  title: Bad
  version: 1.0.0
paths:
  /orderItems:
    get:
      operationId: getOrderItems
      summary: Get
      tags: [items]
      security: []
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema:
                type: object
`;

describe('interlock lint', () => {
  it('passes the organisation specs (files and globs) with exit 0', async () => {
    const t = io();
    expect(
      await main(['lint', join(specs, '*.yaml'), join(specs, 'crm', 'crm.openapi.yaml'), '--no-cache'], t.io),
    ).toBe(0);
    expect(t.out()).toContain('No problems found.');
  });

  it('exits 1 on findings at or above --fail-severity, 0 below it; json keeps Spectral’s shape', async () => {
    const t = io();
    writeFileSync(join(t.cwd, 'bad.yaml'), badSpec);
    expect(await main(['lint', 'bad.yaml', '--format', 'json'], t.io)).toBe(1);
    const findings = JSON.parse(t.out()) as {
      code: string;
      severity: number;
      range: object;
      source: string;
    }[];
    const kebab = findings.find((f) => f.code === 'path-kebab-case');
    expect(kebab).toMatchObject({
      severity: 0,
      path: ['paths', '/orderItems'],
      source: join(t.cwd, 'bad.yaml'),
    });
    expect(kebab?.range).toEqual({ start: { line: 5, character: 14 }, end: { line: 17, character: 28 } });

    const ruleset = join(t.cwd, 'warn-only.yaml');
    writeFileSync(ruleset, 'extends: [spectral:oas]\nrules:\n  info-contact: warn\n');
    const w = io(t.cwd);
    expect(await main(['lint', 'bad.yaml', '-r', ruleset], w.io)).toBe(0);
    expect(w.out()).toMatch(/warning +info-contact/);
    expect(await main(['lint', 'bad.yaml', '-r', ruleset, '--fail-severity', 'warn'], io(t.cwd).io)).toBe(1);
  });

  it('counts only new findings with --baseline, and caches unchanged specs', async () => {
    const t = io();
    writeFileSync(join(t.cwd, 'bad.yaml'), badSpec);
    expect(await main(['lint', 'bad.yaml', '--format', 'sarif', '-o', 'baseline.sarif'], t.io)).toBe(1);
    const sarif = JSON.parse(readFileSync(join(t.cwd, 'baseline.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].partialFingerprints['interlockFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
    const again = io(t.cwd);
    expect(await main(['lint', 'bad.yaml', '--baseline', 'baseline.sarif'], again.io)).toBe(0);
    expect(again.out()).toContain('No problems found.');
    // A new violation elsewhere is new; the old one stays baselined even though its line moved.
    writeFileSync(
      join(t.cwd, 'bad.yaml'),
      badSpec.replace('paths:\n', 'paths:\n  /new_things:\n    $ref: "#/x"\n'),
    );
    const changed = io(t.cwd);
    expect(
      await main(['lint', 'bad.yaml', '--baseline', 'baseline.sarif', '--format', 'github'], changed.io),
    ).toBe(1);
    expect(changed.out()).toContain('title=path-kebab-case::Path "/new_things"');
    expect(changed.out()).not.toContain('"/orderItems"');
  });

  it('exits 2 with the location for a broken ruleset, and for files that match nothing', async () => {
    const t = io();
    writeFileSync(join(t.cwd, 'bad.yaml'), badSpec);
    writeFileSync(join(t.cwd, 'broken.yaml'), 'rules:\n  r:\n    given: $\n    then: { function: nope }\n');
    expect(await main(['lint', 'bad.yaml', '-r', 'broken.yaml'], t.io)).toBe(2);
    expect(t.err()).toMatch(/invalid ruleset: .*broken\.yaml:4:\d+: Function is not defined/);
    const none = io();
    expect(await main(['lint', 'nothing/*.yaml'], none.io)).toBe(2);
    expect(none.err()).toContain('nothing/*.yaml matches no file');
    expect(await main(['lint', 'bad.yaml', '--format', 'xml'], io(t.cwd).io)).toBe(2);
  });
});
