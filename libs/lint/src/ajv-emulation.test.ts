import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emulateAjv, RULE_KEYWORDS } from './ajv-emulation.js';
import { checkable } from './example-check.js';
import { SPECTRAL_OPTIONS } from './emulated-compile.js';
import { anything, DIALECTS, schemas } from './test-support/ajv-cases.js';
import { randomData, randomSchema, seeded } from './test-support/random-schemas.js';
import { ANNOTATIONS, OPENAPI_ONLY } from './validation-key.js';

// Spectral's own Ajv instances (its `schema` function's), to compare with.
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
const ajvModule = join(dirname(fromFunctions.resolve('@stoplight/spectral-functions')), 'schema', 'ajv.js');
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
const { createAjvInstances } = fromFunctions(ajvModule) as {
  createAjvInstances(): (schema: object, dialect: string, allErrors: boolean) => Validate;
};
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
    const options = SPECTRAL_OPTIONS;
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
