import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  createFileCache,
  findDefaultRuleset,
  FORMAT_NAMES,
  formatters,
  lintFiles,
  readBaseline,
  RulesetError,
  SEVERITIES,
  severityRank,
  withoutBaseline,
  type FormatName,
  type Severity,
} from '@interlock/lint';
import { glob, isDynamicPattern } from 'tinyglobby';
import { EXIT, formatOption, print, UsageError, type Io } from '../io.js';
import { createProgress } from '../progress.js';

export interface LintOptions {
  ruleset?: string;
  format?: string;
  failSeverity?: string;
  baseline?: string;
  output?: string;
  timeout?: string;
  cache?: boolean;
  allowUrls?: boolean;
}

/** `interlock lint`: 0 clean, 1 findings at or above the fail severity (new ones, with a baseline), 2 usage/load error. */
export async function lintCommand(patterns: string[], options: LintOptions, io: Io): Promise<number> {
  const format = formatOption(options.format, FORMAT_NAMES) as FormatName;
  const failSeverity = (options.failSeverity ?? 'error') as Severity;
  if (!SEVERITIES.includes(failSeverity))
    throw new UsageError(
      `--fail-severity must be one of ${SEVERITIES.join(', ')}, got ${options.failSeverity}`,
    );
  const timeoutSeconds = Number(options.timeout ?? 120);
  if (!(timeoutSeconds > 0))
    throw new UsageError(`--timeout must be a number of seconds above 0, got ${options.timeout}`);

  const files = await expand(patterns, io.cwd);
  const ruleset = options.ruleset ? resolve(io.cwd, options.ruleset) : findDefaultRuleset(io.cwd);
  const baseline = options.baseline
    ? await readBaseline(resolve(io.cwd, options.baseline), io.cwd)
    : undefined;
  const cacheDir = resolve(io.cwd, io.env.INTERLOCK_DATA_DIR ?? '.interlock', 'lint-cache');

  let progress: ReturnType<typeof createProgress> | undefined;
  let run;
  try {
    run = await lintFiles(files, {
      root: io.cwd,
      timeoutMs: timeoutSeconds * 1000,
      allowUrls: options.allowUrls === true,
      ...(ruleset ? { ruleset } : {}),
      ...(options.cache === false ? {} : { cache: createFileCache(cacheDir) }),
      onProgress: ({ done, total, file }) => {
        progress ??= createProgress(io, total, 'Linting');
        progress.update(done, file);
      },
    });
  } catch (error) {
    if (error instanceof RulesetError) throw new UsageError(`invalid ruleset: ${error.format()}`);
    throw error;
  } finally {
    progress?.stop();
  }

  const all = run.files.flatMap((f) => f.findings);
  const findings = baseline ? withoutBaseline(all, baseline) : all;
  const text = formatters[format](findings, { cwd: io.cwd });
  if (options.output) {
    const output = resolve(io.cwd, options.output);
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, `${text}\n`);
  } else print(io.stdout, text);

  for (const file of run.files.filter((f) => f.timedOut))
    print(io.stderr, `interlock: ${file.file}: stopped after ${timeoutSeconds} s (--timeout to change)`);
  if (baseline)
    print(io.stderr, `${all.length - findings.length} finding(s) in the baseline were not counted`);
  const failing = findings.filter((f) => severityRank(f.severity) <= severityRank(failSeverity));
  return failing.length > 0 ? EXIT.failed : EXIT.ok;
}

/** Files and globs to absolute paths, sorted; a file or glob that matches nothing is a usage error. */
async function expand(patterns: string[], cwd: string): Promise<string[]> {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      const matches = await glob(pattern, { cwd, absolute: true, dot: true, onlyFiles: true });
      if (matches.length === 0) throw new UsageError(`${pattern} matches no file`);
      matches.forEach((m) => files.add(resolve(m)));
    } else {
      const file = resolve(cwd, pattern);
      if (!existsSync(file)) throw new UsageError(`${pattern}: no such file`);
      files.add(file);
    }
  }
  return [...files].sort();
}
