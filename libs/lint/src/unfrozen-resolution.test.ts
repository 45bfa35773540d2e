import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { oasExample } from './fast-oas-example.js';
import { createLinter } from './lint-document.js';
import { loadRuleset } from './ruleset/load-ruleset.js';
import { allowUnfrozenResolution } from './unfrozen-resolution.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('allowUnfrozenResolution', () => {
  it('skips the freeze for rulesets of Spectral’s functions only, not for one with a function of its own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-unfrozen-'));
    writeFileSync(join(dir, '.spectral.yaml'), 'extends: [[spectral:oas, recommended]]\n');
    const oas = await loadRuleset(join(dir, '.spectral.yaml'), {}, dir);
    expect(allowUnfrozenResolution(oas.ruleset, [oasExample])).toBe(true);
    const custom = await loadRuleset(join(fixtures, 'rulesets', 'thread-id.js'), {}, fixtures);
    expect(allowUnfrozenResolution(custom.ruleset, [oasExample])).toBe(false);
  });

  it('gives Spectral’s findings for paths Nimma walks in zones (no deep path in the ruleset)', async () => {
    const linter = await createLinter({ ruleset: join(fixtures, 'rulesets', 'zones.yaml'), root: fixtures });
    const { findings } = await linter.lint(join(fixtures, 'specs', 'zones.yaml'));
    // As the Spectral CLI reports it: the path item has two operations.
    expect(findings.map(({ code, path, range, message }) => ({ code, path, range, message }))).toEqual([
      {
        code: 'one-operation-per-path',
        path: ['paths', '/things'],
        range: { start: { line: 5, character: 10 }, end: { line: 13, character: 43 } },
        message: 'Each path item has at most one key.',
      },
    ]);
  });
});
