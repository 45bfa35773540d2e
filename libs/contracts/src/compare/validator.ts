// One ajv per dialect and coercion mode, and a cache of compiled schemas: a spec's schemas are compiled once however
// many interactions use them.
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Schema } from './schema.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2019 | Ajv2020) => void;

export type SchemaError = ErrorObject;

export interface Validator {
  /** Validates `value`; parameters are coerced from strings (`?limit=10`), bodies are not. */
  validate(key: string, build: () => Schema, value: unknown, coerce: boolean): SchemaError[];
}

const INT32 = 2 ** 31;

export function createValidator(openapi31: boolean): Validator {
  const make = (coerce: boolean): Ajv2019 | Ajv2020 => {
    const options = {
      allErrors: true,
      discriminator: true,
      strict: false,
      coerceTypes: coerce,
      logger: false,
    } as const;
    const ajv = openapi31 ? new Ajv2020(options) : new Ajv2019(options);
    addFormats(ajv);
    // OpenAPI's own formats (JSON Schema does not define them).
    ajv.addFormat('int32', {
      type: 'number',
      validate: (n: number) => Number.isInteger(n) && n >= -INT32 && n < INT32,
    });
    ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
    ajv.addFormat('float', { type: 'number', validate: () => true });
    ajv.addFormat('double', { type: 'number', validate: () => true });
    ajv.addFormat('byte', /^[A-Za-z0-9+/]*={0,2}$/);
    ajv.addFormat('binary', true);
    ajv.addFormat('password', true);
    return ajv;
  };
  const ajvs = new Map<boolean, Ajv2019 | Ajv2020>();
  const compiled = new Map<string, ValidateFunction | Error>();
  return {
    validate(key, build, value, coerce) {
      const cacheKey = `${coerce ? 'c' : 'n'}:${key}`;
      let fn = compiled.get(cacheKey);
      if (!fn) {
        let ajv = ajvs.get(coerce);
        if (!ajv) ajvs.set(coerce, (ajv = make(coerce)));
        try {
          fn = ajv.compile(build());
        } catch (error) {
          fn = error as Error;
        }
        compiled.set(cacheKey, fn);
      }
      if (fn instanceof Error) {
        return [
          {
            keyword: 'schema',
            instancePath: '',
            schemaPath: '#',
            params: {},
            message: `the spec's schema cannot be compiled: ${fn.message}`,
          },
        ];
      }
      return fn(value) ? [] : [...(fn.errors ?? [])];
    },
  };
}

/** ajv's message, naming the property for `additionalProperties`. */
export function describeError(error: SchemaError): string {
  const message = error.message ?? error.keyword;
  return error.keyword === 'additionalProperties'
    ? `${message} - ${String((error.params as { additionalProperty?: string }).additionalProperty)}`
    : message;
}
