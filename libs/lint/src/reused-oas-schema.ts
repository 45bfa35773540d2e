import { createRequire } from 'node:module';
import type { RulesetFunctionContext } from '@stoplight/spectral-core';
import { checkable, valid } from './example-check.js';

// Spectral's modules as spectral-rulesets' `oasSchema` loads them: the same `schema` function (with its Ajv
// instances per document), the same formats and helpers.
export const fromRulesets = createRequire(
  createRequire(import.meta.url).resolve('@stoplight/spectral-rulesets'),
);
export type Fn = (value: unknown, options: unknown, context: RulesetFunctionContext) => unknown;
const { schema } = fromRulesets('@stoplight/spectral-functions') as { schema: Fn };
const { oas2, oas3_0, oas3_1, oas3_2, extractDraftVersion } = fromRulesets(
  '@stoplight/spectral-formats',
) as Record<'oas2' | 'oas3_0' | 'oas3_1' | 'oas3_2', unknown> & {
  extractDraftVersion(dialect: string): string | undefined;
};
const { isPlainObject, pointerToPath } = fromRulesets('@stoplight/json') as {
  isPlainObject(value: unknown): value is Json;
  pointerToPath(pointer: string): string[];
};
const traverse = fromRulesets('json-schema-traverse') as (
  schema: unknown,
  cb: (schema: Json) => void,
) => void;

type Json = Record<string, unknown>;
interface SchemaOptions {
  schema: Json;
  prepareResults: ((errors: AjvError[]) => void) | undefined;
  dialect: string;
}
interface AjvError {
  keyword: string;
  schemaPath: string;
  message?: string;
}

/** The options `oasSchema` gives `schema`, by schema and by what they depend on (format, dialect). */
const optionsBySchema = new WeakMap<object, Map<string, SchemaOptions>>();

/**
 * What spectral-rulesets' `oasSchema` function returns for `{ schema: target }`, with the options it gives the
 * `schema` function made once per schema instead of once per call. `oasSchema` spreads a fresh options object on
 * every call, so both functions' option validators (cached by object identity) ran Ajv for each of GitHub's tens
 * of thousands of examples; and for OpenAPI 2.0 it deep-copies the schema each time, so the compiled validator
 * (cached by identity) was looked up by the copy's content, a digest of up to megabytes. The copy is made once
 * here; its content, and with it the validator and the findings, are the same.
 */
export function reusedOasSchema(
  target: unknown,
  schemaObject: Json,
  context: RulesetFunctionContext,
): unknown {
  const formats = context.document.formats as Set<unknown> | null | undefined;
  let kind: string;
  let dialect = 'draft4';
  if (!formats) {
    kind = 'auto';
    dialect = 'auto';
  } else if (formats.has(oas3_2) || formats.has(oas3_1)) {
    const data = context.document.data;
    dialect =
      isPlainObject(data) && typeof data.jsonSchemaDialect === 'string'
        ? (extractDraftVersion(data.jsonSchemaDialect) ?? 'draft2020-12')
        : 'draft2020-12';
    kind = `3.1:${dialect}`;
  } else if (formats.has(oas3_0)) kind = '3.0';
  else if (formats.has(oas2)) kind = '2.0';
  else kind = 'other';
  let byKind = optionsBySchema.get(schemaObject);
  if (!byKind) optionsBySchema.set(schemaObject, (byKind = new Map()));
  let options = byKind.get(kind);
  if (!options) {
    let used = schemaObject;
    if (kind === '2.0') {
      used = JSON.parse(JSON.stringify(schemaObject)) as Json;
      traverse(used, visitOas2);
    }
    const prepareResults = kind === '3.0' || kind === '2.0' ? rewriteNullable.bind(null, used) : undefined;
    byKind.set(kind, (options = { schema: used, prepareResults, dialect }));
  }
  // What `schema` would find for a valid example of a schema Ajv compiles without error: nothing. The checker
  // decides for common schemas without compiling them; Ajv decides all others. A failure's errors come from Ajv, or
  // for those common schemas from its emulation (emulated-compile.ts).
  if (
    target !== undefined &&
    (options.dialect === 'draft4' || options.dialect === 'draft2020-12') &&
    checkable(options.schema) &&
    valid(options.schema, target)
  )
    return [];
  return schema(target, options, context);
}

// As in spectral-rulesets' oasSchema.js (not exported there).
function rewriteNullable(schemaObject: Json, errors: AjvError[]): void {
  for (const error of errors) {
    if (error.keyword !== 'type') continue;
    const value = schemaProperty(schemaObject, error.schemaPath);
    if (isPlainObject(value) && value.nullable === true) error.message += ',null';
  }
}

function visitOas2(schemaObject: Json): void {
  if (schemaObject['x-nullable'] === true) {
    schemaObject.nullable = true;
    delete schemaObject['x-nullable'];
  }
}

function schemaProperty(schemaObject: Json, schemaPath: string): unknown {
  let value: unknown = schemaObject;
  for (const fragment of pointerToPath(schemaPath).slice(0, -1)) {
    if (!isPlainObject(value)) return undefined;
    value = value[fragment];
  }
  return value;
}
