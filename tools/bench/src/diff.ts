import { fork } from 'node:child_process';
import { join } from 'node:path';
import { installCorpus, table } from './corpus.js';
import type { Benchmark } from './registry.js';

interface Run {
  ms: number;
  loadMs: number;
  rssMiB: number;
  changes: number;
  breaking: number;
}

/**
 * GitHub Enterprise Server 3.18 → 3.19 (11 MB of JSON each): load both and diff them, Interlock against
 * api-smart-diff (the JavaScript diff library), each in fresh processes, best of two runs, in one table.
 */
export const diff: Benchmark = {
  name: 'diff',
  description: 'breaking-change diff of GHES 3.18 vs 3.19 (@octokit/openapi), against api-smart-diff',
  async run() {
    const octokit = installCorpus('@octokit/openapi', '23.0.2');
    const smart = installCorpus('api-smart-diff', '1.0.6');
    const base = join(octokit, 'generated', 'ghes-3.18.json');
    const revision = join(octokit, 'generated', 'ghes-3.19.json');
    const best = async (tool: string) => {
      const runs = [await child(tool, base, revision, smart), await child(tool, base, revision, smart)];
      return runs.sort((a, b) => a.ms - b.ms)[0] as Run;
    };
    const ours = await best('interlock');
    const theirs = await best('api-smart-diff');
    console.log(
      table([
        ['GHES 3.18 → 3.19', 'interlock', 'api-smart-diff 1.0.6', 'ratio', 'target'],
        [
          'load + diff (s)',
          ours.ms / 1000,
          theirs.ms / 1000,
          `${(theirs.ms / ours.ms).toFixed(1)}× faster`,
          '≤ 2 s',
        ],
        ['  of which loading (s)', ours.loadMs / 1000, '', '', ''],
        ['peak RSS (MiB)', ours.rssMiB, theirs.rssMiB, (ours.rssMiB / theirs.rssMiB).toFixed(2), '≤ 600 MB'],
        ['changes reported', String(ours.changes), String(theirs.changes), '', ''],
        ['of which breaking', String(ours.breaking), String(theirs.breaking), '', ''],
      ]),
    );
  },
};

function child(tool: string, base: string, revision: string, smart: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = fork(
      new URL('./diff-child.js', import.meta.url),
      [tool, base, revision, join(smart, 'dist', 'index.mjs')],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      },
    );
    let result: Run | undefined;
    proc.on('message', (m) => (result = m as Run));
    proc.on('error', reject);
    proc.on('exit', (code) => (result ? resolve(result) : reject(new Error(`${tool} exited with ${code}`))));
  });
}
