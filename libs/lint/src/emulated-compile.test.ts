import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { emulatedCompile, SPECTRAL_OPTIONS } from './emulated-compile.js';
import { UNTYPED_NULLABLE } from './untyped-nullable.js';

// Instances made as Spectral's schema/ajv.js makes them, and some that differ from them.
const fromFunctions = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-functions'));
type Validate = ((data: unknown) => boolean) & { errors?: unknown };
interface Ajv {
  compile(schema: object): Validate;
  addKeyword(definition: object): unknown;
}
type AjvClass = new (options: object) => Ajv;
const { default: Ajv2020 } = fromFunctions('ajv/dist/2020') as { default: AjvClass };
const { default: AjvDraft04 } = fromFunctions('ajv-draft-04') as { default: AjvClass };
const { default: AjvDraft07 } = fromFunctions('ajv') as { default: AjvClass };
const { default: addFormats } = fromFunctions('ajv-formats') as { default: (ajv: Ajv) => void };
function instance(Ajv: AjvClass, options: object = {}, formats = true): Ajv {
  const ajv = new Ajv({ ...SPECTRAL_OPTIONS, ...options });
  if (formats) addFormats(ajv);
  return ajv;
}

const schema = {
  type: 'object',
  required: ['id'],
  properties: {
    id: { type: 'integer', minimum: 1 },
    tags: { type: 'array', items: { type: 'string', nullable: true, format: 'email' } },
    kind: { anyOf: [{ enum: ['a'] }, { type: 'integer' }] },
  },
  additionalProperties: false,
};
const data = [
  { id: 1 },
  { id: 0 },
  {},
  { id: 2, tags: ['a@b.co', null, 'x'] },
  { id: 3, kind: 'b' },
  { id: 4, x: 1 },
];

describe('emulatedCompile', () => {
  it.each([
    ['draft-04', AjvDraft04],
    ['2020-12', Ajv2020],
  ] as const)('emulates the validator Ajv compiles on Spectral’s %s instances', (_name, Ajv) => {
    const ajv = instance(Ajv);
    const emulated = emulatedCompile(ajv, schema) as Validate;
    expect(emulated).toBeTypeOf('function');
    const compiled = ajv.compile(schema);
    for (const datum of data) {
      expect(emulated(datum)).toBe(compiled(datum));
      expect(emulated.errors).toEqual(compiled.errors);
    }
    expect(emulatedCompile(ajv, schema)).toBe(emulated);
  });

  it('throws Ajv’s error for nullable without type, without compiling', () => {
    const untyped = { type: 'object', properties: { a: { nullable: true } } };
    for (const Ajv of [AjvDraft04, Ajv2020]) {
      expect(() => emulatedCompile(instance(Ajv), untyped)).toThrow(new Error(UNTYPED_NULLABLE));
      expect(() => instance(Ajv).compile(untyped)).toThrow(new Error(UNTYPED_NULLABLE));
    }
  });

  it('leaves to Ajv what it cannot emulate', () => {
    expect(emulatedCompile(instance(AjvDraft04), { type: 'string', not: { enum: ['a'] } })).toBeUndefined();
    expect(emulatedCompile(instance(AjvDraft04), { nullable: true, multipleOf: 2 })).toBeUndefined();
  });

  it('leaves to Ajv the instances that are not Spectral’s without allErrors', () => {
    const custom = instance(Ajv2020);
    // A keyword with a definition validates (one without is an annotation, which the emulation ignores as Ajv does).
    custom.addKeyword({ keyword: 'x-checked', validate: () => false });
    const others = [
      instance(AjvDraft04, { allErrors: true }),
      instance(Ajv2020, { verbose: true }),
      instance(Ajv2020, { unicodeRegExp: true }),
      instance(Ajv2020, { strict: true }),
      instance(AjvDraft04, { coerceTypes: true }),
      instance(AjvDraft04, {}, false),
      instance(AjvDraft07),
      custom,
    ];
    for (const ajv of others) {
      expect(emulatedCompile(ajv, schema)).toBeUndefined();
      expect(emulatedCompile(ajv, { nullable: true })).toBeUndefined();
    }
  });
});
