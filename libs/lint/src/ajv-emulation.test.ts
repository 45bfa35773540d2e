import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulateAjv, RULE_KEYWORDS } from './ajv-emulation.js';
import { checkable } from './example-check.js';
import { randomData, randomSchema, seeded } from './test-support/random-schemas.js';
import { ANNOTATIONS, OPENAPI_ONLY } from './validation-key.js';

// Spectral's own Ajv instances (its `schema` function's), to compare with.
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const ajvModule = join(dirname(fromFunctions.resolve('@stoplight/spectral-functions')), 'schema', 'ajv.js');
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const { createAjvInstances } = fromFunctions(ajvModule) as {
  createAjvInstances(): (schema: object, dialect: string, allErrors: boolean) => Validate;
};
const DIALECTS = ['draft4', 'draft2020-12'];
const assign = createAjvInstances();

type Json = Record<string, unknown>;

/** What Spectral's Ajv instance of a dialect gives for each datum: validity and errors (JSON, as findings see them). */
function ajv(schema: Json, dialect: string, data: unknown[]) {
  const validate = assign(schema, dialect, false);
  return data.map((datum) => {
    const valid = validate(datum);
    return { valid, errors: JSON.parse(JSON.stringify(validate.errors ?? null)) as unknown };
  });
}
const emulated = (schema: Json, data: unknown[]) =>
  data.map((datum) => {
    const { valid, errors } = emulateAjv(schema, datum);
    return { valid, errors: JSON.parse(JSON.stringify(errors)) as unknown };
  });

const anything: unknown[] = [
  null,
  true,
  0,
  1.5,
  -3,
  42,
  '',
  'ab',
  'abcd',
  '😀😀',
  '2024-01-02',
  'not a date',
  'me@example.com',
  [],
  [1, 'a'],
  ['a', 'b', 'c'],
  [null, 2],
  {},
  { id: 1, name: 'n' },
  { id: 'x', name: 'n', extra: true },
  { id: 3, name: null, 'a/b~c': 1 },
  { name: null },
  { constructor: 1 },
  { nested: { list: [{ id: 1 }, { id: 'two' }], flag: 'yes' } },
];

const schemas: { name: string; schema: Json }[] = [
  { name: 'a type', schema: { type: 'string' } },
  { name: 'a type with its group', schema: { type: 'string', minLength: 3, enum: ['ab', 'abcd', 'x'] } },
  { name: 'integer with number keywords', schema: { type: 'integer', minimum: 0, maximum: 10 } },
  { name: 'object type with a number keyword', schema: { type: 'object', minimum: 2, required: ['id'] } },
  { name: 'union types', schema: { type: ['integer', 'string'], maxLength: 2 } },
  { name: 'nullable', schema: { type: 'object', nullable: true, required: ['id'] } },
  { name: 'nullable with its group', schema: { type: 'string', nullable: true, minLength: 3 } },
  { name: 'nullable enum without null', schema: { type: 'string', nullable: true, enum: ['ab', ''] } },
  { name: 'nullable false', schema: { type: 'array', nullable: false, minItems: 1 } },
  { name: 'an enum of primitives', schema: { enum: [1, 'ab', null, true] } },
  {
    name: 'an object',
    schema: {
      type: 'object',
      required: ['name', 'id'],
      properties: {
        id: { type: 'integer', minimum: 0, maximum: 10 },
        name: { type: ['string', 'null'], minLength: 1, maxLength: 3, pattern: '^n' },
        'a/b~c': { type: 'string' },
        'with space': { type: 'string' },
      },
      additionalProperties: false,
    },
  },
  {
    name: 'additional properties by schema',
    schema: { properties: { id: {} }, additionalProperties: { type: ['string', 'boolean'] } },
  },
  {
    name: 'additional properties with many properties',
    schema: {
      properties: Object.fromEntries('abcdefghij'.split('').map((k) => [k, { type: 'string' }])),
      additionalProperties: { type: 'integer' },
    },
  },
  { name: 'a property named constructor', schema: { properties: { constructor: { type: 'string' } } } },
  {
    name: 'an array',
    schema: { type: 'array', items: { type: 'string', maxLength: 1 }, minItems: 1, maxItems: 2 },
  },
  { name: 'string lengths in code points', schema: { minLength: 2, maxLength: 2 } },
  { name: 'formats', schema: { anyOf: [{ format: 'date' }, { format: 'email' }, { format: 'uri' }] } },
  { name: 'a number format', schema: { type: 'number', format: 'int32' } },
  { name: 'an unknown format', schema: { type: 'string', format: 'not-a-format' } },
  {
    name: 'oneOf with overlap',
    schema: { oneOf: [{ type: 'number' }, { type: 'integer' }, { minimum: 0 }] },
  },
  {
    name: 'oneOf with an always valid branch',
    schema: { oneOf: [{ type: 'string' }, { description: 'x' }] },
  },
  { name: 'anyOf with an always valid branch', schema: { anyOf: [{ type: 'string' }, {}] } },
  { name: 'allOf', schema: { allOf: [{ type: 'object' }, { required: ['id'] }, { title: 't' }] } },
  {
    name: 'combinators below combinators',
    schema: {
      type: 'object',
      anyOf: [
        {
          required: ['id'],
          properties: { id: { oneOf: [{ type: 'string' }, { type: 'integer', enum: [1] }] } },
        },
        {
          properties: {
            nested: { allOf: [{ required: ['flag'] }, { properties: { flag: { type: 'boolean' } } }] },
          },
        },
        { type: 'object', enum: [null], properties: { name: { type: 'string' } } },
      ],
    },
  },
  {
    name: 'a type error and enum in a branch',
    schema: {
      anyOf: [
        { type: 'string', enum: ['a'] },
        { type: 'integer', enum: [2], minimum: 5 },
      ],
    },
  },
  {
    name: 'patterns with quotes',
    schema: { type: 'string', pattern: '^"a\\\\b\'$' },
  },
  {
    name: 'limits printed as Ajv prints them',
    schema: {
      oneOf: [{ minimum: 1e21 }, { maximum: 1e-7 }, { maximum: 0.30000000000000004 }, { minimum: -0 }],
    },
  },
  {
    name: 'annotations and extensions',
    schema: { type: 'string', description: 'd', title: 't', example: 'e', 'x-a': { b: 1 }, readOnly: true },
  },
  { name: 'only a comment', schema: { $comment: 'c' } },
];

