import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  DIFF_FORMATS,
  DiffConfigError,
  diffSpecs,
  formatChanges,
  LEVEL_RANK,
  parseDiffConfig,
  type DiffFormat,
  type DiffOptions,
  type Level,
} from '@interlock/diff';
import { loadSpec, type LoadedSpec } from '@interlock/openapi';
import { EXIT, formatOption, print, UsageError, type Io } from '../io.js';

const run = promisify(execFile);

export interface DiffCommandOptions {
  format?: string;
  failOn?: string;
  config?: string;
  deprecationDaysBeta?: string;
  deprecationDaysStable?: string;
}

/** `interlock diff <base> <revision>`: exit 1 when a change at or above `--fail-on` is found. */
export async function diffCommand(
  base: string,
  revision: string,
  options: DiffCommandOptions,
  io: Io,
): Promise<number> {
  const format = formatOption(options.format, DIFF_FORMATS) as DiffFormat;
  const failOn = (options.failOn ?? 'error') as Level;
  if (!['error', 'warning'].includes(failOn))
    throw new UsageError(`--fail-on must be error or warning, got ${options.failOn}`);
  const diffOptions: DiffOptions = {};
  if (options.config) {
    const file = resolve(io.cwd, options.config);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read --config ${options.config}: ${(error as Error).message}`);
    }
    try {
      Object.assign(diffOptions, parseDiffConfig(text, options.config));
    } catch (error) {
      if (error instanceof DiffConfigError) throw new UsageError(error.message);
      throw error;
    }
  }
  const days = (value: string | undefined, flag: string) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0)
      throw new UsageError(`${flag} must be a whole number of days, got ${value}`);
    return n;
  };
  diffOptions.deprecationDaysBeta =
    days(options.deprecationDaysBeta, '--deprecation-days-beta') ?? diffOptions.deprecationDaysBeta;
  diffOptions.deprecationDaysStable =
    days(options.deprecationDaysStable, '--deprecation-days-stable') ?? diffOptions.deprecationDaysStable;

  const [b, r] = await Promise.all([open(base, io), open(revision, io)]);
  try {
    const changes = diffSpecs(b.spec, r.spec, diffOptions);
    print(io.stdout, formatChanges(changes, format, { base, revision }));
    return changes.some((c) => LEVEL_RANK[c.level] >= LEVEL_RANK[failOn]) ? EXIT.failed : EXIT.ok;
  } finally {
    await Promise.all([b.dispose(), r.dispose()]);
  }
}

/** A spec from disk, or `git:<ref>:<path>` from the repository's history (its whole folder, for multi-file specs). */
async function open(source: string, io: Io): Promise<{ spec: LoadedSpec; dispose: () => Promise<void> }> {
  const git = /^git:([^:]+):(.+)$/.exec(source);
  if (!git) return { spec: await loadSpec(resolve(io.cwd, source)), dispose: () => Promise.resolve() };
  const [, ref, path] = git as unknown as [string, string, string];
  if (ref.startsWith('-')) throw new UsageError(`${source}: a git ref cannot start with "-"`);
  let root: string;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd: io.cwd })).stdout.trim();
  } catch {
    throw new UsageError(`${source}: ${io.cwd} is not inside a git repository`);
  }
  const inRepo = posix.normalize(
    relative(
      root,
      path.startsWith('./') || path.startsWith('../') ? resolve(io.cwd, path) : resolve(root, path),
    )
      .split('\\')
      .join('/'),
  );
  if (inRepo.startsWith('..')) throw new UsageError(`${source}: the path leaves the repository`);
  const dir = await mkdtemp(join(tmpdir(), 'interlock-git-'));
  const dispose = () => rm(dir, { recursive: true, force: true });
  try {
    const folder = dirname(inRepo);
    const tar = join(dir, 'spec.tar');
    await run('git', ['archive', '--format=tar', '-o', tar, `${ref}`, '--', folder === '.' ? '.' : folder], {
      cwd: root,
      maxBuffer: 1 << 20,
    }).catch((error: { stderr?: string }) => {
      throw new UsageError(
        `${source}: git cannot read ${folder} at ${ref}: ${String(error.stderr ?? error).trim()}`,
      );
    });
    await run('tar', ['-xf', tar, '-C', dir]);
    const spec = await loadSpec(join(dir, inRepo));
    return { spec, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
