import type { ConsumerVersionSelector, PactCandidate } from './types.js';

const BOOLEAN_KEYS = [
  'mainBranch',
  'matchingBranch',
  'latest',
  'deployed',
  'released',
  'deployedOrReleased',
] as const;
const STRING_KEYS = ['branch', 'fallbackBranch', 'tag', 'fallbackTag', 'environment', 'consumer'] as const;
const KNOWN = new Set<string>([...BOOLEAN_KEYS, ...STRING_KEYS]);

export type SelectorsResult =
  { ok: true; selectors: ConsumerVersionSelector[] } | { ok: false; errors: string[] };

/**
 * Validates `consumerVersionSelectors` as the Pact Broker does: known keys only, flags are `true`, and only the
 * combinations that mean something (`fallbackTag` needs `tag` and `latest`, `fallbackBranch` needs `branch`, …).
 * `matchingBranch` needs the provider version's branch.
 */
export function parseConsumerVersionSelectors(
  input: unknown,
  options: { providerVersionBranch?: string | undefined } = {},
): SelectorsResult {
  if (input === undefined || input === null) return { ok: true, selectors: [] };
  if (!Array.isArray(input)) return { ok: false, errors: ['consumerVersionSelectors must be an array'] };
  const errors: string[] = [];
  const selectors: ConsumerVersionSelector[] = [];
  input.forEach((raw, i) => {
    const at = `consumerVersionSelectors[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`${at} must be an object`);
      return;
    }
    const s: ConsumerVersionSelector = {};
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (!KNOWN.has(key)) {
        errors.push(`${at}: ${key} is not a recognised property (use one of ${[...KNOWN].join(', ')})`);
        continue;
      }
      if ((BOOLEAN_KEYS as readonly string[]).includes(key)) {
        if (typeof value !== 'boolean') errors.push(`${at}: ${key} must be a boolean`);
        else (s as Record<string, unknown>)[key] = value;
      } else if (typeof value !== 'string' || value.trim() === '') {
        errors.push(`${at}: ${key} must be a non-empty string`);
      } else (s as Record<string, unknown>)[key] = value;
    }
    errors.push(...combinationErrors(s, at, options.providerVersionBranch));
    selectors.push(s);
  });
  return errors.length ? { ok: false, errors } : { ok: true, selectors };
}

function combinationErrors(s: ConsumerVersionSelector, at: string, providerBranch?: string): string[] {
  const errors: string[] = [];
  for (const key of ['mainBranch', 'matchingBranch', 'deployed', 'released', 'deployedOrReleased'] as const)
    if (s[key] === false) errors.push(`${at}: ${key} can only be true`);
  const kinds = [
    s.mainBranch,
    s.branch !== undefined,
    s.matchingBranch,
    s.tag !== undefined,
    s.deployed || s.released || s.deployedOrReleased || (s.environment !== undefined && !s.tag),
  ].filter(Boolean).length;
  if (kinds > 1)
    errors.push(
      `${at}: only one of mainBranch, branch, matchingBranch, tag and deployed/released/environment may be used`,
    );
  if (s.fallbackTag !== undefined && !(s.tag !== undefined && s.latest))
    errors.push(`${at}: fallbackTag can only be used with tag and latest`);
  if (s.fallbackBranch !== undefined && s.branch === undefined && !s.matchingBranch)
    errors.push(`${at}: fallbackBranch can only be used with branch`);
  if (s.fallbackBranch !== undefined && s.latest === false)
    errors.push(`${at}: fallbackBranch can only be used with latest: true`);
  if (s.matchingBranch && !providerBranch)
    errors.push(`${at}: matchingBranch needs providerVersionBranch in the request`);
  if (s.latest !== undefined && (s.deployed || s.released || s.deployedOrReleased || s.mainBranch))
    errors.push(`${at}: latest cannot be used with mainBranch, deployed, released or deployedOrReleased`);
  if (kinds === 0 && s.latest === undefined && s.consumer === undefined && s.fallbackTag === undefined)
    errors.push(
      `${at}: specify at least one of mainBranch, branch, matchingBranch, tag, latest, deployed, released, deployedOrReleased, environment, consumer`,
    );
  return errors;
}

/** The selector used when none is given: what each consumer's main branch and what is deployed or released. */
export const DEFAULT_SELECTORS: ConsumerVersionSelector[] = [
  { mainBranch: true },
  { deployedOrReleased: true },
];

/** Human words for a selector and the version it resolved to, as the Pact Broker's notices word them. */
export function describeSelector(
  s: ConsumerVersionSelector,
  c: PactCandidate,
  providerBranch?: string,
): string {
  const who = s.consumer ? s.consumer : c.consumer;
  const v = `(${c.consumerVersion})`;
  if (s.mainBranch) return `latest version of ${who} from the main branch '${c.consumerMainBranch}' ${v}`;
  if (s.matchingBranch)
    return `latest version of ${who} from branch '${providerBranch}' (matching the provider branch) ${v}`;
  if (s.branch !== undefined)
    return s.latest === false
      ? `one of ${who}'s versions from branch '${s.branch}' ${v}`
      : `latest version of ${who} from branch '${c.branches.includes(s.branch) ? s.branch : s.fallbackBranch}' ${v}`;
  if (s.tag !== undefined)
    return s.latest
      ? `latest version of ${who} with tag '${c.tags.includes(s.tag) ? s.tag : s.fallbackTag}' ${v}`
      : `one of ${who}'s versions with tag '${s.tag}' ${v}`;
  if (s.deployed || s.released || s.deployedOrReleased || s.environment) {
    const verb = s.deployed ? 'deployed' : s.released ? 'released' : 'deployed or released';
    return s.environment
      ? `version(s) of ${who} currently ${verb} to ${s.environment} ${v}`
      : `version(s) of ${who} currently ${verb} to any environment ${v}`;
  }
  return `latest version of ${who} ${v}`;
}

/**
 * The candidates each selector picks, in the Pact Broker's meaning. `latest` picks per consumer the newest
 * matching version; a branch or tag selector with a fallback falls back per consumer when nothing matches.
 */
export function applySelector(
  s: ConsumerVersionSelector,
  candidates: PactCandidate[],
  providerBranch?: string,
): PactCandidate[] {
  const pool = s.consumer ? candidates.filter((c) => c.consumer === s.consumer) : candidates;
  const latestPerConsumer = (list: PactCandidate[]) => {
    const best = new Map<string, PactCandidate>();
    for (const c of list) {
      const b = best.get(c.consumer);
      if (!b || c.consumerVersionOrder > b.consumerVersionOrder) best.set(c.consumer, c);
    }
    return [...best.values()];
  };
  const withFallback = (primary: (c: PactCandidate) => boolean, fallback?: (c: PactCandidate) => boolean) => {
    const found = latestPerConsumer(pool.filter(primary));
    if (!fallback) return found;
    const covered = new Set(found.map((c) => c.consumer));
    return [...found, ...latestPerConsumer(pool.filter((c) => !covered.has(c.consumer) && fallback(c)))];
  };
  if (s.mainBranch) {
    const onMain = pool.filter(
      (c) => c.consumerMainBranch !== null && c.branches.includes(c.consumerMainBranch),
    );
    // `latest: false` (all versions of the main branch) is not a for-verification selector, but the branch
    // listings use it.
    return s.latest === false ? onMain : latestPerConsumer(onMain);
  }
  if (s.matchingBranch) {
    const fb = s.fallbackBranch;
    return withFallback(
      (c) => providerBranch !== undefined && c.branches.includes(providerBranch),
      fb ? (c) => c.branches.includes(fb) : undefined,
    );
  }
  if (s.branch !== undefined) {
    const branch = s.branch;
    if (s.latest === false) return pool.filter((c) => c.branches.includes(branch));
    const fb = s.fallbackBranch;
    return withFallback((c) => c.branches.includes(branch), fb ? (c) => c.branches.includes(fb) : undefined);
  }
  if (s.tag !== undefined) {
    const tag = s.tag;
    if (!s.latest) return pool.filter((c) => c.tags.includes(tag));
    const fb = s.fallbackTag;
    return withFallback((c) => c.tags.includes(tag), fb ? (c) => c.tags.includes(fb) : undefined);
  }
  if (s.deployed || s.released || s.deployedOrReleased || s.environment !== undefined) {
    const env = s.environment;
    const inEnvs = (envs: string[]) => (env === undefined ? envs.length > 0 : envs.includes(env));
    return pool.filter((c) => {
      const deployed = inEnvs(c.deployedTo);
      const released = inEnvs(c.releasedTo);
      if (s.deployed) return deployed;
      if (s.released) return released;
      return deployed || released;
    });
  }
  if (s.latest) return latestPerConsumer(pool);
  // Only `consumer`: every version of that consumer's latest pact.
  return latestPerConsumer(pool);
}
