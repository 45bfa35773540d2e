import { mkdtempSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isSpecError, loadSpec, loadSpecText } from './index.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function loadError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isSpecError(error)) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('loadSpec: a multi-file spec', () => {
  it('bundles external refs into components and keeps every ref local', async () => {
    const spec = await loadSpec(join(fixtures, 'multi/openapi.yaml'));
    const schemas = (spec.document.components as { schemas: Record<string, unknown> }).schemas;
    expect(Object.keys(schemas).sort()).toEqual(['Rule', 'Segment', 'address', 'customer']);
    const refs = JSON.stringify(spec.document).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(ref).toMatch(/"\$ref":"#\//);
    expect(spec.files.map((f) => f.path).sort()).toEqual([
      'openapi.yaml',
      'parameters.yaml',
      'schemas/address.yaml',
      'schemas/customer.yaml',
      'schemas/segment.yaml',
    ]);
  });

  it('keeps a recursive schema as a cycle of refs', async () => {
    const spec = await loadSpec(join(fixtures, 'multi/openapi.yaml'));
    const rule = (
      spec.document.components as { schemas: Record<string, { properties: Record<string, unknown> }> }
    ).schemas.Rule;
    expect(rule?.properties.anyOf).toEqual({ type: 'array', items: { $ref: '#/components/schemas/Rule' } });
  });

  it('normalises the API with locations in the files where nodes were written', async () => {
    const { api } = await loadSpec(join(fixtures, 'multi/openapi.yaml'));
    expect(api).toMatchObject({
      id: 'multi-file',
      title: 'Multi File',
      version: '1.0.0',
      format: 'openapi-3.1',
      lifecycle: 'beta',
      owner: { name: 'team-crm' },
      servers: [{ url: 'https://api.example.com/crm/v1', basePath: '/crm/v1' }],
    });
    const get = api.operations.find((o) => o.operationId === 'getCustomer');
    expect(get?.key).toBe('GET /customers/{customerId}');
    expect(get?.location).toEqual({
      file: 'openapi.yaml',
      line: 13,
      column: 5,
      pointer: '/paths/~1customers~1{customerId}/get',
    });
    expect(get?.parameters[0]).toMatchObject({
      name: 'customerId',
      in: 'path',
      required: true,
      location: { file: 'parameters.yaml', line: 1, column: 1, pointer: '/CustomerId' },
    });
    const customer = api.schemas.find((s) => s.name === 'customer');
    expect(customer?.properties).toEqual(['id', 'email', 'address']);
    expect(customer?.location).toMatchObject({ file: 'schemas/customer.yaml', line: 1, column: 1 });
  });

  it('leaves lines and columns out when asked, and the same model otherwise', async () => {
    const full = await loadSpec(join(fixtures, 'multi/openapi.yaml'));
    const lean = await loadSpec(join(fixtures, 'multi/openapi.yaml'), { locations: false });
    const get = lean.api.operations.find((o) => o.operationId === 'getCustomer');
    expect(get?.location).toEqual({
      file: '',
      line: 0,
      column: 0,
      pointer: '/paths/~1customers~1{customerId}/get',
    });
    const withoutLocations = (api: object) =>
      JSON.parse(JSON.stringify(api, (key, value) => (key === 'location' ? undefined : value)));
    expect(withoutLocations(lean.api)).toEqual(withoutLocations(full.api));
    expect(lean.locate('/components/schemas/customer/properties/email')).toMatchObject({ line: 6 });
  });

  it('maps bundled pointers back to their source file', async () => {
    const spec = await loadSpec(join(fixtures, 'multi/openapi.yaml'));
    expect(spec.locate('/components/schemas/customer/properties/email')).toEqual({
      file: 'schemas/customer.yaml',
      line: 6,
      column: 3,
      pointer: '/properties/email',
    });
  });
});

