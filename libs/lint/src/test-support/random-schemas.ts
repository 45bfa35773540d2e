// Random schemas and data for differential tests of the example checker and its Ajv emulation against Ajv.
type Json = Record<string, unknown>;

const ODD: unknown[] = [[], [1, 'a'], {}, { id: 1, name: 'n' }, { constructor: 1 }, '😀😀', 1.5, -3];

/** mulberry32: a small seeded generator, so a failing case can be found again. */
export function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const some = <T>(random: () => number, items: readonly T[], most: number): T[] => [
  ...new Set(Array.from({ length: 1 + Math.floor(random() * most) }, () => pick(random, items))),
];

const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'];
const NAMES = ['id', 'name', 'a/b', '~x', 'constructor', 'tags', 'x y', '0', '10', 'é'];
const PRIMITIVES = [null, true, false, 0, 1, 2.5, -1, '', 'a', 'ab', 'id', '2024-01-02'];
const PATTERNS = ['^a', 'b$', '\\d', '^[a-z]+$', '.'];
const FORMATS = [
  'date',
  'email',
  'int32',
  'int64',
  'float',
  'double',
  'uri',
  'date-time',
  'uuid',
  'byte',
  'nope',
];

/**
 * A random schema of the keywords `checkable` accepts (some, by chance, it does not: callers filter), nested
 * `depth` deep. With `untypedNullable`, some subschemas have `nullable` without `type`.
 */
export function randomSchema(random: () => number, depth: number, untypedNullable = false): Json {
  const schema: Json = {};
  const chance = (p: number) => random() < p;
  if (chance(0.6)) {
    const types = some(random, TYPES, chance(0.7) ? 1 : 3);
    schema.type = types.length === 1 && chance(0.8) ? types[0] : types;
    if (chance(0.3)) schema.nullable = chance(0.7);
  } else if (untypedNullable && chance(0.08)) schema.nullable = chance(0.7);
  if (chance(0.15)) schema.enum = some(random, PRIMITIVES, 4);
  if (chance(0.15)) schema[pick(random, ['minimum', 'maximum'])] = pick(random, [-1, 0, 1, 2.5, 10]);
  if (chance(0.15)) schema[pick(random, ['minLength', 'maxLength'])] = pick(random, [0, 1, 2, 3]);
  if (chance(0.1)) schema.pattern = pick(random, PATTERNS);
  if (chance(0.15)) schema.format = pick(random, FORMATS);
  if (chance(0.15)) schema[pick(random, ['minItems', 'maxItems'])] = pick(random, [0, 1, 2]);
  if (chance(0.1)) schema[pick(random, ['minProperties', 'maxProperties'])] = pick(random, [0, 1, 2]);
  if (chance(0.15)) schema.description = 'd';
  if (chance(0.05)) schema.$comment = 'c';
  if (chance(0.05)) schema['x-extra'] = { a: 1 };
  if (depth > 0) {
    if (chance(0.35))
      schema.properties = Object.fromEntries(
        some(random, NAMES, 4).map((name) => [name, randomSchema(random, depth - 1, untypedNullable)]),
      );
    if (chance(0.25)) schema.required = some(random, NAMES, 3);
    if (chance(0.2))
      schema.additionalProperties = chance(0.5)
        ? chance(0.7)
          ? false
          : true
        : randomSchema(random, depth - 1, untypedNullable);
    if (chance(0.25)) schema.items = randomSchema(random, depth - 1, untypedNullable);
    for (const combinator of ['allOf', 'anyOf', 'oneOf'])
      if (chance(0.12))
        schema[combinator] = Array.from({ length: 1 + Math.floor(random() * 3) }, () =>
          randomSchema(random, depth - 1, untypedNullable),
        );
  }
  return schema;
}

/** Data near the schema (its properties, items, enum values) with mistakes, or anything. */
export function randomData(random: () => number, schema: Json, depth: number): unknown {
  const chance = (p: number) => random() < p;
  if (chance(0.15) || depth === 0) return pick(random, [...PRIMITIVES, ...ODD]);
  if (Array.isArray(schema.enum) && chance(0.5)) return pick(random, schema.enum);
  const branches = [schema.allOf, schema.anyOf, schema.oneOf].filter(Array.isArray).flat() as Json[];
  if (branches.length > 0 && chance(0.4)) return randomData(random, pick(random, branches), depth);
  const types = schema.type === undefined ? TYPES : ([] as string[]).concat(schema.type as string);
  switch (pick(random, types)) {
    case 'object': {
      const object: Json = {};
      const properties = (schema.properties ?? {}) as Json;
      for (const name of Object.keys(properties))
        if (chance(0.7)) object[name] = randomData(random, properties[name] as Json, depth - 1);
      if (chance(0.3)) object[pick(random, NAMES)] = randomData(random, {}, depth - 1);
      return object;
    }
    case 'array':
      return Array.from({ length: Math.floor(random() * 3) }, () =>
        randomData(random, (schema.items ?? {}) as Json, depth - 1),
      );
    case 'string':
      return pick(random, [
        '',
        'a',
        'ab',
        'abc',
        'b9',
        '2024-01-02',
        'x@y.z',
        'http://a',
        'zz',
        '2024-13-40',
      ]);
    case 'integer':
      return pick(random, [0, 1, 3, -2, 10, 11]);
    case 'number':
      return pick(random, [0.5, 2.5, -1.5, 1e10, 3, 2147483648]);
    case 'boolean':
      return chance(0.5);
    default:
      return null;
  }
}
