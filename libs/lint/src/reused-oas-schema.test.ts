import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLinter } from './lint-document.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

describe('reusedOasSchema (through the example rules)', () => {
  it('gives Spectral’s example findings on OpenAPI 2.0, `x-nullable` read as `nullable` in each message', async () => {
    const linter = await createLinter({
      ruleset: join(fixtures, 'rulesets', 'oas-all.yaml'),
      root: fixtures,
    });
    const { findings } = await linter.lint(join(fixtures, 'specs', 'oas2-nullable-examples.yaml'));
    // As the Spectral CLI reports them (the same schema is validated several times: the copy is made once).
    expect(
      findings
        .filter((f) => /-valid-(schema|media)-example$/.test(f.code))
        .map(({ code, path, message }) => ({ code, path, message })),
    ).toEqual([
      {
        code: 'oas2-valid-schema-example',
        path: ['paths', '/things', 'get', 'parameters', '0', 'x-example'],
        message: '"x-example" property type must be string',
      },
      {
        code: 'oas2-valid-media-example',
        path: ['paths', '/things', 'get', 'responses', '200', 'examples', 'application/json', 'id'],
        message: '"id" property type must be integer',
      },
      {
        code: 'oas2-valid-schema-example',
        path: ['definitions', 'Thing', 'properties', 'id', 'example'],
        message: '"example" property type must be integer',
      },
      {
        code: 'oas2-valid-schema-example',
        path: ['definitions', 'Thing', 'properties', 'size', 'example'],
        message: '"example" property type must be integer,null',
      },
      {
        code: 'oas2-valid-schema-example',
        path: ['definitions', 'Thing', 'properties', 'nested', 'properties', 'deep', 'default'],
        message: '"default" property type must be number,null',
      },
      {
        code: 'oas2-valid-schema-example',
        path: ['definitions', 'Thing', 'example', 'size'],
        message: '"size" property type must be integer,null',
      },
    ]);
  });
});