describe('loadSpec: Swagger 2.0', () => {
  it('converts to the OpenAPI 3 shape and locates moved nodes in the original', async () => {
    const spec = await loadSpec(join(fixtures, 'swagger2.json'));
    const { api } = spec;
    expect(api.format).toBe('swagger-2.0');
    expect(api.servers).toEqual([{ url: 'https://petstore.example.com/v2', basePath: '/v2' }]);
    expect(api.owner).toEqual({ name: 'Pets Team', email: 'pets@example.com' });
    const add = api.operations.find((o) => o.operationId === 'addPet');
    expect(add?.parameters.map((p) => p.name)).toEqual(['X-Request-Id']);
    expect(add?.requestBody).toMatchObject({
      required: true,
      content: [{ mediaType: 'application/json', schema: { $ref: '#/components/schemas/Pet' } }],
      location: { pointer: '/paths/~1pets/post/parameters/1', line: 24 },
    });
    expect(add?.security).toEqual([[{ scheme: 'key', scopes: [] }]]);
    // What OpenAPI 3 cannot say of responses without a schema stays with the operation.
    expect(add?.extensions['x-produces']).toEqual(['application/json']);
    const get = api.operations.find((o) => o.operationId === 'getPet');
    expect(get?.parameters[0]?.schema).toEqual({ type: 'integer', format: 'int64' });
    expect(api.schemas[0]).toMatchObject({
      name: 'Pet',
      location: { pointer: '/definitions/Pet', line: 31 },
    });
  });
});

