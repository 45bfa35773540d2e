import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSpec, loadSpecText } from '@interlock/openapi';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffSpecs, type Change, type DiffOptions } from './index.js';

type Obj = Record<string, unknown>;

function spec(paths: Obj, components: Obj = {}, extra: Obj = {}): string {
  return stringify({ openapi: '3.0.3', info: { title: 'T', version: '1' }, paths, components, ...extra });
}

/** One operation `POST /pets/{id}` with the given request schema, response schema and parameters. */
function op(parts: { request?: Obj; response?: Obj; parameters?: Obj[]; extra?: Obj } = {}): Obj {
  return {
    '/pets/{id}': {
      post: {
        operationId: 'updatePet',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string' } },
          ...(parts.parameters ?? []),
        ],
        ...(parts.request
          ? { requestBody: { required: true, content: { 'application/json': { schema: parts.request } } } }
          : {}),
        responses: {
          '200': {
            description: 'ok',
            content: { 'application/json': { schema: parts.response ?? { type: 'object' } } },
          },
        },
        ...parts.extra,
      },
    },
  };
}

async function changes(base: string, revision: string, options: DiffOptions = {}): Promise<Change[]> {
  return diffSpecs(await loadSpecText(base), await loadSpecText(revision), {
    today: new Date('2026-06-01T00:00:00Z'),
    ...options,
  });
}

const ids = (list: Change[]) => list.map((c) => c.id).sort();

describe('endpoints', () => {
  const two = (deprecated: Obj = {}) =>
    spec({
      '/pets': { get: { responses: { '200': { description: 'ok' } }, ...deprecated } },
      '/owners': { get: { responses: { '200': { description: 'ok' } } } },
    });
  const one = spec({ '/owners': { get: { responses: { '200': { description: 'ok' } } } } });

  it('a path removed without deprecation is breaking', async () => {
    const [c] = await changes(two(), one);
    expect(c).toMatchObject({
      id: 'api-path-removed-without-deprecation',
      level: 'error',
      operation: 'GET',
      path: '/pets',
    });
    expect(c?.base?.location).toMatchObject({ file: 'openapi', line: 7 });
    expect(c?.revision).toBeUndefined();
  });

  it('removal after deprecation is fine once the sunset date has passed, breaking before it', async () => {
    expect(ids(await changes(two({ deprecated: true, 'x-sunset': '2026-01-01' }), one))).toEqual([
      'api-path-removed-with-deprecation',
    ]);
    const early = await changes(two({ deprecated: true, 'x-sunset': '2027-01-01' }), one);
    expect(early.map((c) => [c.id, c.level])).toEqual([['api-path-removed-before-sunset', 'error']]);
  });

  it('deprecation needs a sunset far enough away when the policy asks for it', async () => {
    const deprecated = (sunset?: string) =>
      two({ deprecated: true, ...(sunset ? { 'x-sunset': sunset } : {}) });
    const policy = { deprecationDaysStable: 90 };
    expect(ids(await changes(two(), deprecated(), policy))).toEqual(['api-deprecated-sunset-missing']);
    expect(ids(await changes(two(), deprecated('2026-07-01'), policy))).toEqual([
      'api-sunset-date-too-small',
    ]);
    expect(ids(await changes(two(), deprecated('2027-01-01'), policy))).toEqual([
      'endpoint-deprecated-with-sunset',
    ]);
    expect(ids(await changes(two(), deprecated(), {}))).toEqual(['endpoint-deprecated']);
    expect(ids(await changes(two(), deprecated('tomorrow'), {}))).toEqual(['api-deprecated-sunset-parse']);
  });

  it('a new endpoint is information; a renamed path parameter is the same endpoint', async () => {
    expect(ids(await changes(one, two()))).toEqual(['endpoint-added']);
    const renamed = spec(op()).replaceAll('{id}', '{petId}').replace('name: id', 'name: petId');
    const after = (await changes(spec(op()), renamed)).filter((c) => c.level !== 'info');
    expect(after).toEqual([]);
  });
});

