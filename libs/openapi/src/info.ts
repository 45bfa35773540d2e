import { kindOf, SpecError } from './errors.js';

type Obj = Record<string, unknown>;

const ADD_INFO = 'add `info:` with a `title:` and a `version:`, such as `version: 1.0.0`';
const ADD_VERSION = 'give `info` the version of the API, such as `version: 1.0.0`';

/**
 * `info.version`, required: the catalog stores, serves and compares versions by it, and an empty one is a version
 * no URL can name. A number (`version: 1.0`, common in the wild) is kept as it was written (`written`, from the
 * source text): YAML and JSON both read `1.0` as 1 and `1.10` as 1.1.
 */
export function apiVersion(doc: Obj, written?: string): string {
  const info = doc.info;
  if (info === undefined) {
    throw new SpecError('invalid', 'The spec has no `info`, so it names no version of the API', {
      pointer: '',
      hint: ADD_INFO,
    });
  }
  if (!isObj(info)) {
    throw new SpecError('invalid', `\`info\` is ${kindOf(info)}, not an object`, {
      pointer: '/info',
      hint: ADD_INFO,
    });
  }
  const version = info.version;
  if (version === undefined) {
    throw new SpecError('invalid', '`info.version` is missing', { pointer: '/info', hint: ADD_VERSION });
  }
  if (typeof version === 'number' && Number.isFinite(version)) return written ?? String(version);
  if (typeof version !== 'string' && version !== null) {
    throw new SpecError('invalid', `\`info.version\` is ${kindOf(version)}, not a string`, {
      pointer: '/info/version',
      hint: 'write the version as a string, such as `version: "1.0.0"`',
    });
  }
  if (!version?.trim()) {
    throw new SpecError('invalid', '`info.version` is empty', {
      pointer: '/info/version',
      hint: ADD_VERSION,
    });
  }
  return version;
}

/** `info.title`, else the API's id: a list of APIs needs a name for each, and lint reports the missing title. */
export function apiTitle(doc: Obj, apiId: string): string {
  const title = isObj(doc.info) ? doc.info.title : undefined;
  return typeof title === 'string' && title.trim() ? title : apiId;
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
