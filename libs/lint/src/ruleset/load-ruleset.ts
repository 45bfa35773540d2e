import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ruleset, RulesetDefinition } from '@stoplight/spectral-core';
import { preferModernNimma } from '../modern-nimma.js';

// Spectral, its bundler and migrator are imported when a ruleset is loaded, not with this module: a lint whose specs
// all come from the cache needs only the ruleset's key (ruleset-key-cache.ts), and loading them takes about 2 s.

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
  /** The local files it was made of (absolute): while they are unchanged, so is `key`. Empty if it fetched URLs. */
  files: string[];
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
let libraryVersions: string | undefined;
/** The versions of the Spectral packages whose code runs the rules: part of every ruleset's key. */
export function spectralVersions(): string {
  libraryVersions ??= [
    '@stoplight/spectral-core',
    '@stoplight/spectral-rulesets',
    '@stoplight/spectral-functions',
  ]
    .map((name) => `${name}@${packageVersion(name)}`)
    .join(',');
  return libraryVersions;
}

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

/** Spectral's `Ruleset.isDefaultRulesetFile`. */
const DEFAULT_RULESET_FILE = /^\.?spectral\.(ya?ml|json|m?js)$/;

/** Spectral's default file names, looked for in the working directory when no ruleset is given. */
export function findDefaultRuleset(cwd: string): string | undefined {
  const names = fs.readdirSync(cwd).filter((name) => DEFAULT_RULESET_FILE.test(name));
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
  preferModernNimma();
  const { Ruleset } = await import('@stoplight/spectral-core');
  if (file === undefined || file === RECOMMENDED) {
    const { interlockRecommended } = await import('./interlock-recommended.js');
    return {
      ruleset: new Ruleset(interlockRecommended, { severity: 'recommended', source: RECOMMENDED }),
      source: RECOMMENDED,
      key: hash(`${RECOMMENDED}\0${spectralVersions()}\0${fingerprintOf(interlockRecommended)}`),
      files: recommendedFiles(),
    };
  }
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  if (!fs.existsSync(path))
    throw new RulesetError(`ruleset not found (give a .spectral.yaml, .json or .js)`, path);
  await assertParses(path);
  const [{ bundleRuleset }, { builtins }, { commonjs }, { stdin }, { node }, migrator, runtimeModule] =
    await Promise.all([
      import('@stoplight/spectral-ruleset-bundler'),
      import('@stoplight/spectral-ruleset-bundler/plugins/builtins'),
      import('@stoplight/spectral-ruleset-bundler/plugins/commonjs'),
      import('@stoplight/spectral-ruleset-bundler/plugins/stdin'),
      import('@stoplight/spectral-ruleset-bundler/presets/node'),
      import('@stoplight/spectral-ruleset-migrator'),
      import('@stoplight/spectral-runtime'),
    ]);
  const { isBasicRuleset, migrateRuleset } = migrator;
  // CommonJS: its exports are the default export under Node, named ones under some loaders (tsx in tests).
  const runtime = (runtimeModule.default as typeof runtimeModule.default | undefined) ?? runtimeModule;
  let fetched = false;
  const fetch = async (url: string) => {
    if (!options.allowUrls)
      throw new RulesetError(
        `the ruleset refers to ${url}; remote rulesets are fetched only with --allow-urls`,
        path,
      );
    fetched = true;
    return runtime.fetch(url);
  };
  // The files the migrator and the bundler read are what the key depends on.
  const read = new Set<string>([path]);
  const recording = {
    ...fs,
    promises: {
      ...fs.promises,
      readFile: async (...args: Parameters<typeof fs.promises.readFile>) => {
        const text = await fs.promises.readFile(...args);
        if (typeof args[0] === 'string') read.add(resolve(args[0]));
        return text;
      },
    },
  } as unknown as typeof fs;
  const io = { fs: recording, fetch } as Parameters<typeof node>[0];
  let code: string;
  let sourceContext: Awaited<ReturnType<typeof buildSourceContext>>;
  try {
    if (await isBasicRuleset(path, fetch as never)) {
      sourceContext = await buildSourceContext(path);
      const migrated = await migrateRuleset(path, {
        format: 'esm',
        fs: recording as never,
        fetch: fetch as never,
      });
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
    return {
      ruleset,
      source: path,
      key: hash(`${spectralVersions()}\0${stableCode(code)}`),
      files: fetched ? [] : [...read],
    };
  } catch (error) {
    throw asRulesetError(error, path);
  }
}

/** A YAML or JSON ruleset with a syntax error is reported at the error, not as "Invalid ruleset provided". */
async function assertParses(path: string): Promise<void> {
  if (!/\.(?:ya?ml|json)$/i.test(path)) return;
  const { parseDocument } = await import('yaml');
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

async function buildSourceContext(path: string) {
  const parsers = await import('@stoplight/spectral-parsers');
  const Parsers = (parsers.default as typeof parsers.default | undefined) ?? parsers;
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

function fingerprintOf(definition: RulesetDefinition): string {
  return JSON.stringify(definition, (_k, v: unknown) => (typeof v === 'function' ? String(v) : v));
}

/** The modules `interlock:recommended` is made of: this folder (its rules and their functions). */
function recommendedFiles(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  const files: string[] = [];
  for (const dir of [here, join(here, 'functions')])
    for (const name of fs.readdirSync(dir))
      if (/\.[cm]?[jt]s$/.test(name) && !/\.(test|d)\.[cm]?[jt]s$/.test(name)) files.push(join(dir, name));
  return files.sort();
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