describe('Swagger 2.0 collection formats', () => {
  it('become OpenAPI 3 styles where one exists, and an extension for tabs', async () => {
    const text = JSON.stringify({
      swagger: '2.0',
      info: { title: 'Formats', version: '1' },
      paths: {
        '/x': {
          get: {
            parameters: ['ssv', 'pipes', 'tsv', 'multi'].map((f) => ({
              name: f,
              in: 'query',
              type: 'array',
              items: { type: 'number' },
              collectionFormat: f,
            })),
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    const { api } = await loadSpecText(text, { filename: 'formats.json' });
    const params = api.operations[0]?.parameters.map((p) => [p.name, p.style, p.explode]);
    expect(params).toEqual([
      ['ssv', 'spaceDelimited', false],
      ['pipes', 'pipeDelimited', false],
      ['tsv', undefined, false],
      ['multi', undefined, true],
    ]);
  });
});

describe('bad input', () => {
  const cases: [string, string, { code: string; line?: number; column?: number; message?: RegExp }][] = [
    ['invalid YAML', 'bad/invalid.yaml', { code: 'syntax', line: 8, message: /Invalid YAML/ }],
    ['invalid JSON', 'bad/invalid.json', { code: 'syntax', line: 4, column: 13, message: /Invalid JSON/ }],
    ['not OpenAPI', 'bad/not-openapi.yaml', { code: 'not-openapi' }],
    ['YAML alias bomb', 'bad/alias-bomb.yaml', { code: 'alias-limit' }],
    [
      '$ref outside the folder',
      'bad/ref-outside.yaml',
      { code: 'ref-not-allowed', line: 12, message: /leaves the spec's folder/ },
    ],
    ['$ref to a URL', 'bad/ref-url.yaml', { code: 'ref-not-allowed', line: 12, message: /URL/ }],
    ['missing $ref file', 'bad/ref-missing.yaml', { code: 'ref-not-found', line: 12 }],
    ['missing $ref pointer', 'bad/ref-missing-pointer.yaml', { code: 'ref-not-found' }],
  ];
  it.each(cases)('%s', async (_name, file, expected) => {
    const error = await loadError(loadSpec(join(fixtures, file)));
    expect(error.code).toBe(expected.code);
    if (expected.line) expect(error.line).toBe(expected.line);
    if (expected.column) expect(error.column).toBe(expected.column);
    if (expected.message) expect(error.message).toMatch(expected.message);
    expect(error.hint).toBeTruthy();
    expect(error.format()).toContain(file.split('/').pop());
  });

  it('finds a missing local $ref target in one JSON file, however the $ref is written', async () => {
    const spec = (schema: string, extra = '') =>
      `{"openapi": "3.0.3", "info": {"title": "x", "version": "1"${extra}}, "paths": {"/a": {"get": {"responses":` +
      ` {"200": {"description": "ok", "content": {"application/json": {"schema": ${schema}}}}}}}},` +
      ` "components": {"schemas": {"A": {"type": "string"}}}}`;
    expect(
      (await loadSpecText(spec('{"$ref": "#/components/schemas/A"}'), { filename: 'a.json' })).api.title,
    ).toBe('x');
    const described = spec(
      '{"$ref":"#/components/schemas/A"}',
      ', "description": "say \\"$ref\\": \\"#/nowhere\\""',
    );
    expect((await loadSpecText(described, { filename: 'a.json' })).api.title).toBe('x');
    for (const ref of ['{"$ref": "#/components/schemas/B"}', '{"\\u0024ref": "#/components/schemas/B"}']) {
      const error = await loadError(loadSpecText(spec(ref), { filename: 'a.json' }));
      expect(error.code).toBe('ref-not-found');
      expect(error.pointer).toMatch(/^\/paths\/~1a\/get\/responses\/200\/content\/application~1json\/schema/);
      expect(error.line).toBe(1);
    }
  });

  it('refuses 10,000-deep nesting in JSON and YAML without overflowing the stack', async () => {
    const json = `{"openapi":"3.0.0","x":${'['.repeat(10_000)}${']'.repeat(10_000)}}`;
    expect((await loadError(loadSpecText(json))).code).toBe('too-deep');
    const yaml = `openapi: 3.0.0\nx: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    expect((await loadError(loadSpecText(yaml))).code).toBe('too-deep');
    const block = `openapi: 3.0.0\n${Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i)}a${i}:`).join('\n')} 1\n`;
    expect((await loadError(loadSpecText(block))).code).toBe('too-deep');
  });

  it('refuses a document over the size limit before parsing it', async () => {
    const text = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\nx: "${'a'.repeat(2000)}"\n`;
    const error = await loadError(loadSpecText(text, { maxBytes: 1000 }));
    expect(error.code).toBe('too-large');
    expect(error.message).toBe(
      `The document is ${Buffer.byteLength(text).toLocaleString('en-US')} bytes, more than the 1,000-byte limit`,
    );
    const mebibytes = `${text}y: "${'b'.repeat(1.5 * 1024 * 1024)}"\n`;
    expect((await loadError(loadSpecText(mebibytes, { maxBytes: 1024 * 1024 }))).message).toBe(
      'The document is 1.5 MiB, more than the 1 MiB limit',
    );
  });

  it.each([
    ['an operation', '    get:\n      parameters: 5\n', 'a number', 6, 7, '/paths/~1a/get/parameters'],
    ['a path item', '    parameters: {limit: 1}\n    get: {}\n', 'an object', 5, 5, '/paths/~1a/parameters'],
  ])(
    "refuses %s's parameters of the wrong type, where they are written",
    async (_n, item, kind, line, column, pointer) => {
      for (const head of ['openapi: 3.0.0', 'swagger: "2.0"']) {
        const text = `${head}\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n${item}`;
        const error = await loadError(loadSpecText(text, { filename: 'api.yaml' }));
        expect(error.code).toBe('invalid');
        expect(error.message).toBe(`\`parameters\` is ${kind}, not an array`);
        expect(error).toMatchObject({ file: 'api.yaml', line, column, pointer });
        expect(error.hint).toMatch(/parameters: \[/);
      }
    },
  );

  it('reads `parameters:` left empty (null) as no parameters', async () => {
    const text =
      'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /a:\n    parameters:\n    get:\n      parameters:\n';
    const { api } = await loadSpecText(text);
    expect(api.operations).toMatchObject([{ key: 'GET /a', parameters: [] }]);
  });

  it('refuses any file ref in a spec given as text', async () => {
    const text =
      'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /x:\n    $ref: "./paths/x.yaml"\n';
    const error = await loadError(loadSpecText(text));
    expect(error.code).toBe('ref-not-allowed');
    expect(error.line).toBe(5);
  });

  it('refuses a symbolic link that leaves the folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-openapi-'));
    mkdirSync(join(dir, 'spec'));
    writeFileSync(join(dir, 'secret.yaml'), 'type: string\n');
    symlinkSync(join(dir, 'secret.yaml'), join(dir, 'spec', 'link.yaml'));
    writeFileSync(
      join(dir, 'spec', 'openapi.yaml'),
      'openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    S:\n      $ref: "./link.yaml"\n',
    );
    const error = await loadError(loadSpec(join(dir, 'spec', 'openapi.yaml')));
    expect(error.code).toBe('ref-not-allowed');
    expect(error.message).toMatch(/symbolic link/);
  });

  it('follows chains of refs up to the hop limit', async () => {
    const chain = Array.from(
      { length: 10 },
      (_, i) => `    P${i}:\n      $ref: '#/components/parameters/P${i + 1}'`,
    ).join('\n');
    const text = `openapi: 3.0.0\ninfo: {title: x, version: "1"}\npaths:\n  /x:\n    get:\n      parameters:\n        - $ref: '#/components/parameters/P0'\n      responses: {}\ncomponents:\n  parameters:\n${chain}\n    P10:\n      name: q\n      in: query\n`;
    const ok = await loadSpecText(text);
    expect(ok.api.operations[0]?.parameters[0]?.name).toBe('q');
    expect((await loadError(loadSpecText(text, { maxRefHops: 5 }))).code).toBe('ref-limit');
  });
});

describe('loadSpec: the bytes read', () => {
  const spec = (title: string) => `openapi: 3.0.0\ninfo: {title: ${title}, version: "1"}\npaths: {}\n`;
  const write = (bytes: Buffer) => {
    const file = join(mkdtempSync(join(tmpdir(), 'interlock-openapi-')), 'openapi.yaml');
    writeFileSync(file, bytes);
    return file;
  };

  it("keeps a file's bytes when they are exactly its text's UTF-8", async () => {
    for (const title of ['Shop', 'Café – Zürich 東京 😀']) {
      const bytes = Buffer.from(spec(title));
      const [file] = (await loadSpec(write(bytes))).files;
      expect(file?.text).toBe(spec(title));
      expect(Buffer.from(file?.bytes as Uint8Array).equals(bytes)).toBe(true);
    }
  });

  it('drops them where the text differs: a byte order mark, malformed UTF-8', async () => {
    const bom = (
      await loadSpec(write(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(spec('x'))])))
    ).files[0];
    expect(bom?.text).toBe(spec('x'));
    expect(bom?.bytes).toBeUndefined();
    const malformed = Buffer.from(spec('Caf?'));
    malformed[malformed.indexOf('?')] = 0xe9; // Latin-1 é
    const latin1 = (await loadSpec(write(malformed))).files[0];
    expect(latin1?.text).toBe(spec('Caf\ufffd'));
    expect(latin1?.bytes).toBeUndefined();
  });

  describe('non-ASCII JSON', () => {
    const json = (title: string, extra = '') =>
      `{\n  "openapi": "3.0.0", "info": {"title": "${title}", "version": "1"},\n  "paths": {"/caf\u00e9": {"get": {"summary": "東京 😀 – ok"${extra}, "responses": {}}}}\n}\n`;
    const writeJson = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'interlock-openapi-'));
      writeFileSync(join(dir, 'openapi.json'), text);
      return dir;
    };

    it('gives the same values, the exact text and bytes, and columns counted in characters', async () => {
      const text = json('Café – Zürich 東京 😀 \\u00e9 "quoted"'.replace('"quoted"', '\\"quoted\\"'));
      const spec = await loadSpec(join(writeJson(text), 'openapi.json'));
      expect(spec.document.info).toEqual((JSON.parse(text) as { info: unknown }).info);
      expect(spec.api.operations[0]?.summary).toBe('東京 😀 – ok');
      expect(spec.api.operations[0]?.path).toBe('/café');
      expect(spec.files[0]?.text).toBe(text);
      expect(Buffer.from(spec.files[0]?.bytes as Uint8Array).equals(Buffer.from(text))).toBe(true);
      const get = spec.api.operations[0]?.location;
      expect({ line: get?.line, column: get?.column }).toEqual({
        line: 3,
        column: (text.split('\n')[2] as string).indexOf('"get"') + 1,
      });
    });

    it('reports a syntax error at its line and column in characters', async () => {
      const text = json('Café', ', "x": 東');
      const error = await loadError(loadSpec(join(writeJson(text), 'openapi.json')));
      expect(error.code).toBe('syntax');
      expect({ line: error.line, column: error.column }).toEqual({
        line: 3,
        column: (text.split('\n')[2] as string).lastIndexOf('東') + 1,
      });
    });

    it('follows external refs, however the $ref is written', async () => {
      for (const key of ['$ref', '\\u0024ref']) {
        const dir = writeJson(
          json('Café').replace('"responses": {}', `"responses": {"200": {"${key}": "ré.json"}}`),
        );
        writeFileSync(join(dir, 'ré.json'), '{"description": "Réponse"}');
        const spec = await loadSpec(join(dir, 'openapi.json'));
        expect(spec.files.map((f) => f.path)).toEqual(['openapi.json', 'ré.json']);
        expect(spec.api.operations[0]?.responses[0]?.description).toBe('Réponse');
      }
      const dir = writeJson('{}');
      writeFileSync(join(dir, 'r.yaml'), 'description: Reply\n');
      writeFileSync(
        join(dir, 'openapi.yaml'),
        'openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /a:\n    get:\n      responses:\n        "200": {"\\x24ref": r.yaml}\n',
      );
      const yaml = await loadSpec(join(dir, 'openapi.yaml'));
      expect(yaml.api.operations[0]?.responses[0]?.description).toBe('Reply');
    });
  });
});
