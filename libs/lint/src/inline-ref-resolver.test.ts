import { mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resolver, type ResolveResult } from '@stoplight/spectral-ref-resolver';
import { describe, expect, it } from 'vitest';
import { createInlineResolver } from './inline-ref-resolver.js';
import { plainYaml } from './plain-yaml.js';
import { loadRuleset } from './ruleset/load-ruleset.js';
import { resolutionDifferences } from './test-support/same-resolution.js';
import { allowUnfrozenResolution } from './unfrozen-resolution.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const dir = mkdtempSync(join(tmpdir(), 'interlock-inline-refs-'));
const refuse = {
  resolve: async (ref: { href(): string }) => {
    throw new Error(`${ref.href()} was not read`);
  },
};
const read = { resolve: (ref: { href(): string }) => readFile(ref.href(), 'utf8') };

/** Resolves `text` (parsed as the linter parses specs) with json-ref-resolver and with the inline resolver. */
async function both(text: string, resolvers: object = { https: refuse, http: refuse, file: refuse }) {
  const source = join(dir, 'spec.yaml');
  const data = plainYaml.parse(text).data;
  // As Spectral's DocumentInventory calls it.
  const opts = { baseUri: source, parseResolveResult: async (o: { result: unknown }) => o };
  const expected = await new Resolver({ resolvers: resolvers as never }).resolve(data, opts as never);
  const actual = await createInlineResolver(new Resolver({ resolvers: resolvers as never })).resolve(
    data,
    opts as never,
  );
  return { data, actual, expected, inline: !('runner' in actual) };
}

async function expectSame(text: string, inline = true) {
  const r = await both(text);
  expect(resolutionDifferences(r.data, r.actual, r.expected)).toEqual([]);
  expect(r.inline).toBe(inline);
  return r;
}

const errors = (result: ResolveResult) =>
  result.errors.map(({ code, message, path }) => ({ code, message, path }));

