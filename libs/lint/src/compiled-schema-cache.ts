import { createRequire } from 'node:module';
import { compileWithSharedSubschemas, isPreparedRoot } from './compile-shared-schemas.js';
import { emulatedCompile } from './emulated-compile.js';
import { validationKey } from './validation-key.js';

type Compile = (this: object, schema: unknown, meta?: boolean) => unknown;

/**
 * Spectral's example rules (`oas3-valid-media-example`, `oas3-valid-schema-example`, …) build a fresh copy of the
 * schema for every example, so the `schema` function's cache (keyed by object identity) never hits and Ajv compiles
 * the same schema again for each example: on GitHub's REST API spec that is most of the lint time and memory. This
 * keys compiled validators by the schema's content as well, per Ajv instance. A compiled validator depends only on
 * the schema and the instance's options, so the findings are the same; only the repeated compilations go.
 *
 * It also turns off Ajv's code optimisation (`code.optimize`), which only removes unused names and folds constants in
 * the generated function: the validator accepts and rejects the same data with the same errors, and on GitHub's
 * spec (2,348 distinct schemas, many of them a megabyte resolved) the optimiser took over a third of compile time.
 */
export function installCompiledSchemaCache(): void {
  const fromFunctions = createRequire(
    createRequire(import.meta.url).resolve('@stoplight/spectral-functions'),
  );
  // Every Ajv class Spectral's functions use (default, 2019, 2020, draft-04) extends this core.
  const core = fromFunctions('ajv/dist/core') as { default: { prototype: { compile: Compile } } };
  const prototype = core.default.prototype as { compile: Compile & { interlockCached?: true } };
  if (prototype.compile.interlockCached) return;
  const original = prototype.compile;
  const byInstance = new WeakMap<object, Map<string, unknown>>();
  // A schema Ajv rejects is rejected again for every example under it (Spectral's own cache keeps only successes):
  // the error is kept, by schema object and by content, and thrown again. On GitHub's spec, 116 compilations of
  // megabyte schemas that end in `"nullable" cannot be used without "type"` became 45.
  const rejected = new WeakMap<object, WeakMap<object, unknown>>();
  const REJECTED = Symbol('rejected');
  const compileByContent = function (this: object, schema: object, meta?: boolean) {
    if ('$id' in schema || 'id' in schema) return original.call(this, schema, meta);
    let key: string;
    try {
      key = validationKey(schema, meta);
    } catch {
      return original.call(this, schema, meta); // cyclic: leave it to Ajv
    }
    let validators = byInstance.get(this);
    if (!validators) byInstance.set(this, (validators = new Map()));
    let validate = validators.get(key) as { [REJECTED]?: unknown } | undefined;
    if (validate?.[REJECTED] !== undefined) throw validate[REJECTED];
    if (validate === undefined) {
      try {
        validate = original.call(this, schema, meta) as typeof validate;
      } catch (error) {
        validators.set(key, { [REJECTED]: error });
        throw error;
      }
      validators.set(key, validate);
    }
    return validate;
  };
  const cached = function compile(this: object, schema: unknown, meta?: boolean) {
    const { code } = (this as { opts: { code: { optimize?: number | boolean } } }).opts;
    if (code.optimize) code.optimize = 0;
    if (schema === null || typeof schema !== 'object') return original.call(this, schema, meta);
    const known = rejected.get(this)?.get(schema);
    if (known !== undefined) throw known;
    try {
      // Schemas whose validator (or error) is known without Ajv: before the shared subschemas, which would compile.
      const emulated = emulatedCompile(this, schema);
      if (emulated) return emulated;
      if (isPreparedRoot(schema)) {
        const apart = compileWithSharedSubschemas(
          this as never,
          schema,
          (s) => compileByContent.call(this, s, meta) as never,
        );
        if (apart) return apart;
      }
      return compileByContent.call(this, schema, meta);
    } catch (error) {
      let byObject = rejected.get(this);
      if (!byObject) rejected.set(this, (byObject = new WeakMap()));
      byObject.set(schema, error ?? new Error(String(error)));
      throw error;
    }
  } as Compile & { interlockCached?: true };
  cached.interlockCached = true;
  prototype.compile = cached;
}