describe('parameters', () => {
  const query = (p: Obj) =>
    spec(op({ parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer' }, ...p }] }));

  it('reports required parameters added, parameters removed and requiredness', async () => {
    const none = spec(op());
    expect(ids(await changes(none, query({ required: true })))).toEqual(['new-required-request-parameter']);
    expect(ids(await changes(none, query({})))).toEqual(['new-optional-request-parameter']);
    expect(ids(await changes(query({}), none))).toEqual(['request-parameter-removed']);
    expect(ids(await changes(query({}), query({ required: true })))).toEqual([
      'request-parameter-became-required',
    ]);
  });

  it('reports type, enum, pattern and bound changes of a parameter', async () => {
    const s = (schema: Obj) => query({ schema });
    expect(ids(await changes(s({ type: 'integer' }), s({ type: 'string' })))).toEqual([
      'request-parameter-type-changed',
    ]);
    expect(
      ids(await changes(s({ type: 'string', enum: ['a', 'b'] }), s({ type: 'string', enum: ['a'] }))),
    ).toEqual(['request-parameter-enum-value-removed']);
    expect(ids(await changes(s({ type: 'string' }), s({ type: 'string', pattern: '^a' })))).toEqual([
      'request-parameter-pattern-added',
    ]);
    expect(
      ids(await changes(s({ type: 'integer', maximum: 100 }), s({ type: 'integer', maximum: 50 }))),
    ).toEqual(['request-parameter-max-decreased']);
    expect(
      ids(await changes(s({ type: 'string', maxLength: 5 }), s({ type: 'string', maxLength: 9 }))),
    ).toEqual(['request-parameter-max-length-increased']);
  });

  it('a parameter moved from query to header is removed there and added here', async () => {
    const header = spec(
      op({ parameters: [{ name: 'limit', in: 'header', required: true, schema: { type: 'integer' } }] }),
    );
    expect(ids(await changes(query({ required: true }), header))).toEqual([
      'new-required-request-parameter',
      'request-parameter-removed',
    ]);
  });

  it('x-extensible-enum values removed break requests', async () => {
    const s = (values: string[]) => query({ schema: { type: 'string', 'x-extensible-enum': values } });
    expect(ids(await changes(s(['a', 'b']), s(['a'])))).toEqual([
      'request-parameter-x-extensible-enum-value-removed',
    ]);
  });
});

describe('request and response bodies: the direction decides', () => {
  const pet = (props: Obj, required: string[] = [], extra: Obj = {}) => ({
    type: 'object',
    properties: props,
    required,
    ...extra,
  });

  it('a new required request property breaks; a new response property does not', async () => {
    const before = spec(
      op({ request: pet({ name: { type: 'string' } }), response: pet({ name: { type: 'string' } }) }),
    );
    const after = spec(
      op({
        request: pet({ name: { type: 'string' }, age: { type: 'integer' } }, ['age']),
        response: pet({ name: { type: 'string' }, age: { type: 'integer' } }, ['age']),
      }),
    );
    const found = await changes(before, after);
    expect(found.map((c) => [c.id, c.level])).toEqual([
      ['new-required-request-property', 'error'],
      ['response-required-property-added', 'info'],
    ]);
    expect(found[0]?.message).toContain('"age"');
    expect(found[0]?.revision?.location?.line).toBeGreaterThan(0);
  });

  it('enum values: removing breaks requests, adding warns for responses', async () => {
    const e = (values: string[]) => pet({ kind: { type: 'string', enum: values } });
    const before = spec(op({ request: e(['cat', 'dog']), response: e(['cat', 'dog']) }));
    const after = spec(op({ request: e(['cat']), response: e(['cat', 'dog', 'fox']) }));
    expect((await changes(before, after)).map((c) => [c.id, c.level])).toEqual([
      ['request-property-enum-value-removed', 'error'],
      ['response-property-enum-value-added', 'warning'],
    ]);
  });

  it('a required response property removed breaks; a request property removed only warns', async () => {
    const before = spec(
      op({ request: pet({ a: { type: 'string' } }), response: pet({ a: { type: 'string' } }, ['a']) }),
    );
    const after = spec(op({ request: pet({}), response: pet({}) }));
    expect((await changes(before, after)).map((c) => [c.id, c.level])).toEqual([
      ['response-required-property-removed', 'error'],
      ['request-property-removed', 'warning'],
    ]);
  });

  it('nullable, readOnly and additionalProperties', async () => {
    const before = spec(
      op({
        request: pet({ a: { type: 'string', nullable: true }, id: { type: 'string' } }, ['id']),
        response: pet({ a: { type: 'string' } }),
      }),
    );
    const after = spec(
      op({
        request: pet({ a: { type: 'string' }, id: { type: 'string', readOnly: true } }, ['id'], {
          additionalProperties: false,
        }),
        response: pet({ a: { type: 'string', nullable: true } }),
      }),
    );
    expect(ids(await changes(before, after))).toEqual([
      'request-body-additional-properties-narrowed',
      'request-property-became-not-nullable',
      'request-required-property-became-read-only',
      'response-property-became-nullable',
    ]);
  });

  it('oneOf alternatives and discriminators', async () => {
    const components = {
      schemas: {
        Cat: { type: 'object', properties: { kind: { type: 'string' } } },
        Dog: { type: 'object', properties: { kind: { type: 'string' } } },
      },
    };
    const poly = (refs: string[], discriminator?: Obj) => ({
      oneOf: refs.map((r) => ({ $ref: `#/components/schemas/${r}` })),
      ...(discriminator ? { discriminator } : {}),
    });
    const before = spec(op({ response: poly(['Cat']) }), components);
    const after = spec(op({ response: poly(['Cat', 'Dog'], { propertyName: 'kind' }) }), components);
    expect(ids(await changes(before, after))).toEqual([
      'response-body-discriminator-added',
      'response-body-one-of-added',
    ]);
  });

  it('media types and request bodies', async () => {
    const json = spec(op({ request: pet({}) }));
    const none = spec(op());
    expect(ids(await changes(none, json))).toEqual(['request-body-added-required']);
    expect(ids(await changes(json, none))).toEqual(['request-body-removed']);
  });
});

describe('responses, headers and security', () => {
  it('status codes, headers', async () => {
    const responses = (r: Obj) => spec({ '/a': { get: { responses: r } } });
    const header = (required: boolean) => ({
      '200': { description: 'ok', headers: { 'X-Rate': { required, schema: { type: 'integer' } } } },
      '404': { description: 'nope' },
    });
    expect(
      ids(await changes(responses(header(true)), responses({ '404': { description: 'nope' } }))),
    ).toEqual(['response-success-status-removed']);
    expect(
      ids(
        await changes(
          responses(header(true)),
          responses({ '200': { description: 'ok' }, '404': { description: 'nope' } }),
        ),
      ),
    ).toEqual(['required-response-header-removed']);
    expect(ids(await changes(responses(header(true)), responses(header(false))))).toEqual([
      'response-header-became-optional',
    ]);
  });

  it('security requirements and scopes', async () => {
    const secured = (scopes: string[]) =>
      spec(
        { '/a': { get: { security: [{ oauth: scopes }], responses: { '200': { description: 'ok' } } } } },
        {
          securitySchemes: {
            oauth: {
              type: 'oauth2',
              flows: { clientCredentials: { tokenUrl: 'https://t', scopes: { read: 'r', write: 'w' } } },
            },
          },
        },
      );
    expect(ids(await changes(secured(['read']), secured(['read', 'write'])))).toEqual([
      'api-security-scope-added',
    ]);
  });
});

describe('refactors that keep the wire shape report nothing', () => {
  const inline = spec(
    op({
      request: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, age: { type: 'integer' } },
      },
    }),
  );

  it('moving a schema into components, renaming it, splitting it with allOf', async () => {
    const moved = spec(op({ request: { $ref: '#/components/schemas/Pet' } }), {
      schemas: {
        Pet: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string' }, age: { type: 'integer' } },
        },
      },
    });
    const renamed = moved.replaceAll('schemas/Pet', 'schemas/Animal').replace('Pet:', 'Animal:');
    const split = spec(op({ request: { $ref: '#/components/schemas/Pet' } }), {
      schemas: {
        Named: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
        Pet: {
          allOf: [
            { $ref: '#/components/schemas/Named' },
            { type: 'object', properties: { age: { type: 'integer' } } },
          ],
        },
      },
    });
    expect(await changes(inline, moved)).toEqual([]);
    expect(await changes(moved, renamed)).toEqual([]);
    expect(await changes(moved, split)).toEqual([]);
    expect(await changes(split, inline)).toEqual([]);
  });

  it('splitting a spec into files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interlock-diff-'));
    mkdirSync(join(dir, 'one'));
    mkdirSync(join(dir, 'many', 'schemas'), { recursive: true });
    writeFileSync(join(dir, 'one', 'openapi.yaml'), inline);
    writeFileSync(join(dir, 'many', 'openapi.yaml'), spec(op({ request: { $ref: './schemas/pet.yaml' } })));
    writeFileSync(
      join(dir, 'many', 'schemas', 'pet.yaml'),
      stringify({
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string' }, age: { type: 'integer' } },
      }),
    );
    const one = await loadSpec(join(dir, 'one', 'openapi.yaml'));
    const many = await loadSpec(join(dir, 'many', 'openapi.yaml'));
    expect(diffSpecs(one, many)).toEqual([]);
    // A real change inside the split-out file points at that file.
    writeFileSync(
      join(dir, 'many', 'schemas', 'pet.yaml'),
      stringify({
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', maxLength: 10 }, age: { type: 'integer' } },
      }),
    );
    const [change] = diffSpecs(one, await loadSpec(join(dir, 'many', 'openapi.yaml')));
    expect(change).toMatchObject({
      id: 'request-property-max-length-set',
      revision: { location: { file: 'schemas/pet.yaml', line: 5 } },
    });
  });
});

