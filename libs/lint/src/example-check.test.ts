import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkable, valid } from './example-check.js';
import { SPECTRAL_OPTIONS } from './emulated-compile.js';
import { anything, DIALECTS, schemas } from './test-support/ajv-cases.js';

// Spectral's own Ajv instances (its `schema` function's), to compare with.
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const ajvModule = join(dirname(fromFunctions.resolve('@stoplight/spectral-functions')), 'schema', 'ajv.js');
const { createAjvInstances } = fromFunctions(ajvModule) as {
  createAjvInstances(): (schema: object, dialect: string, allErrors: boolean) => (data: unknown) => boolean;
};

/** Ajv's verdict on each datum, or the error compiling the schema threw. */
function ajv(schema: object, dialect: string, data: unknown[]): boolean[] | string {
  try {
    const validate = createAjvInstances()(schema, dialect, false);
    return data.map((datum) => validate(datum));
  } catch (error) {
    return (error as Error).message;
  }
}

const rejected: { name: string; schema: object }[] = [
  { name: 'nullable without type', schema: { nullable: true } },
  { name: 'an unknown type', schema: { type: 'strin' } },
  { name: 'an empty required (draft-04)', schema: { required: [] } },
  { name: 'a pattern that is no regular expression', schema: { pattern: '([a-z' } },
  { name: 'a description that is no string', schema: { description: 5 } },
  { name: 'a reference', schema: { $ref: '#/definitions/a', definitions: { a: {} } } },
  { name: 'an id in an example', schema: { properties: { a: { example: { $id: 'urn:x' } } } } },
  { name: 'a content encoding that is no string', schema: { type: 'string', contentEncoding: 64 } },
  { name: 'a string id in an example', schema: { example: { id: 'abc' } } },
  {
    name: 'the same string id twice',
    schema: { properties: { a: { example: { id: 'x' } }, b: { example: { id: 'x' } } } },
  },
  { name: 'a string anchor deep in an extension', schema: { 'x-a': { b: { $anchor: 'not an anchor!' } } } },
  { name: 'a string id in an array of an example', schema: { example: [{ id: 'abc' }] } },
  { name: 'a keyword it does not evaluate', schema: { type: 'string', not: { enum: ['a'] } } },
  { name: 'an enum of objects', schema: { enum: [{ a: 1 }] } },
  { name: 'items as an array', schema: { items: [{ type: 'string' }] } },
];

describe('example-check', () => {
  it.each(schemas.flatMap((c) => DIALECTS.map((dialect) => ({ ...c, dialect }))))(
    'decides as Ajv does: $name ($dialect)',
    ({ schema, dialect }) => {
      expect(checkable(schema)).toBe(true);
      expect(anything.map((datum) => valid(schema as Record<string, unknown>, datum))).toEqual(
        ajv(schema, dialect, anything),
      );
    },
  );

  it.each(rejected)('leaves to Ajv $name', ({ schema }) => {
    expect(checkable(schema)).toBe(false);
  });

  it('leaves to Ajv every schema that Ajv does not compile in a dialect', () => {
    for (const { schema } of rejected)
      for (const dialect of DIALECTS)
        if (typeof ajv(schema, dialect, []) === 'string') expect(checkable(schema)).toBe(false);
  });

  it('ignores only what Spectral’s Ajv instances do not validate', () => {
    const { default: Ajv2020 } = fromFunctions('ajv/dist/2020') as { default: new (o: object) => Rules };
    const { default: AjvDraft04 } = fromFunctions('ajv-draft-04') as { default: new (o: object) => Rules };
    const options = SPECTRAL_OPTIONS;
    for (const Ajv of [Ajv2020, AjvDraft04]) {
      const { RULES } = new Ajv(options);
      for (const keyword of ['example', 'externalDocs', 'xml', 'discriminator', 'x-a', 'title', 'readOnly'])
        expect(RULES.all[keyword]).toBeUndefined();
    }
  });
});

interface Rules {
  RULES: { all: Record<string, unknown> };
}
