// Validates one pact value against one spec schema and reports each schema error as a finding.
import { splitPointer } from '@interlock/openapi';
import type { FindingCode } from './codes.js';
import type { InteractionContext } from './context.js';
import { prepareSchema, type Direction } from './schema.js';
import { describeError } from './validator.js';

export interface SchemaCheck {
  code: FindingCode;
  /** Pointer of the schema in the bundled document. */
  schemaPointer: string;
  schema: unknown;
  value: unknown;
  direction: Direction;
  /** Parameters and headers arrive as strings and are coerced; bodies are not. */
  coerce: boolean;
  /** The pact path of the value: `['request', 'query', 'limit']`. */
  pactPath: (string | number)[];
}

/** Reports the schema's errors for `value`; returns how many. */
export function checkAgainstSchema(ctx: InteractionContext, check: SchemaCheck): number {
  const errors = ctx.validator.validate(
    `${check.direction}:${check.schemaPointer}`,
    () =>
      prepareSchema(check.schema, {
        document: ctx.document,
        direction: check.direction,
        openapi31: ctx.openapi31,
      }),
    check.value,
    check.coerce,
  );
  for (const error of errors) {
    const below = splitPointer(error.instancePath);
    ctx.report({
      code: check.code,
      detail: describeError(error),
      pactPath: [...check.pactPath, ...below],
      value: valueAt(check.value, below),
      specPointer: specPointerOf(check.schemaPointer, error.schemaPath),
    });
  }
  return errors.length;
}

/** ajv's schema path in document terms: inside a copied `$ref` target it is that target's own pointer. */
export function specPointerOf(schemaPointer: string, schemaPath: string): string {
  const path = schemaPath.startsWith('#') ? schemaPath.slice(1) : schemaPath;
  if (path.startsWith('/components/') || path.startsWith('/definitions/')) return path;
  return `${schemaPointer}${path}`;
}

function valueAt(value: unknown, steps: string[]): unknown {
  let node = value;
  for (const step of steps) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[step];
  }
  return node;
}
