import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { Ruleset, type RulesetDefinition } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { bundleRuleset } from '@stoplight/spectral-ruleset-bundler';
import { builtins } from '@stoplight/spectral-ruleset-bundler/plugins/builtins';
import { commonjs } from '@stoplight/spectral-ruleset-bundler/plugins/commonjs';
import { stdin } from '@stoplight/spectral-ruleset-bundler/plugins/stdin';
import { node } from '@stoplight/spectral-ruleset-bundler/presets/node';
import { isBasicRuleset, migrateRuleset } from '@stoplight/spectral-ruleset-migrator';
import runtime from '@stoplight/spectral-runtime';
import { parseDocument } from 'yaml';
import { interlockRecommended } from './interlock-recommended.js';

/** The name of the built-in ruleset, usable as `--ruleset interlock:recommended`. */
export const RECOMMENDED = 'interlock:recommended';

export interface RulesetOptions {
  /** Fetch `extends` (and function) URLs in a ruleset; default false: such a ruleset is a usage error. */
  allowUrls?: boolean;
}

export interface LoadedRuleset {
  ruleset: Ruleset;
  /** `interlock:recommended`, or the ruleset file's absolute path. */
  source: string;
  /** Content hash of everything the ruleset is made of (the bundled code of a file, and the library versions). */
  key: string;
}

/** A ruleset that cannot be used: what is wrong and where (file:line:column when known). */
export class RulesetError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'RulesetError';
  }

  format(): string {
    const at = this.file ? `${this.file}${this.line ? `:${this.line}:${this.column ?? 1}` : ''}: ` : '';
    return `${at}${this.message}`;
  }
}

const require = createRequire(import.meta.url);
const LIBRARY_VERSIONS = [
  '@stoplight/spectral-core',
  '@stoplight/spectral-rulesets',
  '@stoplight/spectral-functions',
]
  .map((name) => `${name}@${packageVersion(name)}`)
  .join(',');

/** A dependency's version, from the package.json above its entry (its `exports` hide package.json). */
function packageVersion(name: string): string {
  let dir = dirname(require.resolve(name));
  while (dir !== dirname(dir)) {
    const file = join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name) return pkg.version ?? '?';
    }
    dir = dirname(dir);
  }
  return '?';
}

/** Spectral's default file names, looked for in the working directory when no ruleset is given. */
export function findDefaultRuleset(cwd: string): string | undefined {
  const names = fs.readdirSync(cwd).filter((name) => Ruleset.isDefaultRulesetFile(name));
  return names.length > 0 ? join(cwd, names.sort()[0] as string) : undefined;
}

/**
 * Loads a ruleset the way the Spectral CLI does (YAML/JSON rulesets migrated, JS bundled with `extends`,
 * `overrides` and custom functions), so a team's `.spectral.yaml` gives the same rules here as there.
 */
export async function loadRuleset(
  file: string | undefined,
  options: RulesetOptions = {},
  cwd = process.cwd(),
): Promise<LoadedRuleset> {
  if (file === undefined || file === RECOMMENDED) {
    return {
      ruleset: new Ruleset(interlockRecommended, { severity: 'recommended', source: RECOMMENDED }),
      source: RECOMMENDED,
      key: hash(`${RECOMMENDED}\0${LIBRARY_VERSIONS}\0${recommendedFingerprint()}`),
    };
  }
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  if (!fs.existsSync(path))
    throw new RulesetError(`ruleset not found (give a .spectral.yaml, .json or .js)`, path);
  assertParses(path);
  const fetch = async (url: string) => {
    if (!options.allowUrls)
      throw new RulesetError(
        `the ruleset refers to ${url}; remote rulesets are fetched only with --allow-urls`,
        path,
      );
    return runtime.fetch(url);
  };
  const io = { fs, fetch } as Parameters<typeof node>[0];
  let code: string;
  let sourceContext: ReturnType<typeof buildSourceContext>;
  try {
    if (await isBasicRuleset(path, fetch as never)) {
      sourceContext = buildSourceContext(path);
      const migrated = await migrateRuleset(path, { format: 'esm', fs: fs as never, fetch: fetch as never });
      const entry = join(dirname(path), '.spectral.js');
      code = await bundleRuleset(entry, {
        target: 'node',
        format: 'commonjs',
        plugins: [stdin(migrated, entry), builtins(), commonjs(), ...node(io)],
      });
    } else {
      code = await bundleRuleset(path, {
        target: 'node',
        format: 'commonjs',
        plugins: [builtins(), commonjs(), ...node(io)],
      });
    }
  } catch (error) {
    throw asRulesetError(error, path);
  }
  let definition: RulesetDefinition;
  try {
    definition = evaluate(code, path);
  } catch (error) {
    throw asRulesetError(error, path);
  }
  try {
    const ruleset = new Ruleset(definition, {
      severity: 'recommended',
      source: path,
      ...(sourceContext ? { sourceContext } : {}),
    });
    return { ruleset, source: path, key: hash(`${LIBRARY_VERSIONS}\0${stableCode(code)}`) };
  } catch (error) {
    throw asRulesetError(error, path);
  }
}

