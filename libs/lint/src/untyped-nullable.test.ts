import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkable } from './example-check.js';
import { randomSchema, seeded } from './test-support/random-schemas.js';
import { rejectsUntypedNullable, UNTYPED_NULLABLE } from './untyped-nullable.js';

// Spectral's own Ajv instances (its `schema` function's), to compare with.
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const ajvModule = join(dirname(fromFunctions.resolve('@stoplight/spectral-functions')), 'schema', 'ajv.js');
const { createAjvInstances } = fromFunctions(ajvModule) as {
  createAjvInstances(): (schema: object, dialect: string, allErrors: boolean) => unknown;
};
const assign = createAjvInstances();
const DIALECTS = [
  { dialect: 'draft4', unevaluated: false },
  { dialect: 'draft2020-12', unevaluated: true },
];

/** What compiling throws on Spectral's instance of a dialect, or undefined. A fresh copy: Ajv keeps what it compiles. */
function thrown(schema: object, dialect: string): string | undefined {
  try {
    assign(structuredClone(schema), dialect, false);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

type Json = Record<string, unknown>;
const rejected: { name: string; schema: Json; draft4?: false }[] = [
  { name: 'at the root', schema: { nullable: true, description: 'd' } },
  { name: 'false, at the root', schema: { nullable: false } },
  { name: 'in a property', schema: { type: 'object', properties: { a: { nullable: true, example: 1 } } } },
  { name: 'in items', schema: { items: { nullable: true, maxLength: 2 } } },
  { name: 'in additional properties', schema: { additionalProperties: { nullable: true } } },
  { name: 'in allOf', schema: { allOf: [{ type: 'string' }, { nullable: true }] } },
  { name: 'in oneOf beside an always valid branch', schema: { oneOf: [{ title: 't' }, { nullable: true }] } },
  { name: 'in anyOf', schema: { anyOf: [{ type: 'string' }, { nullable: true, enum: ['a', null] }] } },
  {
    name: 'in anyOf beside an always valid branch (2020-12 only)',
    schema: { anyOf: [{ description: 'd' }, { nullable: true }] },
    draft4: false,
  },
  {
    name: 'deep, where other subschemas have types',
    schema: {
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'string', nullable: true, format: 'date' },
        b: { type: 'array', items: { allOf: [{ properties: { c: { nullable: true } } }] } },
      },
    },
  },
];
const left: { name: string; schema: Json }[] = [
  { name: 'typed', schema: { type: 'string', nullable: true } },
  {
    name: 'in an annotation',
    schema: { type: 'object', example: { nullable: true }, 'x-a': { nullable: true } },
  },
  { name: 'an invalid pattern beside it', schema: { nullable: true, pattern: '([a' } },
  {
    name: 'a reference beside it',
    schema: { nullable: true, $ref: '#/definitions/a', definitions: { a: {} } },
  },
  { name: 'a keyword it does not know beside it', schema: { nullable: true, multipleOf: 8 } },
  { name: 'nullable that is not a boolean', schema: { nullable: 'yes' } },
];

describe('untyped-nullable', () => {
  it.each(rejected.flatMap((c) => DIALECTS.map((d) => ({ ...c, ...d }))))(
    'predicts Ajv’s error: $name ($dialect)',
    ({ schema, dialect, unevaluated, draft4 }) => {
      const expected = draft4 === false && !unevaluated ? undefined : UNTYPED_NULLABLE;
      expect(rejectsUntypedNullable(schema, unevaluated)).toBe(expected !== undefined);
      expect(thrown(schema, dialect)).toBe(expected);
    },
  );

  it.each(left)('leaves to Ajv $name', ({ schema }) => {
    for (const { unevaluated } of DIALECTS) expect(rejectsUntypedNullable(schema, unevaluated)).toBe(false);
  });

  it('predicts Ajv’s error exactly for random schemas, in both dialects', () => {
    const random = seeded(7);
    let predicted = 0;
    let compiled = 0;
    for (let n = 0; n < 1500; n++) {
      const schema = randomSchema(random, 3, true);
      if (!checkable(schema, true)) continue;
      for (const { dialect, unevaluated } of DIALECTS) {
        const rejects = rejectsUntypedNullable(schema, unevaluated);
        expect([schema, dialect, thrown(schema, dialect)]).toEqual([
          schema,
          dialect,
          rejects ? UNTYPED_NULLABLE : undefined,
        ]);
        if (rejects) predicted++;
        else compiled++;
      }
    }
    expect(predicted).toBeGreaterThan(100);
    expect(compiled).toBeGreaterThan(100);
  });
});
