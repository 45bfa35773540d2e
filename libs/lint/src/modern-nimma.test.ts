import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createLinter } from './lint-document.js';
import { preferModernNimma } from './modern-nimma.js';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures');
const fromCore = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-core'));

describe('preferModernNimma', () => {
  it('has Spectral’s runner walk documents with Nimma’s main build, with the same findings', async () => {
    const linter = await createLinter({ ruleset: join(fixtures, 'rulesets', 'zones.yaml'), root: fixtures });
    expect(preferModernNimma()).toBe(true);
    const runner = fromCore(
      join(dirname(fromCore.resolve('@stoplight/spectral-core')), 'runner', 'runner.js'),
    );
    expect(runner).toBeDefined();
    expect(fromCore('nimma/legacy')).toBe(fromCore('nimma'));
    const { findings } = await linter.lint(join(fixtures, 'specs', 'zones.yaml'));
    expect(findings.map(({ code, path }) => ({ code, path }))).toEqual([
      { code: 'one-operation-per-path', path: ['paths', '/things'] },
    ]);
  });

  it('leaves the legacy build when Spectral’s runner was loaded first in the thread', async () => {
    const script = [
      `await import('@stoplight/spectral-core');`,
      `const { preferModernNimma } = await import(${JSON.stringify(join(here, 'modern-nimma.ts'))});`,
      `const { createRequire } = await import('node:module');`,
      `const fromCore = createRequire(createRequire(process.cwd() + '/').resolve('@stoplight/spectral-core'));`,
      `console.log(JSON.stringify([preferModernNimma(), fromCore('nimma/legacy') === fromCore('nimma')]));`,
    ].join('\n');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx/esm', '--input-type=module', '-e', script],
      { cwd: join(here, '..') },
    );
    expect(JSON.parse(stdout)).toEqual([false, false]);
  });
});
