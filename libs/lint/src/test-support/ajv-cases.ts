// Cases shared by the tests that compare the example checker and the Ajv emulation with Spectral's Ajv instances.

type Json = Record<string, unknown>;

export const DIALECTS = ['draft4', 'draft2020-12'];

/** Data of every JSON type and shape the schemas below look at. */
export const anything: unknown[] = [
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
  '2024-01-02T03:04:05Z',
  'https://example.com/x',
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

/** Schemas the example checker takes (`checkable`), one or more of its keywords each. */
export const schemas: { name: string; schema: Json }[] = [
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
  { name: 'property counts', schema: { type: 'object', minProperties: 1, maxProperties: 2 } },
  {
    name: 'property counts beside required, additional properties and nullable',
    schema: {
      type: 'object',
      nullable: true,
      maxProperties: 1,
      required: ['id'],
      additionalProperties: false,
    },
  },
  {
    name: 'property counts on any type',
    schema: { minProperties: 3, properties: { id: { type: 'integer' } } },
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
  {
    name: 'content annotations',
    schema: { type: 'string', contentEncoding: 'base64', contentMediaType: 'image/png', maxLength: 3 },
  },
  {
    name: 'examples and extensions with ids that are not strings',
    schema: {
      type: 'object',
      example: { id: 42, $id: null, nested: { id: 1.5, $anchor: 7, $dynamicAnchor: false } },
      'x-sample': { id: { id: 1 } },
      properties: { id: { type: 'integer', example: { id: 1, list: [{ id: 2 }] } } },
    },
  },
];
