import { readFile } from 'node:fs/promises';
import type { ISpectralDiagnostic } from '@stoplight/spectral-core';
import type { Resolver } from '@stoplight/spectral-ref-resolver';
import { fingerprint } from './fingerprint.js';
import { preferModernNimma } from './modern-nimma.js';
import { interlockRuleIds, ruleDocumentationUrl } from './ruleset/rule-docs.js';
import { RECOMMENDED, loadRuleset, type LoadedRuleset, type RulesetOptions } from './ruleset/load-ruleset.js';
import { severityFromSpectral, type Finding } from './types.js';

export interface LinterOptions extends RulesetOptions {
  /** A ruleset file, or `interlock:recommended` (the default). */
  ruleset?: string;
  /** Fingerprints use file paths relative to this folder; default: the working directory. */
  root?: string;
  /** Fetch `http(s)` `$ref`s of specs; default false (they become findings). */
  allowUrls?: boolean;
  /** Read the files a spec `$ref`s; default true. Off for documents that must be self-contained (the catalog's). */
  fileRefs?: boolean;
}

export interface DocumentLint {
  findings: Finding[];
  /** Every file the spec is made of (itself and the files it `$ref`s), absolute. */
  files: string[];
}

export interface Linter {
  readonly ruleset: LoadedRuleset;
  /** Lints one spec file (its text may be given, else it is read). Never throws for a bad spec. */
  lint(file: string, text?: string): Promise<DocumentLint>;
}

/** A Spectral instance on one ruleset, reusable across files. Spectral is loaded here, not with this module. */
export async function createLinter(options: LinterOptions = {}): Promise<Linter> {
  const root = options.root ?? process.cwd();
  preferModernNimma();
  const [
    { Document, Spectral },
    { plainYaml },
    { installCompiledSchemaCache },
    { installSharedAjvInstances },
    { accelerate, oasExample },
    { allowUnfrozenResolution },
  ] = await Promise.all([
    import('@stoplight/spectral-core'),
    import('./plain-yaml.js'),
    import('./compiled-schema-cache.js'),
    import('./shared-ajv-instances.js'),
    import('./fast-oas-example.js'),
    import('./unfrozen-resolution.js'),
  ]);
  installCompiledSchemaCache();
  installSharedAjvInstances();
  const ruleset = await loadRuleset(options.ruleset, options, root);
  accelerate(ruleset.ruleset);
  // The built-in ruleset's functions are ours (they only read); a team's ruleset may bring functions of its own.
  const ours =
    ruleset.source === RECOMMENDED
      ? Object.values(ruleset.ruleset.rules).flatMap((rule) => rule.then.map((then) => then.function))
      : [oasExample];
  allowUnfrozenResolution(ruleset.ruleset, ours);
  const refs = await loadRefResolvers();
  return {
    ruleset,
    async lint(file, text) {
      const files = new Set<string>([file]);
      const spectral = new Spectral({ resolver: createResolver(refs, files, options) });
      spectral.setRuleset(ruleset.ruleset);
      const source = text ?? (await readFile(file, 'utf8'));
      const results = await spectral.run(new Document(source, plainYaml, file));
      const findings = results.map((r) => toFinding(r, file, root));
      if (ruleset.source === RECOMMENDED)
        for (const finding of findings)
          if (documented.has(finding.code)) finding.documentationUrl ??= ruleDocumentationUrl(finding.code);
      return { findings, files: [...files] };
    },
  };
}

const documented = new Set(interlockRuleIds);

async function loadRefResolvers() {
  const [{ createResolveHttp }, { Resolver }, { createInlineResolver }] = await Promise.all([
    import('@stoplight/json-ref-readers'),
    import('@stoplight/spectral-ref-resolver'),
    import('./inline-ref-resolver.js'),
  ]);
  return { createResolveHttp, Resolver, createInlineResolver };
}

function createResolver(
  { createResolveHttp, Resolver, createInlineResolver }: Awaited<ReturnType<typeof loadRefResolvers>>,
  files: Set<string>,
  options: LinterOptions,
): Resolver {
  const refuse = (why: string) => async (ref: { href(): string }) => {
    throw new Error(`${ref.href()} was not ${why}`);
  };
  const http = options.allowUrls
    ? { resolve: createResolveHttp() }
    : { resolve: refuse('fetched: remote $refs are followed only when URLs are allowed') };
  const read = (ref: { href(): string }) => {
    const path = ref.href();
    files.add(path);
    return readFile(path, 'utf8');
  };
  const file = {
    resolve: options.fileRefs === false ? refuse('read: this document must be self-contained') : read,
  };
  // Documents whose `$ref`s all point into themselves are resolved without json-ref-resolver's costs; any other goes
  // to this Resolver, and its file and URL readers (or refusals) above.
  return createInlineResolver(new Resolver({ resolvers: { https: http, http, file } }));
}

export function toFinding(result: ISpectralDiagnostic, file: string, root: string): Finding {
  const source = result.source ?? file;
  const code = String(result.code);
  return {
    code,
    message: result.message,
    severity: severityFromSpectral(result.severity),
    path: result.path,
    source,
    range: {
      start: { line: result.range.start.line, character: result.range.start.character },
      end: { line: result.range.end.line, character: result.range.end.character },
    },
    fingerprint: fingerprint(code, source, result.path, root, result.message),
    ...(result.documentationUrl ? { documentationUrl: result.documentationUrl } : {}),
  };
}