describe('ajv-emulation', () => {
  it.each(schemas.flatMap((c) => DIALECTS.map((dialect) => ({ ...c, dialect }))))(
    'gives what Ajv gives: $name ($dialect)',
    ({ schema, dialect }) => {
      expect(checkable(schema)).toBe(true);
      expect(emulated(schema, anything)).toEqual(ajv(schema, dialect, anything));
    },
  );

  it('gives what Ajv gives for random schemas and data, in both dialects', () => {
    const random = seeded(Number(process.env.SEED ?? 20240601));
    let compared = 0;
    let failing = 0;
    for (let n = 0; n < Number(process.env.FUZZ ?? 600); n++) {
      const schema = randomSchema(random, 3);
      if (!checkable(schema)) continue;
      const data = Array.from({ length: 8 }, () => randomData(random, schema, 3));
      const expected = emulated(schema, data);
      for (const dialect of DIALECTS)
        expect([schema, data, expected]).toEqual([schema, data, ajv(schema, dialect, data)]);
      compared++;
      failing += expected.filter((outcome) => !outcome.valid).length;
    }
    // The generator must give many schemas and failures, or the comparison proves little.
    expect(compared).toBeGreaterThan(400);
    expect(failing).toBeGreaterThan(1000);
  });

  it('knows which of the keywords a checkable schema may have are Ajv’s rules', () => {
    const { default: Ajv2020 } = fromFunctions('ajv/dist/2020') as { default: new (o: object) => Rules };
    const { default: AjvDraft04 } = fromFunctions('ajv-draft-04') as { default: new (o: object) => Rules };
    const options = {
      meta: true,
      messages: true,
      strict: false,
      allowUnionTypes: true,
      unicodeRegExp: false,
    };
    const accepted = [...RULE_KEYWORDS, ...Object.keys(ANNOTATIONS), ...OPENAPI_ONLY, 'discriminator', 'x-a'];
    for (const Ajv of [Ajv2020, AjvDraft04]) {
      const { RULES } = new Ajv(options);
      for (const keyword of accepted)
        expect([keyword, RULES.all[keyword] !== undefined]).toEqual([keyword, RULE_KEYWORDS.has(keyword)]);
    }
  });
});

interface Rules {
  RULES: { all: Record<string, unknown> };
}
