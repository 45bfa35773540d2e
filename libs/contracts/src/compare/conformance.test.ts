// Runs openapi-pact-comparator's own fixture cases (../shared/conformance/bdct, see its NOTICE.md): each case's
// spec and pact must give the findings its results.json lists, by code, interaction and pact location.
import { isSpecError, loadSpec, splitPointer } from '@interlock/openapi';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePactToSpec } from './compare-pact-to-spec.js';
import { parsePactText } from './pact.js';

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const conformanceDir = resolve(
  process.env.INTERLOCK_CONFORMANCE_DIR ?? join(repoRoot, '../shared/conformance'),
  'bdct',
);
const present = existsSync(conformanceDir);

/**
 * Cases whose expected findings we knowingly do not reproduce, each with its reason. A listed case is still run and
 * must still differ (so a fix shows up as a stale entry).
 */
const EXCEPTIONS: Record<string, string> = {
  'broken-references':
    'the spec has a $ref to a schema that does not exist; openapi-pact-comparator ignores it because no interaction ' +
    "reaches it, while Interlock's one spec model (libs/openapi) refuses to load such a spec (ref-not-found with " +
    'file:line:column; exit 2 in the CLI), as it does for indexing and linting',
};

interface Expected {
  code: string;
  mockDetails?: { location?: string };
  specDetails?: { location?: string };
}

/**
 * Codes whose spec location is a structural node (the paths, an operation, its responses), where our pointer and
 * the reference's dotted path must name the same node. Schema findings point into schemas, which the reference
 * reports relative to its own copy of them, so only their pact location is compared.
 */
const STRUCTURAL = new Set([
  'request.path-or-method.unknown',
  'request.authorization.missing',
  'request.accept.unknown',
  'request.accept.incompatible',
  'request.content-type.unknown',
  'request.content-type.missing',
  'request.content-type.incompatible',
  'request.header.unknown',
  'request.query.unknown',
  'response.status.unknown',
  'response.status.default',
  'response.content-type.unknown',
  'response.header.undefined',
  'response.header.unknown',
]);

/** `/paths/~1pet/post` in the reference's notation: `[root].paths./pet.post`. */
const dotted = (pointer: string): string => ['[root]', ...splitPointer(pointer)].join('.');

const cases = present
  ? readdirSync(conformanceDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort()
  : [];

const key = (code: string, location: string | undefined, spec: string | undefined): string =>
  `${code} @ ${location ?? ''}${STRUCTURAL.has(code) ? ` → ${spec ?? ''}` : ''}`;

describe.skipIf(!present)('conformance with openapi-pact-comparator (bdct fixtures)', () => {
  const passed: string[] = [];
  const failed: string[] = [];
  afterAll(() => {
    console.log(
      `bdct conformance: ${passed.length}/${cases.length} cases reproduce their expected findings` +
        (failed.length ? `; differing: ${failed.join(', ')}` : ''),
    );
  });

  for (const name of cases) {
    it(name, async () => {
      const dir = join(conformanceDir, name);
      const specFile = ['oas.yaml', 'oas.json'].map((f) => join(dir, f)).find(existsSync) as string;
      const pact = parsePactText(readFileSync(join(dir, 'pact.json'), 'utf8'), { filename: 'pact.json' });
      const expected = (JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Expected[])
        .map((r) => key(r.code, r.mockDetails?.location, r.specDetails?.location))
        .sort();
      let actual: string[];
      try {
        const spec = await loadSpec(specFile);
        actual = comparePactToSpec(pact, spec)
          .findings.map((f) => key(f.code, f.pact.location, dotted(f.spec.pointer)))
          .sort();
      } catch (error) {
        if (!isSpecError(error)) throw error;
        actual = [`spec not loaded: ${error.format()}`];
      }
      const same = JSON.stringify(actual) === JSON.stringify(expected);
      (same ? passed : failed).push(name);
      if (EXCEPTIONS[name]) expect(actual, `stale exception: ${EXCEPTIONS[name]}`).not.toEqual(expected);
      else expect(actual).toEqual(expected);
    });
  }
});

describe.runIf(!present)('conformance fixtures absent', () => {
  it('needs the bdct fixtures under CI', () => {
    const message = `bdct conformance skipped: ${conformanceDir} does not exist (set INTERLOCK_CONFORMANCE_DIR)`;
    if (process.env.CI === 'true') throw new Error(message);
    console.warn(message);
  });
});
