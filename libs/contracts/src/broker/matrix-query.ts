/** A matrix selector as the clients send it: `q[][pacticipant]=Foo&q[][version]=1.2.3` (or tag, branch, …). */
export interface MatrixSelector {
  pacticipant?: string;
  version?: string;
  latest?: boolean;
  tag?: string;
  branch?: string;
  mainBranch?: boolean;
  environment?: string;
}

export interface MatrixQuery {
  selectors: MatrixSelector[];
  ignore: MatrixSelector[];
  latestby?: 'cvp' | 'cvpv';
  /** The target of "can I deploy to…": the other pacticipants' latest (with `tag`), main branch, or environment. */
  latest?: boolean;
  tag?: string;
  mainBranch?: boolean;
  environment?: string;
  /** UI filter on verification outcomes. */
  success?: boolean[];
  limit?: number;
}

const SELECTOR_KEYS = new Set([
  'pacticipant',
  'version',
  'latest',
  'tag',
  'branch',
  'mainBranch',
  'main_branch',
  'environment',
]);

/**
 * Parses the clients' query string. Pairs are grouped the way Rack groups `q[][k]` (a key seen again starts the
 * next selector). Pact files written with specification 2 keep the query as a map sorted by key
 * (`q[][pacticipant]=A&q[][pacticipant]=B&q[][version]=1&q[][version]=2`); when Rack's grouping leaves a
 * selector without a pacticipant, the values are paired by position instead.
 */
export function parseMatrixQuery(search: string): { query: MatrixQuery; errors: string[] } {
  const params = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const q: [string, string][] = [];
  const ignore: [string, string][] = [];
  const query: MatrixQuery = { selectors: [], ignore: [] };
  const errors: string[] = [];
  for (const [key, value] of params) {
    const m = /^(q|ignore)\[\d*\]\[([A-Za-z_]+)\]$/.exec(key);
    if (m) {
      const field = m[2] as string;
      if (!SELECTOR_KEYS.has(field)) {
        errors.push(`Unknown selector property ${field} in ${key}`);
        continue;
      }
      (m[1] === 'q' ? q : ignore).push([field === 'main_branch' ? 'mainBranch' : field, value]);
      continue;
    }
    switch (key) {
      case 'latestby':
        if (value === 'cvp' || value === 'cvpv') query.latestby = value;
        else if (value !== '') errors.push(`latestby must be cvp or cvpv, got ${JSON.stringify(value)}`);
        break;
      case 'latest':
        query.latest = value === 'true';
        break;
      case 'tag':
        query.tag = value;
        break;
      case 'mainBranch':
      case 'main_branch':
        query.mainBranch = value === 'true';
        break;
      case 'environment':
        query.environment = value;
        break;
      case 'success[]':
      case 'success':
        (query.success ??= []).push(value === 'true');
        break;
      case 'limit': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 1000)
          errors.push('The limit must be an integer from 1 to 1000');
        else query.limit = n;
        break;
      }
      default:
        break;
    }
  }
  query.selectors = group(q);
  query.ignore = group(ignore);
  return { query, errors };
}

function group(pairs: [string, string][]): MatrixSelector[] {
  const rack: Record<string, string>[] = [];
  for (const [k, v] of pairs) {
    const last = rack[rack.length - 1];
    if (!last || k in last) rack.push({ [k]: v });
    else last[k] = v;
  }
  const usable = rack.every((s) => 'pacticipant' in s);
  const grouped = usable ? rack : byPosition(pairs);
  return grouped.map(toSelector);
}

function byPosition(pairs: [string, string][]): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  const seen = new Map<string, number>();
  for (const [k, v] of pairs) {
    const i = seen.get(k) ?? 0;
    seen.set(k, i + 1);
    (out[i] ??= {})[k] = v;
  }
  return out;
}

function toSelector(raw: Record<string, string>): MatrixSelector {
  const s: MatrixSelector = {};
  if (raw.pacticipant !== undefined) s.pacticipant = raw.pacticipant;
  if (raw.version !== undefined && raw.version !== '') s.version = raw.version;
  if (raw.latest !== undefined) s.latest = raw.latest === 'true';
  if (raw.tag !== undefined && raw.tag !== '') s.tag = raw.tag;
  if (raw.branch !== undefined && raw.branch !== '') s.branch = raw.branch;
  if (raw.mainBranch !== undefined) s.mainBranch = raw.mainBranch === 'true';
  if (raw.environment !== undefined && raw.environment !== '') s.environment = raw.environment;
  return s;
}

/** The Pact Broker's own checks of a matrix query, before anything is looked up. */
export function validateMatrixQuery(query: MatrixQuery): string[] {
  const errors: string[] = [];
  for (const s of query.selectors) {
    if (!s.pacticipant) errors.push('Please specify the pacticipant name');
    else if (s.version !== undefined && s.latest)
      errors.push(`A version number and latest flag cannot both be specified for ${s.pacticipant}`);
  }
  for (const s of query.ignore)
    if (!s.pacticipant) errors.push('Please specify the pacticipant name to ignore');
  if (query.selectors.length === 0) errors.push('Please provide 1 or more version selectors.');
  const targets = [
    query.tag !== undefined && query.latest,
    query.environment !== undefined,
    query.mainBranch,
  ].filter(Boolean).length;
  if (targets > 1) errors.push('Cannot specify more than one of tag, environment and mainBranch.');
  if (query.latest && query.environment !== undefined)
    errors.push('Cannot specify both latest=true and an environment.');
  return errors;
}
