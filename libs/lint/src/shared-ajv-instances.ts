import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { preparedNodes } from './example-schema.js';

type Assign = (schema: Record<string, unknown>, dialect: string, allErrors: boolean) => unknown;
type CreateAjvInstances = (() => Assign) & { interlockShared?: true };

/** Documents that share one set of Ajv instances before a fresh set starts (so a long-lived worker stays bounded). */
const DOCUMENTS_PER_INSTANCES = 64;

/**
 * Spectral's `schema` function makes a new set of Ajv instances for every document: each lints with fresh
 * instances (ajv-formats added, meta-schemas compiled, about 25 ms) and compiles its schemas again, although specs
 * of one API share most of them. This lets documents share one set, except for schemas that carry ids (`$id`,
 * draft-04 `id`): Ajv registers those per instance, so they still get the document's own set, as in Spectral.
 * A schema without ids compiles to the same validator in any instance with the same options.
 */
export function installSharedAjvInstances(): void {
  const fromFunctions = createRequire(
    createRequire(import.meta.url).resolve('@stoplight/spectral-functions'),
  );
  const file = join(dirname(fromFunctions.resolve('@stoplight/spectral-functions')), 'schema', 'ajv.js');
  const module = fromFunctions(file) as { createAjvInstances: CreateAjvInstances };
  if (module.createAjvInstances.interlockShared) return;
  const original = module.createAjvInstances;
  let shared: Assign | undefined;
  let documents = 0;
  const createAjvInstances: CreateAjvInstances = () => {
    if (documents++ % DOCUMENTS_PER_INSTANCES === 0) shared = original();
    const common = shared as Assign;
    let own: Assign | undefined;
    return (schema, dialect, allErrors) =>
      hasIds(schema) ? (own ??= original())(schema, dialect, allErrors) : common(schema, dialect, allErrors);
  };
  createAjvInstances.interlockShared = true;
  module.createAjvInstances = createAjvInstances;
}

const withIds = new WeakMap<object, boolean>();

/** Whether any object Ajv looks for ids in (its json-schema-traverse walk, all keys) has an `$id` or `id`. */
function hasIds(schema: unknown): boolean {
  if (schema === null || typeof schema !== 'object') return false;
  const known = withIds.get(schema);
  if (known !== undefined) return known;
  // Prepared example schemas know they have none (example-schema.ts checks every object it prepares).
  const facts = preparedNodes.get(schema);
  let found = facts?.pure === true ? false : undefined;
  if (found === undefined) {
    found = false;
    const seen = new Set<object>();
    const stack: unknown[] = [schema];
    while (stack.length > 0 && !found) {
      const current = stack.pop();
      if (current === null || typeof current !== 'object' || seen.has(current)) continue;
      seen.add(current);
      if (Array.isArray(current)) {
        stack.push(...current);
        continue;
      }
      const object = current as Record<string, unknown>;
      if (object.$id !== undefined || object.id !== undefined) found = true;
      for (const key in object) {
        const value = object[key];
        if (value === null || typeof value !== 'object') continue;
        // The children of `properties`-like maps are schemas; the map itself is not one (a property may be `id`).
        if (
          key === 'properties' ||
          key === 'patternProperties' ||
          key === 'definitions' ||
          key === '$defs' ||
          key === 'dependencies'
        )
          for (const name in value as Record<string, unknown>)
            stack.push((value as Record<string, unknown>)[name]);
        else stack.push(value);
      }
    }
  }
  withIds.set(schema, found);
  return found;
}
