import { pendingFor } from './pending.js';
import { applySelector, DEFAULT_SELECTORS, describeSelector } from './selectors.js';
import type {
  ConsumerVersionSelector,
  Notice,
  PactCandidate,
  SelectedPact,
  VerificationFacts,
} from './types.js';

export interface ForVerificationOptions {
  provider: string;
  selectors: ConsumerVersionSelector[];
  providerVersionBranch?: string | undefined;
  providerVersionTags?: string[] | undefined;
  includePendingStatus?: boolean | undefined;
  /** WIP pacts are included when set: pacts published since this instant (ms). */
  includeWipPactsSinceMs?: number | undefined;
  /** Renders the URL of a pact in the notices. */
  pactUrl?: (sha: string, consumer: string) => string;
}

/**
 * The pacts a provider version should verify: every selector applied to the provider's publications, merged by
 * content (one entry per consumer and sha, naming every consumer version and selector that picked it), with
 * pending status and notices; then work-in-progress pacts (latest of each consumer branch or tag, published since
 * the date, not yet verified by this provider branch, not already selected).
 */
export function selectPactsForVerification(
  candidates: PactCandidate[],
  facts: VerificationFacts,
  options: ForVerificationOptions,
): SelectedPact[] {
  const selectors = options.selectors.length ? options.selectors : DEFAULT_SELECTORS;
  const byKey = new Map<string, SelectedPact>();
  for (const selector of selectors)
    for (const c of applySelector(selector, candidates, options.providerVersionBranch)) {
      const key = `${c.consumer}\u0000${c.sha}`;
      const entry = byKey.get(key) ?? newEntry(c);
      if (!entry.consumerVersions.some((v) => v.number === c.consumerVersion))
        entry.consumerVersions.push({ number: c.consumerVersion, order: c.consumerVersionOrder });
      entry.selectors.push({
        selector,
        consumerVersion: c.consumerVersion,
        resolved: describeSelector(selector, c, options.providerVersionBranch),
      });
      byKey.set(key, entry);
    }
  const selected = [...byKey.values()];
  for (const entry of selected) finish(entry, facts, options, false);
  if (options.includeWipPactsSinceMs !== undefined && options.includePendingStatus) {
    for (const wip of wipPacts(candidates, facts, options, byKey))
      selected.push(finish(wip, facts, options, true));
  }
  return selected.sort((a, b) => a.consumer.localeCompare(b.consumer) || latestOrder(a) - latestOrder(b));
}

function newEntry(c: PactCandidate): SelectedPact {
  return {
    sha: c.sha,
    consumer: c.consumer,
    consumerVersions: [],
    selectors: [],
    pending: false,
    wip: false,
    notices: [],
    shortDescription: '',
  };
}

const latestOrder = (p: SelectedPact) => Math.max(...p.consumerVersions.map((v) => v.order));

function wipPacts(
  candidates: PactCandidate[],
  facts: VerificationFacts,
  options: ForVerificationOptions,
  explicit: Map<string, SelectedPact>,
): SelectedPact[] {
  const since = options.includeWipPactsSinceMs ?? 0;
  // The head of each consumer branch and tag.
  const heads = new Map<string, PactCandidate>();
  for (const c of candidates)
    for (const label of [...c.branches.map((b) => `b:${b}`), ...c.tags.map((t) => `t:${t}`)]) {
      const key = `${c.consumer}\u0000${label}`;
      const h = heads.get(key);
      if (!h || c.consumerVersionOrder > h.consumerVersionOrder) heads.set(key, c);
    }
  const wip = new Map<string, SelectedPact>();
  for (const c of heads.values()) {
    const key = `${c.consumer}\u0000${c.sha}`;
    if (explicit.has(key) || c.createdAtMs < since) continue;
    const pending = pendingFor(c.sha, facts, {
      branch: options.providerVersionBranch,
      tags: options.providerVersionTags,
    });
    // A WIP pact is one this provider (branch) has not verified successfully yet.
    if (!pending.pending) continue;
    const entry = wip.get(key) ?? newEntry(c);
    if (!entry.consumerVersions.some((v) => v.number === c.consumerVersion))
      entry.consumerVersions.push({ number: c.consumerVersion, order: c.consumerVersionOrder });
    wip.set(key, entry);
  }
  return [...wip.values()];
}

