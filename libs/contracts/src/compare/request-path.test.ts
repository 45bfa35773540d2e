import { describe, expect, it } from 'vitest';
import { compare, findings, spec } from './test-support/compare.js';

const paths = spec(
  `  /pets/{id}:
    get:
      parameters:
        - { name: id, in: path, required: true, schema: { type: integer } }
      responses: { '200': { description: ok } }
  /pets/mine:
    get:
      responses: { '200': { description: ok } }
  /tags/{tags}:
    get:
      parameters:
        - { name: tags, in: path, required: true, schema: { type: array, items: { type: integer } } }
      responses: { '200': { description: ok } }`,
  'servers:\n  - url: https://api.example.com/v1\n',
);
const get = (path: string, method = 'GET') => ({ request: { method, path }, response: { status: 200 } });

describe('request path and method', () => {
  it.each([
    ['a path with a valid parameter', get('/pets/42'), []],
    ['the server base path in front', get('/v1/pets/42'), []],
    ['a static segment over a parameter', get('/pets/mine'), []],
    ['an array parameter', get('/tags/1,2,3'), []],
    [
      'an unknown path',
      get('/owners/1'),
      ['request.path-or-method.unknown @ [root].interactions[0].request.path'],
    ],
    [
      'an unknown method',
      get('/pets/42', 'DELETE'),
      ['request.path-or-method.unknown @ [root].interactions[0].request.path'],
    ],
    [
      'a parameter of the wrong type',
      get('/pets/abc'),
      ['request.path-or-method.unknown @ [root].interactions[0].request.path'],
    ],
    [
      'an array item of the wrong type',
      get('/tags/1,x'),
      ['request.path-or-method.unknown @ [root].interactions[0].request.path'],
    ],
    [
      'a query string inside the path',
      get('/pets/42?x=1'),
      ['request.path-or-method.unknown @ [root].interactions[0].request.path'],
    ],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(paths, [interaction])).toEqual(expected);
  });

  it('locates an unknown path at the spec’s paths, and stops there', async () => {
    const { findings: found, compatible } = await compare(paths, [
      { request: { method: 'GET', path: '/nope', headers: { 'X-Extra': '1' } }, response: { status: 999 } },
    ]);
    expect(compatible).toBe(false);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      level: 'error',
      message: 'Path or method not defined in the spec: GET /nope',
      interaction: { index: 0, description: 'interaction 0' },
      pact: { pointer: '/interactions/0/request/path', value: '/nope' },
      spec: { pointer: '/paths', file: 'openapi.yaml', line: 5, column: 1 },
    });
  });
});
