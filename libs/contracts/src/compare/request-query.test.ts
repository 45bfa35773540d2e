import { describe, expect, it } from 'vitest';
import { compare, findings, spec } from './test-support/compare.js';

const api = spec(
  `  /search:
    get:
      parameters:
        - { name: q, in: query, required: true, schema: { type: string } }
        - { name: limit, in: query, schema: { type: integer, maximum: 100 } }
        - { name: ids, in: query, explode: false, schema: { type: array, items: { type: integer } } }
        - { name: sort, in: query, schema: { type: string, enum: [asc, desc] } }
      responses: { '200': { description: ok } }`,
);
const req = (query: unknown) => ({
  request: { method: 'GET', path: '/search', query },
  response: { status: 200 },
});
const at = (code: string, name: string) => `${code} @ [root].interactions[0].request.query.${name}`;

describe('request query', () => {
  it.each([
    ['valid (V2 string)', req('q=cats&limit=10&ids=1,2&sort=asc'), []],
    ['valid (V3 arrays)', req({ q: ['cats'], ids: ['1', '2'] }), []],
    ['a string keeps its commas', req('q=a,b'), []],
    ['a required parameter missing', req('limit=1'), [at('request.query.incompatible', 'q')]],
    ['a number that is not', req('q=x&limit=ten'), [at('request.query.incompatible', 'limit')]],
    ['above the maximum', req('q=x&limit=101'), [at('request.query.incompatible', 'limit')]],
    ['an array item of the wrong type', req('q=x&ids=1,x'), [at('request.query.incompatible', 'ids.1')]],
    ['not in the enum', req('q=x&sort=up'), [at('request.query.incompatible', 'sort')]],
    ['an undefined parameter (a warning)', req('q=x&page=2'), [at('request.query.unknown', 'page')]],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });

  it('points at the parameter’s schema in the spec', async () => {
    const [finding] = (await compare(api, [req('q=x&limit=ten')])).findings;
    expect(finding).toMatchObject({
      message: 'Query parameter is incompatible with the parameter defined in the spec: must be integer',
      pact: { value: 'ten' },
      spec: { pointer: '/paths/~1search/get/parameters/1/schema/type', line: 10, operation: 'GET /search' },
    });
  });
});