/** A YAML or JSON ruleset with a syntax error is reported at the error, not as "Invalid ruleset provided". */
function assertParses(path: string): void {
  if (!/\.(?:ya?ml|json)$/i.test(path)) return;
  const document = parseDocument(fs.readFileSync(path, 'utf8'));
  const error = document.errors[0];
  if (!error) return;
  const at = error.linePos?.[0];
  throw new RulesetError(
    `syntax error: ${(error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '')}`,
    path,
    at?.line,
    at?.col,
  );
}

/** Runs the bundled CommonJS ruleset, with `require` resolving from the ruleset's folder first (as the CLI does). */
function evaluate(code: string, path: string): RulesetDefinition {
  const req = createRequire(path);
  const paths = [dirname(path), dirname(new URL(import.meta.url).pathname)];
  const module: { exports?: unknown } = {};
  new Function('module, require', code)(module, (id: string) => req(req.resolve(id, { paths })));
  if (module.exports === null || typeof module.exports !== 'object')
    throw new RulesetError('the ruleset exports nothing (a .js ruleset has `export default { … }`)', path);
  return module.exports as RulesetDefinition;
}

function buildSourceContext(path: string) {
  try {
    const input = fs.readFileSync(path, 'utf8');
    const parser = extname(path) === '.json' ? Parsers.Json : Parsers.Yaml;
    const parsed = parser.parse(input);
    return {
      source: path,
      getLocationForJsonPath: (jsonPath: (string | number)[]) =>
        (parser.getLocationForJsonPath as (r: unknown, p: unknown) => never)(parsed, jsonPath),
    };
  } catch {
    return undefined;
  }
}

interface LocatedError {
  message?: string;
  source?: string;
  range?: { start: { line: number; character: number } };
  path?: string[];
  loc?: { file?: string; line?: number; column?: number };
  errors?: LocatedError[];
}

function asRulesetError(error: unknown, path: string): RulesetError {
  if (error instanceof RulesetError) return error;
  const e = (error ?? {}) as LocatedError;
  const first = Array.isArray(e.errors) && e.errors.length > 0 ? (e.errors[0] as LocatedError) : e;
  const all = Array.isArray(e.errors) && e.errors.length > 0 ? e.errors : [e];
  const message = all
    .map((x) => `${x.message ?? String(x)}${x.path?.length ? ` (at ${x.path.join('.')})` : ''}`)
    .join('; ');
  if (first.range)
    return new RulesetError(
      message,
      first.source ?? path,
      first.range.start.line + 1,
      first.range.start.character + 1,
    );
  if (first.loc?.line)
    return new RulesetError(message, first.loc.file ?? path, first.loc.line, (first.loc.column ?? 0) + 1);
  return new RulesetError(message, path);
}

/** The bundler names its builtins registry with a random number per run; the key must not change with it. */
function stableCode(code: string): string {
  return code.replace(/(Symbol\.for\('@stoplight-spectral\/builtins'\)\]\[')\d+('\])/g, '$1#$2');
}

function recommendedFingerprint(): string {
  return JSON.stringify(interlockRecommended, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
