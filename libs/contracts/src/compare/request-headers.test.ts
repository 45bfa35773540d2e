import { describe, expect, it } from 'vitest';
import { findings, spec } from './test-support/compare.js';

const api = spec(
  `  /things:
    get:
      security: [{ key: [] }]
      parameters:
        - { name: X-Version, in: header, required: true, schema: { type: integer } }
        - { name: X-Tags, in: header, schema: { type: array, items: { type: string, enum: [a, b] }, maxItems: 2 } }
        - { name: X-Trace, in: header, schema: { type: string, minLength: 4 } }
      responses: { '200': { description: ok }, '400': { description: bad } }`,
  'components:\n  securitySchemes:\n    key: { type: apiKey, in: header, name: X-Key }\n',
);
const req = (headers: Record<string, string>, status = 200) => ({
  request: { method: 'GET', path: '/things', headers: { 'X-Key': 'k', ...headers } },
  response: { status },
});
const at = (code: string, header: string) => `${code} @ [root].interactions[0].request.headers.${header}`;

describe('request headers', () => {
  it.each([
    ['valid headers', req({ 'x-version': '2', 'X-Tags': 'a,b', 'X-Trace': 'abcd' }), []],
    [
      'standard headers need no definition',
      req({ 'X-Version': '2', 'User-Agent': 'x', Connection: 'close' }),
      [],
    ],
    ['a required header missing', req({}), [at('request.header.incompatible', 'X-Version')]],
    [
      'a header of the wrong type',
      req({ 'X-Version': 'two' }),
      [at('request.header.incompatible', 'X-Version')],
    ],
    [
      'an array item not in the enum',
      req({ 'X-Version': '1', 'X-Tags': 'a,c' }),
      [at('request.header.incompatible', 'X-Tags.1')],
    ],
    [
      'too many array items',
      req({ 'X-Version': '1', 'X-Tags': 'a,b,a' }),
      [at('request.header.incompatible', 'X-Tags')],
    ],
    [
      'a string too short',
      req({ 'X-Version': '1', 'X-Trace': 'ab' }),
      [at('request.header.incompatible', 'X-Trace')],
    ],
    [
      'an undefined header (a warning)',
      req({ 'X-Version': '1', 'X-Surprise': '1' }),
      [at('request.header.unknown', 'x-surprise')],
    ],
    ['nothing checked on a refused request', req({ 'X-Surprise': '1' }, 400), []],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });
});
