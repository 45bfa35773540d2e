// `interlock contracts check` end to end through main(argv, io), on real files: the example integrations' pacts
// (written by their Pact consumer tests) against the specs in specs/, and broken variants of them.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from './main.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const specs = join(root, 'specs');
const pacts = mkdtempSync(join(tmpdir(), 'interlock-pacts-'));
const crmSpec = join(specs, 'crm/crm.openapi.yaml');
const mailerSpec = join(specs, 'mailer.openapi.yaml');

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => out.push(String(d)));
  stderr.on('data', (d) => err.push(String(d)));
  const cwd = mkdtempSync(join(tmpdir(), 'interlock-contracts-'));
  return { io: { stdout, stderr, env: {}, cwd }, out: () => out.join(''), err: () => err.join(''), cwd };
}

function writeJson(dir: string, name: string, value: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(value, null, 2));
  return file;
}

beforeAll(() => {
  // The examples' Pact consumer tests (real Pact mock servers) write the pacts, into a folder of this run's own: the
  // examples' test run, which nx may run meanwhile, writes its pacts to theirs.
  try {
    execFileSync(
      'npx',
      [
        'vitest',
        'run',
        'src/contracts/shop-crm.contract.test.ts',
        'src/contracts/crm-mailer.contract.test.ts',
      ],
      {
        cwd: join(root, 'apps/examples'),
        env: { ...process.env, PACT_DIR: pacts },
        encoding: 'utf8',
        stdio: 'pipe',
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`The examples' consumer tests failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}, 120_000);

describe('interlock contracts check', () => {
  it('finds the example pacts compatible with the providers’ specs (exit 0)', async () => {
    for (const [pact, spec] of [
      ['shop-crm.json', crmSpec],
      ['crm-mailer.json', mailerSpec],
    ] as const) {
      const t = io();
      expect(await main(['contracts', 'check', '--pact', join(pacts, pact), '--spec', spec], t.io)).toBe(0);
      expect(t.out()).toMatch(/^compatible: .* — \d+ interaction\(s\), 0 error\(s\), 0 warning\(s\)$/m);
    }
  });

  it('exits 1 with each finding’s code, interaction and spec location when the consumer expects what is not there', async () => {
    const t = io();
    const pact = JSON.parse(readFileSync(join(pacts, 'shop-crm.json'), 'utf8'));
    const lookup = pact.interactions.find(
      (i: { description: string }) => i.description === 'a request for a customer',
    );
    lookup.response.body.content.emailAddress = lookup.response.body.content.email; // a renamed field
    delete lookup.response.body.content.email;
    const file = writeJson(t.cwd, 'shop-crm.json', pact);
    expect(await main(['contracts', 'check', '--pact', file, '--spec', crmSpec], t.io)).toBe(1);
    const text = t.out();
    expect(text).toContain('error   response.body.incompatible');
    expect(text).toContain('interaction 0 "a request for a customer"');
    expect(text).toContain('must NOT have additional properties - emailAddress');
    expect(text).toMatch(/spec .*crm\.openapi\.yaml:\d+:\d+|spec .*schemas\/[\w.-]+\.yaml:\d+:\d+/);
    expect(text).toMatch(/^incompatible: /m);

    const json = io();
    expect(
      await main(['contracts', 'check', '--pact', file, '--spec', crmSpec, '--format', 'json'], json.io),
    ).toBe(1);
    const report = JSON.parse(json.out());
    expect(report.compatible).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: 'response.body.incompatible',
      level: 'error',
      interaction: { index: 0, description: 'a request for a customer' },
      pact: { location: '[root].interactions[0].response.body', pointer: '/interactions/0/response/body' },
      spec: { operation: 'GET /customers/{customerId}' },
    });
    expect(report.findings[0].spec.line).toBeGreaterThan(0);

    const junit = io();
    expect(
      await main(['contracts', 'check', '--pact', file, '--spec', crmSpec, '--format', 'junit'], junit.io),
    ).toBe(1);
    expect(junit.out()).toMatch(/<testsuites name="interlock contracts check" tests="3" failures="1">/);
    expect(junit.out()).toContain('<failure message="response.body.incompatible">');

    const github = io();
    expect(
      await main(['contracts', 'check', '--pact', file, '--spec', crmSpec, '--format', 'github'], github.io),
    ).toBe(1);
    expect(github.out()).toMatch(
      /^::error file=[^,]+,line=\d+,col=\d+,title=response.body.incompatible::interaction 0/m,
    );
  });

  it('reports a request the provider does not serve, and a query parameter it would refuse', async () => {
    const t = io();
    const pact = JSON.parse(readFileSync(join(pacts, 'shop-crm.json'), 'utf8'));
    pact.interactions[0].request.method = 'PUT';
    pact.interactions[2].request.query = { limit: ['lots'] };
    const file = writeJson(t.cwd, 'pact.json', pact);
    expect(
      await main(['contracts', 'check', '--pact', file, '--spec', crmSpec, '--format', 'json'], t.io),
    ).toBe(1);
    const codes = JSON.parse(t.out()).findings.map((f: { code: string; interaction: { index: number } }) => [
      f.code,
      f.interaction.index,
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['request.path-or-method.unknown', 0],
        ['request.query.incompatible', 2],
      ]),
    );
  });

  it('exits 2 with file, line and column when the pact is not JSON', async () => {
    const t = io();
    const file = join(t.cwd, 'broken.json');
    writeFileSync(
      file,
      '{\n  "consumer": { "name": "shop" },\n  "interactions": [\n    { "description": oops }\n  ]\n}\n',
    );
    expect(await main(['contracts', 'check', '--pact', file, '--spec', crmSpec], t.io)).toBe(2);
    expect(t.err()).toMatch(/broken\.json:4:\d+: The pact is not valid JSON/);
  });

  it('exits 2 naming the node when the pact has the wrong shape', async () => {
    const t = io();
    const file = writeJson(t.cwd, 'shape.json', {
      consumer: { name: 'shop' },
      provider: { name: 'crm' },
      interactions: [{ description: 'no status', request: { method: 'GET', path: '/x' }, response: {} }],
    });
    expect(await main(['contracts', 'check', '--pact', file, '--spec', crmSpec], t.io)).toBe(2);
    expect(t.err()).toMatch(/shape\.json:\d+:\d+: Interaction 0: `response\.status` must be an integer/);
  });

  it('exits 2 with the loader’s file, line and column when the spec cannot be loaded', async () => {
    const t = io();
    const spec = join(t.cwd, 'bad.openapi.yaml');
    writeFileSync(spec, 'openapi: 3.0.3\ninfo:\n  title: [unclosed\n');
    const pact = join(pacts, 'shop-crm.json');
    expect(await main(['contracts', 'check', '--pact', pact, '--spec', spec], t.io)).toBe(2);
    expect(t.err()).toMatch(/bad\.openapi\.yaml:\d+:\d+: .*\[syntax\]/);
    expect(
      await main(['contracts', 'check', '--pact', join(t.cwd, 'absent.json'), '--spec', crmSpec], t.io),
    ).toBe(2);
    expect(t.err()).toMatch(/absent\.json: The pact cannot be read/);
  });

  it('exits 2 on usage errors', async () => {
    const t = io();
    expect(await main(['contracts', 'check', '--pact', join(pacts, 'shop-crm.json')], t.io)).toBe(2);
    expect(
      await main(['contracts', 'check', '--pact', 'a.json', '--spec', crmSpec, '--format', 'xml'], t.io),
    ).toBe(2);
    expect(t.err()).toContain('--format must be one of text, json, junit, github');
  });
});
