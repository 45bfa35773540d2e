import { dirname, join } from 'node:path';
import { createRulesetFunction, type Ruleset } from '@stoplight/spectral-core';
import { markPreparedRoot } from './compile-shared-schemas.js';
import { createExampleSchemaPreparer, sharedObjects } from './example-schema.js';
import { fromRulesets, reusedOasSchema, type Fn } from './reused-oas-schema.js';

// Spectral's own modules, loaded from the installed spectral-rulesets so formats and helpers are the same instances.
const functionsDir = join(dirname(fromRulesets.resolve('@stoplight/spectral-rulesets')), 'oas', 'functions');
const spectralOasExample = (fromRulesets(join(functionsDir, 'oasExample.js')) as { default: unknown })
  .default;
const traverse = fromRulesets('json-schema-traverse') as ((
  schema: unknown,
  opts: object,
  cb: unknown,
) => void) & {
  keywords: object;
  arrayKeywords: object;
  propsKeywords: object;
};
const { oas2 } = fromRulesets('@stoplight/spectral-formats') as { oas2: unknown };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object';

const MEDIA_ITEMS = {
  2: [{ field: 'examples', multiple: true, keyed: false }],
  3: [
    { field: 'example', multiple: false, keyed: false },
    { field: 'examples', multiple: true, keyed: true },
  ],
} as const;
const REQUEST_PATHS = {
  2: [],
  3: [
    ['components', 'requestBodies'],
    ['paths', '*', '*', 'requestBody'],
  ],
};
const RESPONSE_PATHS = {
  2: [['responses'], ['paths', '*', '*', 'responses']],
  3: [
    ['components', 'responses'],
    ['paths', '*', '*', 'responses'],
  ],
};
const SCHEMA_ITEMS = { 2: ['example', 'x-example', 'default'], 3: ['example', 'default'] };
const KNOWN = [
  ...Object.keys(traverse.keywords),
  ...Object.keys(traverse.arrayKeywords),
  ...Object.keys(traverse.propsKeywords),
];

const isSubpath = (path: (string | number)[], subPaths: readonly (readonly string[])[]) =>
  subPaths.some((sub) => sub.every((segment, i) => segment === '*' || segment === path[i]));

interface Item {
  value: unknown;
  path: (string | number)[];
}

function* mediaItems(
  version: 2 | 3,
  target: Json,
  path: (string | number)[],
): Generator<Item, void, unknown> {
  for (const { field, keyed, multiple } of MEDIA_ITEMS[version]) {
    if (!(field in target)) continue;
    const value = target[field];
    if (!multiple) {
      yield { value, path: [...path, field] };
      return;
    }
    if (!isObject(value)) continue;
    for (const key of Object.keys(value)) {
      const example = value[key];
      if (version === 3 && keyed && (!isObject(example) || 'externalValue' in example)) continue;
      const at = [...path, field, key];
      if (keyed) at.push('value');
      yield { value: keyed && isObject(example) ? example.value : example, path: at };
    }
    return;
  }
}

function* schemaItems(
  version: 2 | 3,
  target: Json,
  path: (string | number)[],
): Generator<Item, void, unknown> {
  for (const field of SCHEMA_ITEMS[version])
    if (field in target) yield { value: target[field], path: [...path, field] };
}

/** Spectral's preparation of a schema for example validation (a copy without ids, required relaxed), done once. */
function prepare(schema: Json, dropBooleanRequired: boolean, readOnly: boolean, writeOnly: boolean): Json {
  let source = schema;
  if (dropBooleanRequired) {
    source = { ...schema };
    delete source.required;
  }
  const copy = JSON.parse(JSON.stringify(source)) as Json;
  traverse(
    copy,
    { allKeys: true },
    (fragment: Json, _p: string, _r: Json, _pp: string, parentKeyword?: string) => {
      if (parentKeyword === undefined || KNOWN.includes(parentKeyword)) return;
      if ('id' in fragment) delete fragment.id;
      if ('$id' in fragment) delete fragment.id; // sic: Spectral deletes `id` here too
    },
  );
  if (readOnly || writeOnly) {
    const notPointers: string[] = [];
    traverse(
      copy,
      {},
      (
        fragment: Json,
        pointer: string,
        _r: Json,
        parentPointer?: string,
        parentKeyword?: string,
        parent?: Json,
        name?: string,
      ) => {
        if (parentKeyword === 'not') return void notPointers.push(pointer);
        if (
          parentPointer !== undefined &&
          notPointers.some((n) => parentPointer === n || parentPointer.startsWith(`${n}/`))
        )
          return;
        if ((fragment.readOnly === true && readOnly) || (fragment.writeOnly === true && writeOnly)) {
          if (
            parentKeyword === 'properties' &&
            parent &&
            (parent.required === undefined || Array.isArray(parent.required))
          ) {
            parent.required = (parent.required as string[] | undefined)?.filter((p) => p !== name);
            if ((parent.required as string[] | undefined)?.length === 0) delete parent.required;
          }
        }
      },
    );
  }
  return copy;
}

