import { describe, expect, it } from 'vitest';
import { prepareSchema } from './schema.js';

const document = {
  components: {
    schemas: {
      Cat: { type: 'object', properties: { kind: { type: 'string' }, meow: { type: 'boolean' } } },
      Dog: { type: 'object', properties: { kind: { type: 'string' }, bark: { type: 'boolean' } } },
      Base: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
    },
  },
};
const prepare = (schema: unknown, direction: 'request' | 'response' = 'request') =>
  prepareSchema(schema, { document, direction, openapi31: false });

describe('prepareSchema', () => {
  it('turns nullable into a null type, and adds null to an enum', () => {
    expect(prepare({ type: 'string', enum: ['a'], nullable: true })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
  });

  it('turns boolean exclusive bounds into numbers', () => {
    expect(
      prepare({ type: 'number', minimum: 1, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false }),
    ).toEqual({
      type: 'number',
      exclusiveMinimum: 1,
      maximum: 9,
    });
  });

  it('merges allOf parts into their parent, following $refs', () => {
    const out = prepare({
      allOf: [{ $ref: '#/components/schemas/Base' }, { properties: { name: { type: 'string' } } }],
    });
    expect(out).toMatchObject({
      type: 'object',
      required: ['id'],
      properties: { id: { type: 'string' }, name: { type: 'string' } },
    });
    expect(out.allOf).toBeUndefined();
  });

  it('states each alternative’s tag from the discriminator mapping (or the schema name) and requires the tag', () => {
    const out = prepare({
      oneOf: [{ $ref: '#/components/schemas/Cat' }, { $ref: '#/components/schemas/Dog' }],
      discriminator: { propertyName: 'kind', mapping: { cat: '#/components/schemas/Cat' } },
    });
    expect(out.required).toEqual(['kind']);
    expect(out.oneOf).toEqual([
      { $ref: '#/components/schemas/Cat', properties: { kind: { enum: ['cat'] } } },
      { $ref: '#/components/schemas/Dog', properties: { kind: { enum: ['Dog'] } } },
    ]);
    expect(out.discriminator).toEqual({ propertyName: 'kind' });
  });

  it('copies referenced schemas into the result, so it is self-contained', () => {
    const out = prepare({ $ref: '#/components/schemas/Cat' });
    expect(out).toMatchObject({ components: { schemas: { Cat: { type: 'object' } } } });
  });

  it('for responses: closes plain objects and drops required (a pact shows a sample)', () => {
    const out = prepare({ $ref: '#/components/schemas/Base' }, 'response');
    expect(out).toMatchObject({
      components: { schemas: { Base: { type: 'object', additionalProperties: false } } },
    });
    expect((out as { components: { schemas: { Base: object } } }).components.schemas.Base).not.toHaveProperty(
      'required',
    );
  });

  it('readOnly properties are not required in requests, writeOnly ones not in responses', () => {
    const schema = {
      type: 'object',
      required: ['id', 'password', 'name'],
      properties: { id: { readOnly: true }, password: { writeOnly: true }, name: {} },
    };
    expect(prepare(schema).required).toEqual(['password', 'name']);
  });
});
