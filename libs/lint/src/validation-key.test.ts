import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { plainYaml } from './plain-yaml.js';
import { validationKey } from './validation-key.js';

// Ajv as Spectral's `schema` function sets it up (spectral-functions' own copy and options).
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const { default: Ajv } = fromFunctions('ajv') as {
  default: new (options: object) => {
    compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
  };
};
const ajv = () =>
  new Ajv({ meta: true, messages: true, strict: false, allowUnionTypes: true, unicodeRegExp: false });

/** What a schema's validator says about each datum: valid, and its errors. */
function verdicts(schema: object, data: unknown[]): unknown[] {
  try {
    const validate = ajv().compile(schema);
    return data.map((datum) => [validate(datum), validate.errors ?? null]);
  } catch (error) {
    return [(error as Error).message];
  }
}

const person = {
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', nullable: true } },
};
const data = [{ name: 'a', age: 3 }, { name: '' }, { age: 'x' }, 'text', { name: 'b', age: null }];

const different: { name: string; a: object; b: object }[] = [
  {
    name: 'a property named like an annotation',
    a: { type: 'object', properties: { description: { type: 'string' } } },
    b: { type: 'object', properties: { description: { type: 'integer' } } },
  },
  {
    name: 'an annotation of a type the meta-schema rejects',
    a: { type: 'object', description: 'fine' },
    b: { type: 'object', description: 5 },
  },
  {
    name: 'an enum or const (values, not schemas)',
    a: { enum: [{ description: 'a' }] },
    b: { enum: [{ description: 'b' }] },
  },
  {
    name: 'a reference into an extension',
    a: { $ref: '#/x-defs/a', 'x-defs': { a: { type: 'string' } } },
    b: { $ref: '#/x-defs/a', 'x-defs': { a: { type: 'integer' } } },
  },
  {
    name: 'an id inside an example (Ajv registers it)',
    a: {
      type: 'object',
      properties: { a: { example: { $id: 'urn:a' } }, b: { example: { $id: 'urn:a' } } },
    },
    b: { type: 'object', properties: { a: { example: { $id: 'urn:a' } }, b: {} } },
  },
  {
    name: 'a nullable flag (Ajv reads it)',
    a: { type: 'string', nullable: true },
    b: { type: 'string' },
  },
  {
    name: 'the order of properties (Ajv checks them in order; a parsed spec keeps "1" after "b")',
    a: plainYaml.parse(
      '{"type": "object", "properties": {"b": {"type": "string", "description": "x"}, "1": {"type": "string"}}}',
    ).data as object,
    b: { type: 'object', properties: { b: { type: 'string', description: 'x' }, '1': { type: 'string' } } },
  },
];

describe('validationKey', () => {
  it.each([
    {
      name: 'descriptions, titles, examples and extensions, at every level',
      a: person,
      b: {
        ...person,
        title: 'Person',
        description: 'Someone',
        example: { name: 'Ann' },
        examples: [{ name: 'Bob' }],
        'x-internal': true,
        properties: {
          name: { ...person.properties.name, description: 'Their name', default: 'n', readOnly: true },
          age: { ...person.properties.age, deprecated: true, externalDocs: { url: 'https://x' }, xml: {} },
        },
      },
    },
    {
      name: 'annotations under allOf, items and additionalProperties',
      a: { allOf: [person], items: { type: 'string' }, additionalProperties: { type: 'number' } },
      b: {
        allOf: [{ ...person, description: 'x' }],
        items: { type: 'string', title: 't' },
        additionalProperties: { type: 'number', $comment: 'c' },
      },
    },
  ])('is the same for schemas that differ only in annotations: $name', ({ a, b }) => {
    expect(validationKey(b)).toBe(validationKey(a));
    expect(verdicts(b, data)).toEqual(verdicts(a, data));
  });

  it.each(different)('differs where validation may differ: $name', ({ a, b }) => {
    expect(validationKey(b)).not.toBe(validationKey(a));
  });

  it('keeps the order of integer-like property names, which Ajv reports errors in', () => {
    const { a, b } = different.at(-1) as { a: object; b: object };
    expect(verdicts(a, [{ b: 1, '1': 2 }])).not.toEqual(verdicts(b, [{ b: 1, '1': 2 }]));
  });

  it('keeps the meta flag apart', () => {
    expect(validationKey(person, true)).not.toBe(validationKey(person));
  });

  it('throws for a cyclic schema (the caller leaves those to Ajv)', () => {
    const cyclic: Record<string, unknown> = { type: 'object', description: 'loop' };
    cyclic.properties = { self: cyclic };
    expect(() => validationKey(cyclic)).toThrow();
  });
});
