import { describe, expect, it } from 'vitest';
import { isSpecError, loadSpecText } from './index.js';

async function loadError(text: string, filename = 'api.yaml') {
  try {
    await loadSpecText(text, { filename });
  } catch (error) {
    if (isSpecError(error)) return error;
    throw error;
  }
  throw new Error('expected a SpecError');
}

describe('info.version', () => {
  const refused: [
    name: string,
    text: string,
    message: string,
    line: number,
    column: number,
    pointer: string,
  ][] = [
    [
      'a spec holding only its OpenAPI version',
      'openapi: 3.1.0\n',
      'The spec has no `info`, so it names no version of the API',
      1,
      1,
      '',
    ],
    [
      'info that is not an object',
      'openapi: 3.1.0\ninfo: hello\n',
      '`info` is a string, not an object',
      2,
      1,
      '/info',
    ],
    [
      'no info.version',
      'openapi: 3.1.0\ninfo:\n  title: Ledger\npaths: {}\n',
      '`info.version` is missing',
      2,
      1,
      '/info',
    ],
    [
      'an empty info.version',
      'openapi: 3.1.0\ninfo:\n  title: Ledger\n  version:\npaths: {}\n',
      '`info.version` is empty',
      4,
      3,
      '/info/version',
    ],
    [
      'a blank info.version',
      '{"openapi": "3.0.3",\n "info": {"title": "Ledger", "version": "  "}, "paths": {}}',
      '`info.version` is empty',
      2,
      30,
      '/info/version',
    ],
    [
      'a boolean info.version',
      'swagger: "2.0"\ninfo:\n  title: Ledger\n  version: true\npaths: {}\n',
      '`info.version` is a boolean, not a string',
      4,
      3,
      '/info/version',
    ],
  ];
  it.each(refused)(
    'refuses %s, saying where and what to do',
    async (_name, text, message, line, column, pointer) => {
      const error = await loadError(text);
      expect(error.code).toBe('invalid');
      expect(error.message).toBe(message);
      expect(error).toMatchObject({ file: 'api.yaml', line, column, pointer });
      expect(error.hint).toMatch(/version: /);
    },
  );

  const numbers: [written: string, version: string][] = [
    ['5', '5'],
    ['1.0', '1.0'],
    ['1.10', '1.10'],
    ['2.5.0', '2.5.0'],
    ['"1.0"', '1.0'],
  ];
  it.each(numbers)(
    'keeps version: %s as written (%s), in YAML block and flow style',
    async (written, version) => {
      const block = await loadSpecText(
        `openapi: 3.0.0\ninfo:\n  title: Ledger\n  version: ${written}\npaths: {}\n`,
      );
      expect(block.api.version).toBe(version);
      const flow = await loadSpecText(
        `openapi: 3.0.0\ninfo: {title: Ledger, version: ${written} }\npaths: {}\n`,
      );
      expect(flow.api.version).toBe(version);
    },
  );

  it('keeps a JSON number as written, and a Swagger 2.0 one', async () => {
    const json = await loadSpecText('{"openapi":"3.0.0","info":{"title":"L","version":1.10},"paths":{}}');
    expect(json.api.version).toBe('1.10');
    const swagger = await loadSpecText('swagger: "2.0"\ninfo:\n  title: L\n  version: 3.0\npaths: {}\n');
    expect(swagger.api.version).toBe('3.0');
  });
});

describe('info.title', () => {
  it("falls back to the API's id when missing or blank, since every API is listed by a name", async () => {
    const missing = await loadSpecText('openapi: 3.1.0\ninfo:\n  version: 1.0.0\npaths: {}\n', {
      filename: 'ledger.yaml',
    });
    expect(missing.api).toMatchObject({ id: 'ledger', title: 'ledger', version: '1.0.0' });
    const blank = await loadSpecText('openapi: 3.1.0\ninfo:\n  title: "  "\n  version: 1.0.0\npaths: {}\n', {
      apiId: 'billing',
    });
    expect(blank.api.title).toBe('billing');
    const given = await loadSpecText('openapi: 3.1.0\ninfo:\n  title: Ledger\n  version: 1.0.0\npaths: {}\n');
    expect(given.api.title).toBe('Ledger');
  });
});