/** Prepared schemas by source schema and variant: the same object each time, so Spectral's compiled-validator cache (by identity) hits. */
const prepared = new WeakMap<object, Map<string, Json>>();

type Preparer = ReturnType<typeof createExampleSchemaPreparer>;
/** Per resolved document: its shared objects, and a preparer per variant (which keeps shared subschemas shared). */
const preparers = new WeakMap<object, { shared: WeakSet<object>; byVariant: Map<string, Preparer> }>();

function preparerFor(document: unknown, readOnly: boolean, writeOnly: boolean): Preparer {
  const key = (document !== null && typeof document === 'object' ? document : preparers) as object;
  let entry = preparers.get(key);
  if (!entry) preparers.set(key, (entry = { shared: sharedObjects(document), byVariant: new Map() }));
  const variant = `${readOnly}${writeOnly}`;
  let preparer = entry.byVariant.get(variant);
  if (!preparer)
    entry.byVariant.set(variant, (preparer = createExampleSchemaPreparer(readOnly, writeOnly, entry.shared)));
  return preparer;
}

/**
 * `oasExample` (the function of the `*-valid-*-example` rules) with the same checks, messages and paths, but each
 * schema prepared once instead of once per example.
 */
export const oasExample = createRulesetFunction<
  Json,
  { oasVersion: 2 | 3; schemaField: string; type: 'media' | 'schema' }
>(
  {
    input: { type: 'object' },
    options: {
      type: 'object',
      properties: {
        oasVersion: { enum: [2, 3] },
        schemaField: { type: 'string' },
        type: { enum: ['media', 'schema'] },
      },
      additionalProperties: false,
    },
  },
  function oasExample(target, opts, context) {
    const formats = context.document.formats as Set<unknown> | null | undefined;
    const schema = (opts.schemaField === '$' ? target : target[opts.schemaField]) as Json;
    if (!isObject(schema)) return (spectralOasExample as Fn)(target, opts, context) as never;
    const items =
      opts.type === 'schema'
        ? schemaItems(opts.oasVersion, target, context.path)
        : mediaItems(opts.oasVersion, target, context.path);
    const dropRequired =
      formats?.has(oas2) === true && 'required' in schema && typeof schema.required === 'boolean';
    const readOnly = opts.type === 'media' && isSubpath(context.path, REQUEST_PATHS[opts.oasVersion]);
    const writeOnly = opts.type === 'media' && isSubpath(context.path, RESPONSE_PATHS[opts.oasVersion]);
    const variant = `${dropRequired}${readOnly}${writeOnly}`;
    let variants = prepared.get(schema);
    if (!variants) prepared.set(schema, (variants = new Map()));
    let ready = variants.get(variant);
    if (!ready) {
      const document =
        context.rule?.resolved === false
          ? context.document.data
          : (context.documentInventory as { resolved?: unknown }).resolved;
      ready = preparerFor(document, readOnly, writeOnly)(schema, dropRequired);
      if (ready) markPreparedRoot(ready);
      else ready = prepare(schema, dropRequired, readOnly, writeOnly);
      if (process.env.INTERLOCK_CHECK_PREPARE) {
        const expected = JSON.stringify(prepare(schema, dropRequired, readOnly, writeOnly));
        if (JSON.stringify(ready) !== expected)
          throw new Error(`prepared schema differs at ${context.path.join('.')}`);
      }
      variants.set(variant, ready);
    }
    let results: unknown[] | undefined;
    for (const item of items) {
      const result = reusedOasSchema(item.value, ready, { ...context, path: item.path });
      if (Array.isArray(result)) (results ??= []).push(...result);
    }
    return results as never;
  },
);

/** Puts the faster `oasExample` in place of Spectral's in every rule that uses it (spectral:oas and what extends it). */
export function accelerate(ruleset: Ruleset): void {
  for (const rule of Object.values(ruleset.rules)) {
    for (const then of rule.then as { function: unknown }[])
      if (then.function === spectralOasExample) then.function = oasExample;
  }
}