function finish(
  entry: SelectedPact,
  facts: VerificationFacts,
  options: ForVerificationOptions,
  wip: boolean,
): SelectedPact {
  const provider = { branch: options.providerVersionBranch, tags: options.providerVersionTags };
  const { pending, pendingTags } = options.includePendingStatus
    ? pendingFor(entry.sha, facts, provider)
    : { pending: false, pendingTags: [] as string[] };
  entry.pending = wip || pending;
  entry.wip = wip;
  const url =
    options.pactUrl?.(entry.sha, entry.consumer) ??
    `the pact between ${entry.consumer} and ${options.provider}`;
  const notices: Notice[] = [];
  if (wip) {
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version of ${entry.consumer} from a branch or tag and it has not yet been successfully verified by ${pendingWho(options, pendingTags, 'a')}). Read more at https://docs.pact.io/go/wip`,
    });
  } else {
    const lines = entry.selectors.map((s) => `    * ${s.resolved}`).join('\n');
    const criteria = entry.selectors.length > 1 ? 'criteria' : 'criterion';
    const versions = entry.selectors.length > 1 ? 'the consumer versions' : 'the consumer version';
    notices.push({
      when: 'before_verification',
      text: `The pact at ${url} is being verified because the pact content belongs to ${versions} matching the following ${criteria}:\n${lines}`,
    });
  }
  if (options.includePendingStatus) {
    notices.push({
      when: 'before_verification',
      text: entry.pending
        ? wip
          ? `This pact is in pending state for this version of ${options.provider} because it was included as a 'work in progress' pact. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending`
          : `This pact is in pending state for this version of ${options.provider} because a successful verification result for ${pendingWho(options, pendingTags, 'a')} has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending`
        : `This pact has previously been successfully verified by ${pendingWho(options, [], 'a')}. If this verification fails, it will fail the build. Read more at https://docs.pact.io/go/pending`,
    });
    if (entry.pending) {
      notices.push({
        when: 'after_verification:success_true_published_false',
        text: `This pact is still in pending state for ${pendingWho(options, pendingTags, 'any')} as the successful verification results have not yet been published.`,
      });
      notices.push({
        when: 'after_verification:success_true_published_true',
        text: `This pact is no longer in pending state for ${pendingWho(options, pendingTags, 'any')}, as a successful verification result has been published. If a verification for a version of ${options.provider} fails in the future, it will fail the build. Read more at https://docs.pact.io/go/pending`,
      });
    }
  }
  entry.notices = notices;
  const versions = [...entry.consumerVersions].sort((a, b) => b.order - a.order).map((v) => v.number);
  entry.shortDescription = wip
    ? `WIP pact for ${entry.consumer} version ${versions[0]}`
    : entry.selectors
        .map((s) => shortSelector(s.selector))
        .filter((v, i, all) => all.indexOf(v) === i)
        .join(', ');
  return entry;
}

function pendingWho(options: ForVerificationOptions, pendingTags: string[], anyOrA: string): string {
  if (options.providerVersionBranch)
    return `${anyOrA} version of ${options.provider} from branch '${options.providerVersionBranch}'`;
  if (pendingTags.length === 1)
    return `${anyOrA} version of ${options.provider} with tag '${pendingTags[0]}'`;
  if (pendingTags.length > 1)
    return `${anyOrA} versions of ${options.provider} with tags ${pendingTags.map((t) => `'${t}'`).join(', ')}`;
  return options.provider;
}

function shortSelector(s: ConsumerVersionSelector): string {
  if (s.mainBranch) return 'latest from main branch';
  if (s.matchingBranch) return 'latest from matching branch';
  if (s.branch !== undefined)
    return s.latest === false ? `one of branch ${s.branch}` : `latest from branch ${s.branch}`;
  if (s.tag !== undefined) return s.latest ? `latest with tag ${s.tag}` : `one of ${s.tag}`;
  if (s.deployed || s.released || s.deployedOrReleased || s.environment !== undefined)
    return s.environment ? `deployed or released to ${s.environment}` : 'deployed or released';
  return 'latest';
}
