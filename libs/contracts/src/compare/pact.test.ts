import { describe, expect, it } from 'vitest';
import { parsePact, parsePactText, PactError } from './pact.js';

const http = (extra: Record<string, unknown> = {}) => ({
  description: 'd',
  request: { method: 'GET', path: '/x' },
  response: { status: 200 },
  ...extra,
});

describe('parsePact', () => {
  it('reads a V2 pact: query as a string, headers as strings, bodies as values', () => {
    const pact = parsePact({
      consumer: { name: 'shop' },
      provider: { name: 'crm' },
      metadata: { pactSpecification: { version: '2.0.0' } },
      interactions: [
        {
          description: 'get',
          providerState: 'exists',
          request: { method: 'GET', path: '/x', query: 'a=1&b=2', headers: { Accept: 'application/json' } },
          response: { status: 200, body: { id: 1 } },
        },
      ],
    });
    expect(pact).toMatchObject({ consumer: 'shop', provider: 'crm', specification: '2.0.0', skipped: [] });
    expect(pact.interactions[0]).toEqual({
      index: 0,
      description: 'get',
      providerState: 'exists',
      request: { method: 'GET', path: '/x', query: 'a=1&b=2', headers: { Accept: 'application/json' } },
      response: { status: 200, body: { id: 1 } },
    });
  });

  it('reads V3 and V4 shapes: arrays joined, provider states named, V4 bodies decoded', () => {
    const pact = parsePact({
      metadata: { pactSpecification: { version: '4.0' } },
      interactions: [
        {
          type: 'Synchronous/HTTP',
          description: 'v4',
          providerStates: [{ name: 'a' }, { name: 'b' }],
          request: {
            method: 'POST',
            path: '/x',
            query: { id: ['1', '2'] },
            headers: { 'Content-Type': ['application/json'] },
            body: { content: '{"a":1}', contentType: 'application/json', encoded: 'JSON' },
          },
          response: {
            status: 201,
            body: { content: 'aGVsbG8=', contentType: 'text/plain', encoded: 'base64' },
          },
        },
        { type: 'Asynchronous/Messages', description: 'a message' },
        {
          type: 'Synchronous/HTTP',
          request: { method: 'GET', path: '/y' },
          response: { status: 204, body: { content: { ok: true }, encoded: false } },
        },
      ],
    });
    expect(pact.interactions.map((i) => i.index)).toEqual([0, 2]);
    expect(pact.skipped).toEqual([1]);
    expect(pact.interactions[0]).toMatchObject({
      providerState: 'a, b',
      request: { query: { id: '1,2' }, headers: { 'Content-Type': 'application/json' }, body: { a: 1 } },
      response: { body: 'hello' },
    });
    expect(pact.interactions[1]?.response.body).toEqual({ ok: true });
  });

  it('tolerates null headers, query and bodies, and a pact without interactions', () => {
    const pact = parsePact({
      interactions: [
        http({ request: { method: 'GET', path: '/x', headers: null, query: null, body: null } }),
      ],
    });
    expect(pact.interactions[0]?.request).toEqual({ method: 'GET', path: '/x', body: null });
    expect(parsePact({ consumer: { name: 'c' } }).interactions).toEqual([]);
  });

  it.each([
    ['not an object', [], ''],
    ['interactions not an array', { interactions: {} }, '/interactions'],
    ['interaction not an object', { interactions: [1] }, '/interactions/0'],
    ['no request', { interactions: [{ response: { status: 200 } }] }, '/interactions/0/request'],
    ['no method', { interactions: [http({ request: { path: '/x' } })] }, '/interactions/0/request/method'],
    [
      'path not a string',
      { interactions: [http({ request: { method: 'GET', path: 1 } })] },
      '/interactions/0/request/path',
    ],
    [
      'status not an integer',
      { interactions: [http({ response: { status: '200' } })] },
      '/interactions/0/response/status',
    ],
    [
      'header not a string',
      { interactions: [http({ request: { method: 'GET', path: '/x', headers: { a: 1 } } })] },
      '/interactions/0/request/headers/a',
    ],
  ])('refuses a pact whose %s, naming the node', (_name, value, pointer) => {
    expect(() => parsePact(value)).toThrowError(PactError);
    try {
      parsePact(value);
    } catch (error) {
      expect((error as PactError).pointer).toBe(pointer);
    }
  });
});

describe('parsePactText', () => {
  it('gives the line and column of a JSON syntax error', () => {
    const text = '{\n  "interactions": [\n    { "description": nope }\n  ]\n}';
    try {
      parsePactText(text, { filename: 'p.json' });
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(PactError);
      expect((error as PactError).format()).toMatch(/^p\.json:3:22: The pact is not valid JSON/);
    }
  });

  it('gives the line and column of a node of the wrong shape', () => {
    const text =
      '{\n  "interactions": [\n    {\n      "request": { "method": "GET", "path": "/x" },\n      "response": { "status": "ok" }\n    }\n  ]\n}';
    try {
      parsePactText(text, { filename: 'p.json' });
      expect.fail('should throw');
    } catch (error) {
      expect((error as PactError).format()).toMatch(
        /^p\.json:5:31: Interaction 0: `response.status` must be an integer/,
      );
    }
  });
});
