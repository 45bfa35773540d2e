import { describe, expect, it } from 'vitest';
import { compare, findings, spec } from './test-support/compare.js';

const api = spec(
  `  /login:
    post:
      requestBody:
        required: true
        content:
          application/json: { schema: { $ref: '#/components/schemas/Login' } }
          application/x-www-form-urlencoded: { schema: { $ref: '#/components/schemas/Login' } }
          multipart/form-data: { schema: { $ref: '#/components/schemas/Login' } }
          application/xml: { schema: { type: object } }
      responses: { '201': { description: ok }, '400': { description: bad } }
  /notes:
    post:
      requestBody:
        content:
          application/json: { schema: { type: object, properties: { text: { type: string } } } }
      responses: { '201': { description: ok } }
  /free:
    post:
      responses: { '201': { description: ok } }`,
  `components:
  schemas:
    Login:
      type: object
      required: [user, password, id]
      properties:
        id: { type: string, readOnly: true }
        user: { type: string, format: email }
        password: { type: string, minLength: 8 }`,
);
const post = (path: string, contentType: string | undefined, body: unknown, status = 201) => ({
  request: {
    method: 'POST',
    path,
    ...(contentType ? { headers: { 'Content-Type': contentType } } : {}),
    ...(body !== undefined ? { body } : {}),
  },
  response: { status },
});
const at = (code: string, below = '') => `${code} @ [root].interactions[0].request.body${below}`;
const login = { user: 'a@b.test', password: 'long-enough' };

describe('request body', () => {
  it.each([
    [
      'a JSON body matching the schema (readOnly id not required)',
      post('/login', 'application/json', login),
      [],
    ],
    [
      'a form body',
      post('/login', 'application/x-www-form-urlencoded', 'user=a@b.test&password=long-enough'),
      [],
    ],
    [
      'a multipart body',
      post(
        '/login',
        'multipart/form-data; boundary=xx',
        '--xx\r\nContent-Disposition: form-data; name="user"\r\n\r\na@b.test\r\n--xx\r\nContent-Disposition: form-data; name="password"\r\n\r\nlong-enough\r\n--xx--',
      ),
      [],
    ],
    [
      'a required property missing',
      post('/login', 'application/json', { user: 'a@b.test' }),
      [at('request.body.incompatible')],
    ],
    [
      'a format violated',
      post('/login', 'application/json', { ...login, user: 'nobody' }),
      [at('request.body.incompatible', '.user')],
    ],
    [
      'a missing required body',
      post('/login', 'application/json', undefined),
      [at('request.body.incompatible')],
    ],
    [
      'a form body missing a field',
      post('/login', 'application/x-www-form-urlencoded', 'user=a@b.test'),
      [at('request.body.incompatible')],
    ],
    ['an optional body left out', post('/notes', 'application/json', undefined), []],
    [
      'an optional body of the wrong type',
      post('/notes', 'application/json', { text: 1 }),
      [at('request.body.incompatible', '.text')],
    ],
    [
      'a body the spec cannot validate (a warning)',
      post('/login', 'application/xml', '<login/>'),
      [at('request.body.unvalidatable')],
    ],
    ['a refused request is not checked', post('/login', 'application/json', { nothing: true }, 400), []],
  ])('%s', async (_name, interaction, expected) => {
    expect(await findings(api, [interaction])).toEqual(expected);
  });

  it('warns about a body where the spec defines none', async () => {
    expect(await findings(api, [post('/free', undefined, { a: 1 })])).toEqual([at('request.body.unknown')]);
  });

  it('points into the referenced schema, where it was written', async () => {
    const [finding] = (
      await compare(api, [post('/login', 'application/json', { ...login, password: 'short' })])
    ).findings;
    expect(finding).toMatchObject({
      code: 'request.body.incompatible',
      message:
        'Request body is incompatible with the request body schema in the spec: must NOT have fewer than 8 characters',
      pact: { location: '[root].interactions[0].request.body.password', value: 'short' },
      spec: { pointer: '/components/schemas/Login/properties/password/minLength', line: 33 },
    });
  });
});