describe('configuration', () => {
  const before = spec(op({ parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }] }));
  const after = spec(op());

  it('levels can be overridden or switched off, and changes accepted by fingerprint', async () => {
    const [change] = await changes(before, after);
    expect(change?.level).toBe('warning');
    expect(
      (await changes(before, after, { levels: { 'request-parameter-removed': 'error' } }))[0]?.level,
    ).toBe('error');
    expect(await changes(before, after, { levels: { 'request-parameter-removed': 'off' } })).toEqual([]);
    expect(await changes(before, after, { accept: [change!.fingerprint] })).toEqual([]);
  });

  it('fingerprints do not move with line numbers', async () => {
    const shifted = before.replace('paths:', 'x-note: moved down\npaths:');
    const [a] = await changes(before, after);
    const [b] = await changes(shifted, after);
    expect(a?.base?.location?.line).not.toBe(b?.base?.location?.line);
    expect(a?.fingerprint).toBe(b?.fingerprint);
  });

  it('two unrelated specs diff without crashing', async () => {
    const other = spec(
      { '/x/{a}/{b}': { delete: { responses: { '204': { description: 'gone' } } } } },
      {},
      { security: [{ k: [] }] },
    );
    const found = await changes(spec(op({ request: { type: 'object' } })), other);
    expect(ids(found)).toEqual([
      'api-global-security-added',
      'api-path-removed-without-deprecation',
      'endpoint-added',
    ]);
  });
});
