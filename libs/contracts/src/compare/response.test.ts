import { describe, expect, it } from 'vitest';
import { findings, spec } from './test-support/compare.js';

const api = spec(
  `  /pets/{id}:
    get:
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200':
          description: ok
          headers:
            X-Rate-Limit: { schema: { type: integer } }
          content:
            application/json: { schema: { $ref: '#/components/schemas/Pet' } }
        4XX:
          description: client error
          content:
            application/problem+json: { schema: { type: object, properties: { title: { type: string } } } }
        default:
          description: anything else
  /image:
    get:
      responses:
        '200': { description: png, content: { image/png: { schema: { type: string, format: binary } } } }
  /nobody:
    get:
      responses:
        '200': { description: no body }`,
  `components:
  schemas:
    Pet:
      type: object
      required: [id, name, kind]
      properties:
        id: { type: string }
        name: { type: string }
        kind: { type: string, enum: [cat, dog] }
        nickname: { type: string, nullable: true }
        secret: { type: string, writeOnly: true }
        owner:
          allOf:
            - { $ref: '#/components/schemas/Person' }
            - { type: object, properties: { since: { type: string, format: date } } }
    Person:
      type: object
      properties:
        name: { type: string }`,
);
const get = (path: string, status: number, body?: unknown, headers?: Record<string, string>) => ({
  request: { method: 'GET', path },
  response: { status, ...(body !== undefined ? { body } : {}), ...(headers ? { headers } : {}) },
});
const at = (code: string, where: string) => `${code} @ [root].interactions[0].response.${where}`;

describe('response status', () => {
  it.each([
    ['a listed status', get('/pets/1', 200), []],
    ['a status class', get('/pets/1', 404), []],
    ['only the default response (a warning)', get('/pets/1', 500), [at('response.status.default', 'status')]],
    ['an unknown status', get('/nobody', 302), [at('response.status.unknown', 'status')]],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });
});

describe('response headers', () => {
  it.each([
    ['a defined header', get('/pets/1', 200, undefined, { 'x-rate-limit': '10' }), []],
    [
      'a header of the wrong type',
      get('/pets/1', 200, undefined, { 'X-Rate-Limit': 'many' }),
      [at('response.header.incompatible', 'headers.X-Rate-Limit')],
    ],
    [
      'an undefined header',
      get('/pets/1', 200, undefined, { 'X-Other': '1' }),
      [at('response.header.unknown', 'headers.x-other')],
    ],
    [
      'an undefined standard header (a warning)',
      get('/pets/1', 200, undefined, { ETag: '"1"' }),
      [at('response.header.undefined', 'headers.etag')],
    ],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });
});

describe('response body', () => {
  it.each([
    ['a subset of the properties (required ones may be left out)', get('/pets/1', 200, { name: 'Rex' }), []],
    ['null where nullable', get('/pets/1', 200, { nickname: null }), []],
    [
      'properties composed with allOf',
      get('/pets/1', 200, { owner: { name: 'Ada', since: '2020-01-01' } }),
      [],
    ],
    [
      'a property the spec does not define',
      get('/pets/1', 200, { name: 'Rex', colour: 'red' }),
      [at('response.body.incompatible', 'body')],
    ],
    [
      'an extra property inside allOf',
      get('/pets/1', 200, { owner: { age: 3 } }),
      [at('response.body.incompatible', 'body.owner')],
    ],
    [
      'a value of the wrong type',
      get('/pets/1', 200, { name: 7 }),
      [at('response.body.incompatible', 'body.name')],
    ],
    [
      'a value outside the enum',
      get('/pets/1', 200, { kind: 'fish' }),
      [at('response.body.incompatible', 'body.kind')],
    ],
    [
      'null where not nullable',
      get('/pets/1', 200, { name: null }),
      [at('response.body.incompatible', 'body.name')],
    ],
    ['the problem body of a 4XX', get('/pets/1', 404, { title: 'Not found' }), []],
    ['a body where the spec has none', get('/nobody', 200, { a: 1 }), [at('response.body.unknown', 'body')]],
    [
      'a body that cannot be validated (a warning)',
      get('/image', 200, 'binary'),
      [at('response.body.unvalidatable', 'body')],
    ],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });
});
