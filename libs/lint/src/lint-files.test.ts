import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readBaseline, withoutBaseline } from './baseline.js';
import { createFileCache } from './cache.js';
import { lintFiles } from './lint-files.js';
import { RulesetError } from './ruleset/load-ruleset.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const specs = join(fixtures, 'specs');
const rulesets = join(fixtures, 'rulesets');
const temp = mkdtempSync(join(tmpdir(), 'interlock-lint-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('lintFiles', () => {
  it('stops a spec that runs past the time limit, reports it, and lints the others', async () => {
    const run = await lintFiles([join(specs, 'hang.yaml'), join(specs, 'small.yaml')], {
      ruleset: join(rulesets, 'hang.js'),
      timeoutMs: 2_000,
      workers: 1,
      root: fixtures,
    });
    const [hang, small] = run.files;
    expect(hang?.timedOut).toBe(true);
    expect(hang?.findings.map((f) => [f.code, f.severity])).toEqual([['lint-timeout', 'error']]);
    expect(small?.timedOut).toBe(false);
    expect(small?.findings.map((f) => f.code)).toContain('info-contact');
  });

  it('reports a spec that cannot be parsed as findings with line and column', async () => {
    const run = await lintFiles([join(specs, 'broken.yaml')], { workers: 0, root: fixtures });
    const parser = run.files[0]?.findings.filter((f) => f.code === 'parser') ?? [];
    expect(parser.length).toBeGreaterThan(0);
    expect(parser[0]?.range.start.line).toBe(4);
    expect(parser[0]?.severity).toBe('error');
  });

  it('reports an unreadable file as a finding', async () => {
    const run = await lintFiles([join(specs, 'missing.yaml')], { workers: 0, root: fixtures });
    expect(run.files[0]?.findings.map((f) => f.code)).toEqual(['unreadable']);
  });

  it('lints an unchanged spec once: the cache answers until the spec or a file it $refs changes', async () => {
    const dir = join(temp, 'cached');
    cpSync(specs, dir, { recursive: true });
    const cache = createFileCache(join(temp, 'cache'));
    const options = { workers: 0, root: dir, cache };
    const files = [join(dir, 'root.yaml')];
    const first = await lintFiles(files, options);
    const second = await lintFiles(files, options);
    expect(first.files[0]?.cached).toBe(false);
    expect(second.files[0]?.cached).toBe(true);
    expect(second.files[0]?.findings).toEqual(first.files[0]?.findings);
    writeFileSync(join(dir, 'thing.yaml'), 'type: object\nproperties:\n  Bad_Name:\n    type: string\n');
    const third = await lintFiles(files, options);
    expect(third.files[0]?.cached).toBe(false);
    expect(third.files[0]?.findings.length).toBeGreaterThan(first.files[0]?.findings.length ?? 0);
    const team = { ...options, ruleset: join(rulesets, 'team', '.spectral.yaml') };
    expect((await lintFiles(files, team)).files[0]?.cached).toBe(false);
    expect((await lintFiles(files, team)).files[0]?.cached).toBe(true); // a file ruleset's key is stable too
  });

  it('loads a team ruleset with extends, overrides and a custom function', async () => {
    const run = await lintFiles([join(specs, 'small.yaml')], {
      workers: 0,
      ruleset: join(rulesets, 'team', '.spectral.yaml'),
      root: fixtures,
    });
    const codes = run.files[0]?.findings.map((f) => `${f.code}:${f.severity}`) ?? [];
    expect(codes).toContain('no-internal-extension:error');
    expect(codes).not.toContain('info-contact:warn');
    expect(codes).toContain('info-description:warn');
  });

  it.each([
    ['unknown-function.yaml', /unknown-function\.yaml:6:17: Function is not defined/],
    ['bad-severity.yaml', /bad-severity\.yaml:5:15: .*"error", "warn"/],
    ['syntax-error.yaml', /syntax-error\.yaml:2:1: syntax error/],
    ['remote.yaml', /refers to https:\/\/example\.invalid\/ruleset\.yaml; .*only with --allow-urls/],
    ['nowhere.yaml', /nowhere\.yaml: ruleset not found/],
  ])('refuses the ruleset %s with its location', async (name, message) => {
    const error = await lintFiles([join(specs, 'small.yaml')], { ruleset: join(rulesets, name) }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(RulesetError);
    expect((error as RulesetError).format()).toMatch(message);
  });

  it('gives stable fingerprints, and a baseline keeps only new findings', async () => {
    const a = await lintFiles([join(specs, 'small.yaml')], { workers: 0, root: fixtures });
    const baselineFile = join(temp, 'baseline.json');
    writeFileSync(baselineFile, JSON.stringify(a.files[0]?.findings.slice(1)));
    const baseline = await readBaseline(baselineFile, fixtures);
    const fresh = withoutBaseline(a.files[0]?.findings ?? [], baseline);
    expect(fresh).toEqual(a.files[0]?.findings.slice(0, 1));
    // Spectral CLI JSON (no fingerprint field) works as a baseline too.
    const spectralShape = (a.files[0]?.findings ?? []).map(({ fingerprint: _f, ...rest }) => rest);
    writeFileSync(baselineFile, JSON.stringify(spectralShape));
    expect(withoutBaseline(a.files[0]?.findings ?? [], await readBaseline(baselineFile, fixtures))).toEqual(
      [],
    );
  });
});
