import { emulateAjv, type AjvError } from './ajv-emulation.js';
import { checkable, fromFunctions, fullFormats } from './example-check.js';
import { rejectsUntypedNullable, UNTYPED_NULLABLE } from './untyped-nullable.js';

// The Ajv classes and formats of Spectral's `schema` function (spectral-functions' schema/ajv.js).
type AjvClass = new (options: object) => Ajv;
const { default: Ajv2020 } = fromFunctions('ajv/dist/2020') as { default: AjvClass };
const { default: AjvDraft04 } = fromFunctions('ajv-draft-04') as { default: AjvClass };
const { default: addFormats } = fromFunctions('ajv-formats') as { default: (ajv: Ajv) => void };

interface Ajv {
  opts: Record<string, unknown> & { code: { regExp?: { code?: unknown } } };
  formats: Record<string, unknown>;
  RULES: { rules: { type?: string; rules: { keyword: string }[] }[] };
}
type Validate = ((data: unknown) => boolean) & { errors: AjvError[] | null };

/** The options Spectral creates its instances with (allErrors off: with it on, errors differ and ajv-errors is added). */
export const SPECTRAL_OPTIONS = {
  allErrors: false,
  meta: true,
  messages: true,
  strict: false,
  allowUnionTypes: true,
  unicodeRegExp: false,
};

const layouts = new Map<AjvClass, string>();
/** Ajv's keyword groups in the order its validators check them: the emulation follows this order. */
const layout = (ajv: Ajv) =>
  ajv.RULES.rules.map((g) => `${g.type}:${g.rules.map((r) => r.keyword)}`).join('|');
function spectralLayout(Ajv: AjvClass): string {
  let known = layouts.get(Ajv);
  if (known === undefined) {
    const ajv = new Ajv(SPECTRAL_OPTIONS);
    addFormats(ajv);
    layouts.set(Ajv, (known = layout(ajv)));
  }
  return known;
}

const suited = new WeakMap<object, boolean>();
/**
 * Whether an instance is one of Spectral's draft-04 or 2020-12 instances without `allErrors`: the class, every
 * option the emulated keywords' code depends on, ajv-formats' formats and no keyword of anyone else's.
 */
function emulable(ajv: Ajv): boolean {
  let ok = suited.get(ajv);
  if (ok !== undefined) return ok;
  const o = ajv.opts;
  const Class = [Ajv2020, AjvDraft04].find((Ajv) => ajv instanceof Ajv);
  const names = Object.keys(ajv.formats);
  ok =
    Class !== undefined &&
    !o.allErrors &&
    o.messages !== false &&
    !o.verbose &&
    !o.$data &&
    !o.$comment &&
    !o.coerceTypes &&
    !o.useDefaults &&
    !o.removeAdditional &&
    !o.ownProperties &&
    !o.discriminator &&
    !o.jtd &&
    o.unicodeRegExp === false &&
    o.unicode !== false &&
    !o.strictNumbers &&
    o.strictSchema === false &&
    !o.strictTypes &&
    !o.strictRequired &&
    o.validateFormats !== false &&
    o.code.regExp?.code === 'new RegExp' &&
    names.length === Object.keys(fullFormats).length &&
    names.every((name) => ajv.formats[name] === fullFormats[name]) &&
    layout(ajv) === spectralLayout(Class);
  suited.set(ajv, ok);
  return ok;
}

const validators = new WeakMap<object, Validate>();

/**
 * For Ajv's `compile` on Spectral's instances: a validator that emulates the one Ajv would compile from a
 * `checkable` schema (same result, same `errors`, ajv-emulation.ts), or the error Ajv would throw for a schema
 * that is checkable but for `nullable` without `type`; undefined when Ajv must compile it. On GitHub's REST API
 * spec these were 39 compilations of schemas whose example is invalid (Ajv was needed only for its errors) and
 * 77 that ended in that error, about 0.85 s of Ajv's code generation per lint.
 */
export function emulatedCompile(ajv: object, schema: object): Validate | undefined {
  if (!emulable(ajv as Ajv)) return undefined;
  if (checkable(schema)) {
    let validate = validators.get(schema);
    if (validate === undefined) {
      validate = function (data: unknown) {
        const { valid, errors } = emulateAjv(schema as Record<string, unknown>, data);
        (validate as Validate).errors = errors;
        return valid;
      } as Validate;
      validate.errors = null;
      validators.set(schema, validate);
    }
    return validate;
  }
  if (rejectsUntypedNullable(schema, (ajv as Ajv).opts.unevaluated === true))
    throw new Error(UNTYPED_NULLABLE);
  return undefined;
}