describe('createInlineResolver', () => {
  it('is allowed to skip Immer’s freeze first (as the linter does for its own rulesets)', () => {
    expect(allowUnfrozenResolution({ rules: {} } as never, [])).toBe(true);
  });

  it('resolves `$ref`s to `$ref`s, in chains and into what another `$ref` replaces', async () => {
    const { actual } = await expectSame(`
a: { $ref: '#/b' }
b: { $ref: '#/c' }
c: { type: string, properties: { x: { $ref: '#/d' } } }
d: { const: 1 }
e: { $ref: '#/a/properties/x' }
f: { $ref: '#/b/type' }
g: [{ $ref: '#/e' }, { $ref: '#/f' }]
`);
    expect(actual.result.g).toEqual([{ const: 1 }, 'string']);
    expect(actual.refMap).toMatchObject({ '#/a': '#/b', '#/b': '#/c' });
  });

  it('leaves circular `$ref`s as they are, as json-ref-resolver decides it', async () => {
    await expectSame(`
components:
  schemas:
    Node: { type: object, properties: { next: { $ref: '#/components/schemas/Node' }, tree: { $ref: '#/components/schemas/Tree' } } }
    Tree: { type: object, properties: { root: { $ref: '#/components/schemas/Node' }, kids: { type: array, items: { $ref: '#/components/schemas/Tree' } } } }
    A: { allOf: [{ $ref: '#/components/schemas/B' }] }
    B: { allOf: [{ $ref: '#/components/schemas/C' }] }
    C: { allOf: [{ $ref: '#/components/schemas/A' }] }
    Self: { $ref: '#/components/schemas/Self' }
    Parent: { properties: { up: { $ref: '#/components/schemas' } } }
paths:
  /x: { get: { responses: { '200': { content: { a/b: { schema: { $ref: '#/components/schemas/Tree' } } } } } } }
`);
  });

  it('follows pointers into arrays, with ~0, ~1 and percent-encoding', async () => {
    await expectSame(`
list: [{ name: zero }, { name: one, tags: [a, b] }]
first: { $ref: '#/list/0' }
tag: { $ref: '#/list/1/tags/1' }
paths:
  /users/{id}: { get: { operationId: getUser } }
  /a~b: { get: { operationId: tilde } }
byPath: { $ref: '#/paths/~1users~1{id}/get' }
byTilde: { $ref: '#/paths/~1a~0b' }
schemas:
  Foo Bar: { type: integer }
  ✓: { type: boolean }
  '50%': { type: number }
spaced: { $ref: '#/schemas/Foo%20Bar' }
unicode: { $ref: '#/schemas/%E2%9C%93' }
percent: { $ref: '#/schemas/50%25' }
raw: { $ref: '#/schemas/Foo Bar' }
`);
  });

  it('reports missing targets as json-ref-resolver does, and keeps the `$ref`', async () => {
    const { actual } = await expectSame(`
a: { $ref: '#/nowhere' }
b: { $ref: '#/nowhere' }
c: { $ref: '#/d/0/x' }
d: [1]
e: { $ref: '#/a' }
f: { $ref: '#/d/5' }
`);
    // Dependants in dependency-graph's order: `e` (through `a`) first.
    expect(errors(actual)).toEqual([
      { code: 'POINTER_MISSING', message: "'#/nowhere' does not exist", path: ['e'] },
      { code: 'POINTER_MISSING', message: "'#/nowhere' does not exist", path: ['a'] },
      { code: 'POINTER_MISSING', message: "'#/nowhere' does not exist", path: ['b'] },
      { code: 'POINTER_MISSING', message: "'#/d/0/x' does not exist", path: ['c'] },
      { code: 'POINTER_MISSING', message: "'#/d/5' does not exist", path: ['f'] },
    ]);
  });

  it('replaces `$ref`s with siblings, skips `$ref`s that are not strings, and resolves those inside examples', async () => {
    await expectSame(`
target: { type: string }
withSiblings: { $ref: '#/target', description: dropped }
number: { $ref: 5, type: string }
object: { $ref: { $ref: '#/target' } }
nullRef: { $ref: null }
example:
  value: { $ref: '#/target', note: looks like a ref }
  examples: [{ $ref: '#/target' }]
`);
  });

  it('keeps key order and the objects it does not change (integer-like keys, shared targets)', async () => {
    const { actual, data } = await expectSame(`
responses:
  default: { description: other }
  '404': { $ref: '#/components/responses/NotFound' }
  '200': { description: ok, content: { a: { schema: { $ref: '#/components/schemas/S' } } } }
untouched: { deep: { deeper: [1, 2, 3] } }
components:
  responses: { NotFound: { description: missing } }
  schemas: { S: { type: object } }
`);
    const result = actual.result as { untouched: unknown; components: unknown };
    const source = data as { untouched: unknown; components: unknown };
    expect(result.untouched).toBe(source.untouched);
    expect(result.components).toBe(source.components);
  });

  it('resolves YAML anchors and aliases (shared objects) as json-ref-resolver does', async () => {
    await expectSame(`
base: &base { type: object, properties: { id: { $ref: '#/id' } } }
one: *base
two: *base
id: { type: integer }
`);
  });

  it('hands external and odd `$ref`s to json-ref-resolver, which refuses or reads them as before', async () => {
    const cases: [text: string, inline: boolean][] = [
      [`a: { $ref: 'other.yaml#/x' }\nb: { $ref: '#/c' }\nc: 1\n`, false],
      [`a: { $ref: 'https://example.com/schema.json' }\n`, false],
      [`a: { $ref: '#' }\n`, false],
      [`a: { $ref: '' }\n`, false],
      [`$ref: '#/a'\na: 1\n`, false],
      // Keys that lodash's \`set\` will not write, and one that the crawler's pointer does not give back.
      [`constructor: { $ref: '#/b' }\nb: 1\n`, false],
      [`a: { $ref: '#/b/constructor' }\nb: {}\n`, false],
      [`a%41: { x: { $ref: '#/b' } }\nb: 1\n`, false],
      // Pointers json-ref-resolver reads as local ones: resolved here.
      [`a: { $ref: '#/' }\n'': 1\n`, true],
      [`a: { $ref: '#/b%zz' }\n`, true],
      [`a: { $ref: 'spec.yaml#/b' }\nb: 1\n`, true],
    ];
    for (const [text, inline] of cases) {
      const r = await both(text);
      expect(resolutionDifferences(r.data, r.actual, r.expected), text).toEqual([]);
      expect(r.inline, text).toBe(inline);
    }
    const external = await both(`a: { $ref: 'other.yaml#/x' }\n`);
    expect(errors(external.actual)).toEqual(errors(external.expected));
    expect(external.actual.errors[0]?.message).toContain('was not read');
  });

  it('reads `$ref`d files when allowed, through the given Resolver', async () => {
    writeFileSync(join(dir, 'other.yaml'), 'x: { type: string }\n');
    const r = await both(`a: { $ref: 'other.yaml#/x' }\nb: { $ref: '#/a' }\n`, { file: read });
    expect(r.inline).toBe(false);
    expect(resolutionDifferences(r.data, r.actual, r.expected)).toEqual([]);
  });

  it('gives the same as json-ref-resolver on random documents full of `$ref`s', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)] as T;
    let inline = 0;
    let replaced = 0;
    for (let round = 0; round < 300; round++) {
      const pointers: string[] = ['#/x'];
      const node = (depth: number, pointer: string): unknown => {
        pointers.push(pointer);
        const roll = random();
        if (depth > 3 || roll < 0.2) return pick([1, 'text', true, null]);
        if (roll < 0.45) return { $ref: pick(pointers.concat(['#/missing', '#/a/0/b', '#/c/1'])) };
        if (roll < 0.6) return [node(depth + 1, `${pointer}/0`), node(depth + 1, `${pointer}/1`)];
        const object: Record<string, unknown> = {};
        for (const key of ['a', 'b', '200', 'c'].slice(0, 1 + Math.floor(random() * 4)))
          object[key] = node(depth + 1, `${pointer}/${key}`);
        return object;
      };
      const doc = { a: node(0, '#/a'), b: node(0, '#/b'), c: node(0, '#/c'), x: { $ref: pick(pointers) } };
      const r = await both(JSON.stringify(doc));
      expect(resolutionDifferences(r.data, r.actual, r.expected), JSON.stringify(doc)).toEqual([]);
      if (r.inline) inline++;
      replaced += Object.keys(r.expected.refMap).length;
    }
    // The documents exercise the inline path (a `$ref` at the root goes to json-ref-resolver), with many `$ref`s.
    expect(inline).toBeGreaterThan(280);
    expect(replaced).toBeGreaterThan(1000);
  });

  it('hands the repository’s multi-file spec to json-ref-resolver', async () => {
    const spec = join(fixtures, '..', '..', '..', '..', 'specs', 'crm', 'crm.openapi.yaml');
    const data = plainYaml.parse(await readFile(spec, 'utf8')).data;
    const parse = async (o: { result: unknown }) => ({
      ...o,
      result: plainYaml.parse(String(o.result)).data,
    });
    const opts = { baseUri: spec, parseResolveResult: parse };
    const expected = await new Resolver({ resolvers: { file: read } }).resolve(data, opts as never);
    const actual = await createInlineResolver(new Resolver({ resolvers: { file: read } })).resolve(
      data,
      opts as never,
    );
    // The files are read concurrently, so graph nodes may be added in another order from one run to the next.
    expect('runner' in actual).toBe(true);
    expect(actual.result).toEqual(expected.result);
    expect(actual.errors).toEqual([]);
  });

  // Last: once a linter needs the freeze, it stays on in this thread.
  it('hands documents to json-ref-resolver while a ruleset needs them frozen', async () => {
    const custom = await loadRuleset(join(fixtures, 'rulesets', 'thread-id.js'), {}, fixtures);
    expect(allowUnfrozenResolution(custom.ruleset, [])).toBe(false);
    const r = await both(`a: { $ref: '#/b' }\nb: { type: string }\n`);
    expect(r.inline).toBe(false);
    expect(Object.isFrozen(r.actual.result)).toBe(true);
    expect(resolutionDifferences(r.data, r.actual, r.expected)).toEqual([]);
  });
});
