import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { plainYaml } from './plain-yaml.js';

const fromLint = createRequire(import.meta.url);
const { Yaml } = fromLint('@stoplight/spectral-parsers') as { Yaml: typeof plainYaml };

/** Whether an object is one of @stoplight/ordered-object-literal's Proxies (its order key shows among own keys). */
const ordered = (value: object) => Reflect.ownKeys(value).some((key) => typeof key === 'symbol');

/** Every object in a value, depth first. */
function objects(value: unknown, found: object[] = []): object[] {
  if (value !== null && typeof value === 'object') {
    found.push(value);
    for (const key of Object.keys(value)) objects((value as Record<string, unknown>)[key], found);
  }
  return found;
}

const cases: { name: string; input: string; plain: boolean }[] = [
  {
    name: 'a JSON spec with response codes in ascending order',
    input: JSON.stringify({
      openapi: '3.0.3',
      info: { title: 't', version: '1' },
      paths: { '/a': { get: { responses: { '200': { description: 'ok' }, '404': { description: 'no' } } } } },
    }),
    plain: true,
  },
  {
    name: 'a YAML spec with quoted codes, sequences and scalars of each type',
    input: [
      'openapi: 3.1.0',
      'info: {title: t, version: "1"}',
      'paths:',
      '  /a:',
      '    get:',
      '      tags: [a, b]',
      '      parameters:',
      '        - {name: n, in: query, schema: {type: integer, minimum: -1.5e3, default: 12345678901234567890}}',
      '        -',
      '      responses:',
      "        '200': {description: ok, x-flag: true, x-none: null, x-empty:}",
      "        'default': {description: other}",
    ].join('\n'),
    plain: true,
  },
  {
    name: 'integer-like keys out of JavaScript’s order (kept in written order)',
    input: '{"responses": {"default": {}, "404": {}, "200": {}}, "x": {"b": 1, "10": 2, "9": 3}}',
    plain: false,
  },
  {
    name: 'unquoted (number) keys, with a diagnostic each',
    input: 'responses:\n  404: {}\n  200: x\n  true: y\n',
    plain: false,
  },
  { name: 'a merge key', input: 'base: &b {a: 1, "2": 2}\nuse:\n  <<: *b\n  c: 3\n', plain: false },
  { name: 'an anchor reference', input: 'a: &x {b: 1}\nc: *x\n', plain: false },
  { name: 'a duplicate key', input: '{"a": 1, "b": 2, "a": 3}', plain: false },
  { name: 'a __proto__ key', input: '{"a": {"__proto__": {"polluted": true}, "b": 1}}', plain: false },
  { name: 'a syntax error', input: '{"a": [1, 2}', plain: false },
  { name: 'a complex key', input: '? [a, b]\n: c\nd: e\n', plain: false },
  { name: 'empty input', input: '', plain: false },
  { name: 'a scalar document', input: '"just a string"', plain: true },
];

describe('plainYaml', () => {
  it.each(cases)('parses $name as Spectral’s Yaml parser does', ({ input }) => {
    const ours = plainYaml.parse(input);
    const theirs = Yaml.parse(input);
    // JSON.stringify lists keys as the objects (or their Proxies) do: same data, same key order.
    expect(JSON.stringify(ours.data)).toEqual(JSON.stringify(theirs.data));
    expect(ours.data).toEqual(theirs.data);
    expect(ours.diagnostics).toEqual(theirs.diagnostics);
    expect(ours.lineMap).toEqual(theirs.lineMap);
    expect(ours.metadata).toEqual(theirs.metadata);
    for (const path of [['paths', '/a', 'get', 'responses', '200'], ['responses', '200'], ['x', '9'], ['a']])
      expect(plainYaml.getLocationForJsonPath(ours, path, true)).toEqual(
        Yaml.getLocationForJsonPath(theirs, path, true),
      );
    for (const object of objects(ours.data))
      expect(Object.keys(plainYaml.trapAccess(object as Record<string, unknown>))).toEqual(
        Object.keys(object),
      );
  });

  it.each(cases.filter((c) => c.plain))('builds plain objects for $name', ({ input }) => {
    expect(objects(plainYaml.parse(input).data).filter(ordered)).toEqual([]);
  });

  it('builds an ordered object only where JavaScript would reorder the keys', () => {
    const data = plainYaml.parse(cases[2]?.input ?? '').data as Record<string, object>;
    expect(ordered(data)).toBe(false);
    expect(ordered(data.responses as object)).toBe(true);
    expect(Object.keys(data.responses as object)).toEqual(['default', '404', '200']);
    expect(Object.keys(data.x as object)).toEqual(['b', '10', '9']);
  });

  it('gives the diagnostics of keys that are not strings and keeps those keys as strings', () => {
    const { data, diagnostics } = plainYaml.parse(cases[3]?.input ?? '');
    expect(Object.keys((data as { responses: object }).responses)).toEqual(['404', '200', 'true']);
    expect(diagnostics.map((d) => [d.code, d.message, d.path])).toEqual([
      [
        'YAMLIncompatibleValue',
        'mapping key must be a string scalar rather than number',
        ['responses', '404'],
      ],
      [
        'YAMLIncompatibleValue',
        'mapping key must be a string scalar rather than number',
        ['responses', '200'],
      ],
      [
        'YAMLIncompatibleValue',
        'mapping key must be a string scalar rather than boolean',
        ['responses', 'true'],
      ],
    ]);
  });
});
