import { createHash } from 'node:crypto';

/** JSON with keys sorted, so that equal content hashes alike whatever the key order the client wrote. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * The content's identity (the Pact Broker's "pact version sha"): sha1 of the canonical JSON without `metadata`,
 * since only what affects verification decides whether two publications are the same contract.
 */
export function pactSha(pact: Record<string, unknown>): string {
  const { metadata: _metadata, ...rest } = pact;
  return createHash('sha1').update(canonicalJson(rest)).digest('hex');
}

export type PactContentResult =
  { ok: true; pact: Record<string, unknown> } | { ok: false; errors: Record<string, string[]> };

/** Parses a pact and checks that the names in it agree with the names the URL or the request gives. */
export function parsePactContent(
  text: string,
  expect: { consumer: string; provider: string },
): PactContentResult {
  let pact: unknown;
  try {
    pact = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: { pact: [`The pact is not valid JSON: ${(error as Error).message}`] } };
  }
  if (!pact || typeof pact !== 'object' || Array.isArray(pact))
    return { ok: false, errors: { pact: ['The pact must be a JSON object'] } };
  const p = pact as Record<string, unknown>;
  const errors: Record<string, string[]> = {};
  for (const role of ['consumer', 'provider'] as const) {
    const name = (p[role] as { name?: unknown } | undefined)?.name;
    if (name !== undefined && name !== expect[role])
      errors[`${role}.name`] = [
        `The ${role} name in the pact content (${JSON.stringify(name)}) does not match the ${role} name given (${JSON.stringify(expect[role])}).`,
      ];
  }
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true, pact: p };
}

/** The Pact Broker detects a pacticipant's main branch from the first branch with one of these names. */
export const MAIN_BRANCH_CANDIDATES = ['develop', 'main', 'master'];

export function detectMainBranch(current: string | null, branch: string): string | null {
  if (current) return current;
  return MAIN_BRANCH_CANDIDATES.includes(branch) ? branch : null;
}
