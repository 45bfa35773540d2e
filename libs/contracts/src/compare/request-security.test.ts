import { describe, expect, it } from 'vitest';
import { findings, spec } from './test-support/compare.js';

const secured = spec(
  `  /basic:
    get:
      security: [{ basic: [] }]
      responses: { '200': { description: ok }, '401': { description: no } }
  /bearer:
    get:
      security: [{ bearer: [] }]
      responses: { '200': { description: ok } }
  /key:
    get:
      security: [{ headerKey: [] }, { queryKey: [] }]
      responses: { '200': { description: ok } }
  /both:
    get:
      security: [{ headerKey: [], bearer: [] }]
      responses: { '200': { description: ok } }
  /oauth:
    get:
      security: [{ oauth: [read] }]
      responses: { '200': { description: ok } }
  /public:
    get:
      security: [{}, { bearer: [] }]
      responses: { '200': { description: ok } }`,
  `components:
  securitySchemes:
    basic: { type: http, scheme: basic }
    bearer: { type: http, scheme: bearer }
    headerKey: { type: apiKey, in: header, name: X-Api-Key }
    queryKey: { type: apiKey, in: query, name: key }
    oauth: { type: oauth2, flows: { clientCredentials: { tokenUrl: 'https://x/token', scopes: { read: r } } } }`,
);
const req = (path: string, headers?: Record<string, string>, query?: string, status = 200) => ({
  request: { method: 'GET', path, ...(headers ? { headers } : {}), ...(query ? { query } : {}) },
  response: { status },
});
const MISSING_HEADER = 'request.authorization.missing @ [root].interactions[0].request.headers';

describe('request security', () => {
  it.each([
    ['basic credentials', req('/basic', { Authorization: 'Basic dTpw' }), []],
    ['no credentials', req('/basic'), [MISSING_HEADER]],
    ['the wrong scheme', req('/basic', { Authorization: 'Bearer t' }), [MISSING_HEADER]],
    ['no credentials, refused (4xx is not checked)', req('/basic', undefined, undefined, 401), []],
    ['a bearer token', req('/bearer', { authorization: 'bearer t' }), []],
    ['an API key header', req('/key', { 'x-api-key': 'k' }), []],
    ['an API key in the query (another alternative)', req('/key', undefined, 'key=k'), []],
    [
      'neither alternative',
      req('/key'),
      [MISSING_HEADER, 'request.authorization.missing @ [root].interactions[0].request.query'],
    ],
    ['only one of two schemes required together', req('/both', { 'X-Api-Key': 'k' }), [MISSING_HEADER]],
    ['OAuth 2 (not visible in a pact)', req('/oauth'), []],
    ['anonymous access allowed', req('/public'), []],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(secured, [interaction])).toEqual(expected);
  });
});
