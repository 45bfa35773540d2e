import type { VerificationFacts } from './types.js';

/**
 * The Pact Broker's pending rule. With a provider branch: pending until a version from that branch verified the
 * content successfully — unless another branch did so before this branch existed (a new feature branch inherits
 * what was already verified). With tags: pending for each tag no version with it verified. Else: pending until
 * any version verified it.
 */
export function pendingFor(
  sha: string,
  facts: VerificationFacts,
  provider: { branch?: string | undefined; tags?: string[] | undefined },
): { pending: boolean; pendingTags: string[] } {
  const successes = facts.successes.get(sha) ?? [];
  if (provider.branch !== undefined) {
    const branch = provider.branch;
    const created = facts.branchCreatedAtMs.get(branch);
    const byBranch = successes.some((s) => s.branches.includes(branch));
    const inherited = successes.some((s) => created === undefined || s.atMs < created);
    return { pending: !byBranch && !inherited, pendingTags: [] };
  }
  if (provider.tags?.length) {
    const pendingTags = provider.tags.filter((t) => !successes.some((s) => s.tags.includes(t)));
    return { pending: pendingTags.length > 0, pendingTags };
  }
  return { pending: successes.length === 0, pendingTags: [] };
}
