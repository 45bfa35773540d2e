import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';

type Compile = (this: object, schema: unknown, meta?: boolean) => unknown;

/**
 * Spectral's example rules (`oas3-valid-media-example`, `oas3-valid-schema-example`, …) build a fresh copy of the
 * schema for every example, so the `schema` function's cache (keyed by object identity) never hits and Ajv compiles
 * the same schema again for each example: on GitHub's REST API spec that is most of the lint time and memory. This
 * keys compiled validators by the schema's content as well, per Ajv instance. A compiled validator depends only on
 * the schema and the instance's options, so the findings are the same; only the repeated compilations go.
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
  const cached = function compile(this: object, schema: unknown, meta?: boolean) {
    if (schema === null || typeof schema !== 'object' || '$id' in schema || 'id' in schema)
      return original.call(this, schema, meta);
    let key: string;
    try {
      // A digest, not the text: resolved schemas run to megabytes, and the keys stay for the whole run.
      key = createHash('sha1')
        .update(`${meta === true ? 'm' : ''}${JSON.stringify(schema)}`)
        .digest('base64');
    } catch {
      return original.call(this, schema, meta); // cyclic: leave it to Ajv
    }
    let validators = byInstance.get(this);
    if (!validators) byInstance.set(this, (validators = new Map()));
    let validate = validators.get(key);
    if (validate === undefined) {
      validate = original.call(this, schema, meta);
      validators.set(key, validate);
    }
    return validate;
  } as Compile & { interlockCached?: true };
  cached.interlockCached = true;
  prototype.compile = cached;
}
