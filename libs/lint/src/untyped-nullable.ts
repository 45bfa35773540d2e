import { alwaysValid } from './ajv-emulation.js';
import { checkable } from './example-check.js';

type Json = Record<string, unknown>;

/** What Ajv's compile throws for a subschema it compiles that has `nullable` and no `type` (getSchemaTypes). */
export const UNTYPED_NULLABLE = '"nullable" cannot be used without "type"';

/**
 * Whether Ajv's compile of this schema throws `UNTYPED_NULLABLE`: it is `checkable` but for `nullable` without
 * `type`, so it is valid against the meta-schema and nothing else in it makes Ajv's code generation throw, and
 * such a subschema is one Ajv generates code for. That is every subschema with a rule below ones with rules, except
 * under an `anyOf` with an always valid branch, which draft-04 skips whole (`unevaluated`, 2020-12, does not).
 */
export function rejectsUntypedNullable(schema: unknown, unevaluated: boolean): boolean {
  return checkable(schema, true) && reachesUntypedNullable(schema as Json, unevaluated);
}

const reaching = { skipping: new WeakMap<object, boolean>(), all: new WeakMap<object, boolean>() };

function reachesUntypedNullable(schema: Json, unevaluated: boolean): boolean {
  const memo = unevaluated ? reaching.all : reaching.skipping;
  let found = memo.get(schema);
  if (found !== undefined) return found;
  const below = (value: unknown) =>
    value !== null && typeof value === 'object' && reachesUntypedNullable(value as Json, unevaluated);
  found =
    !alwaysValid(schema) &&
    ((schema.nullable !== undefined && schema.type === undefined) ||
      Object.values((schema.properties ?? {}) as Json).some(below) ||
      below(schema.additionalProperties) ||
      below(schema.items) ||
      ((schema.allOf ?? []) as Json[]).some(below) ||
      ((schema.oneOf ?? []) as Json[]).some(below) ||
      (Array.isArray(schema.anyOf) &&
        (unevaluated || !(schema.anyOf as Json[]).some(alwaysValid)) &&
        (schema.anyOf as Json[]).some(below)));
  memo.set(schema, found);
  return found;
}
