import { describe, expect, it } from 'vitest';
import { findings, spec } from './test-support/compare.js';

const api = spec(
  `  /animals:
    post:
      requestBody:
        content:
          application/json: { schema: { type: object } }
          application/vnd.acme+json: { schema: { type: object } }
      responses:
        '201':
          description: ok
          content:
            application/json: { schema: { type: object } }
            text/csv: { schema: { type: string } }
  /empty:
    post:
      responses: { '204': { description: ok } }`,
);
const post = (
  path: string,
  headers: Record<string, string>,
  body?: unknown,
  status = 201,
  resHeaders = {},
) => ({
  request: { method: 'POST', path, headers, ...(body !== undefined ? { body } : {}) },
  response: { status, headers: resHeaders },
});
const at = (code: string, where: string) => `${code} @ [root].interactions[0].${where}`;

describe('content negotiation', () => {
  it.each([
    [
      'matching types',
      post('/animals', { 'Content-Type': 'application/json', Accept: 'application/json' }, {}),
      [],
    ],
    [
      'parameters and q-values',
      post(
        '/animals',
        { 'Content-Type': 'application/json; charset=utf-8', Accept: 'text/html;q=0.9, text/csv' },
        {},
      ),
      [],
    ],
    ['a structured suffix', post('/animals', { 'Content-Type': 'application/vnd.acme+json' }, {}), []],
    ['wildcards', post('/animals', { 'Content-Type': 'application/json', Accept: 'text/*' }, {}), []],
    [
      'a Content-Type the spec does not accept',
      post('/animals', { 'Content-Type': 'application/xml' }, '<a/>'),
      [at('request.content-type.incompatible', 'request.headers.content-type')],
    ],
    [
      'a body without Content-Type',
      post('/animals', {}, {}),
      [at('request.content-type.missing', 'request.headers.content-type')],
    ],
    [
      'an Accept the spec cannot serve',
      post('/animals', { 'Content-Type': 'application/json', Accept: 'application/xml' }, {}),
      [at('request.accept.incompatible', 'request.headers.accept')],
    ],
    [
      'a Content-Type where the spec takes no body',
      post('/empty', { 'Content-Type': 'application/json', Accept: 'application/json' }, undefined, 204),
      [
        at('request.accept.unknown', 'request.headers.accept'),
        at('request.content-type.unknown', 'request.headers.content-type'),
      ],
    ],
    [
      'a response Content-Type the spec does not produce',
      post('/animals', { 'Content-Type': 'application/json' }, {}, 201, {
        'Content-Type': 'application/xml',
      }),
      [at('response.content-type.incompatible', 'response.headers.content-type')],
    ],
    [
      'a response Content-Type where the spec has no body',
      post('/empty', {}, undefined, 204, { 'Content-Type': 'application/json' }),
      [at('response.content-type.unknown', 'response.headers.content-type')],
    ],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });
});
