import { describe, expect, it } from 'vitest';
import { selectPactsForVerification } from './for-verification.js';
import { pendingFor } from './pending.js';
import type { PactCandidate, VerificationFacts } from './types.js';

const c = (
  consumer: string,
  version: string,
  order: number,
  sha: string,
  over: Partial<PactCandidate> = {},
): PactCandidate => ({
  publicationId: order,
  consumer,
  consumerMainBranch: 'main',
  consumerVersion: version,
  consumerVersionOrder: order,
  sha,
  branches: ['main'],
  tags: [],
  deployedTo: [],
  releasedTo: [],
  createdAtMs: order * 1000,
  ...over,
});
const facts = (
  successes: Record<string, { branches?: string[]; tags?: string[]; atMs?: number }[]> = {},
  branches: Record<string, number> = {},
): VerificationFacts => ({
  successes: new Map(
    Object.entries(successes).map(([sha, list]) => [
      sha,
      list.map((s) => ({ branches: s.branches ?? [], tags: s.tags ?? [], atMs: s.atMs ?? 0 })),
    ]),
  ),
  branchCreatedAtMs: new Map(Object.entries(branches)),
});

describe('pending', () => {
  it.each([
    ['never verified', facts(), { branch: 'main' }, true],
    ['verified by the branch', facts({ a: [{ branches: ['main'] }] }), { branch: 'main' }, false],
    [
      'verified by another branch before this branch existed',
      facts({ a: [{ branches: ['main'], atMs: 5 }] }, { feat: 10 }),
      { branch: 'feat' },
      false,
    ],
    [
      'verified by another branch after this branch was created',
      facts({ a: [{ branches: ['main'], atMs: 15 }] }, { feat: 10 }),
      { branch: 'feat' },
      true,
    ],
    [
      'a branch not created yet inherits',
      facts({ a: [{ branches: ['main'], atMs: 15 }] }),
      { branch: 'new' },
      false,
    ],
    ['tags: verified with the tag', facts({ a: [{ tags: ['prod'] }] }), { tags: ['prod'] }, false],
    ['tags: not with this tag', facts({ a: [{ tags: ['dev'] }] }), { tags: ['prod'] }, true],
    ['nothing given: any success', facts({ a: [{}] }), {}, false],
  ])('%s', (_name, f, provider, pending) => {
    expect(pendingFor('a', f, provider).pending).toBe(pending);
  });
});

describe('pacts for verification', () => {
  it('merges versions with the same content into one pact naming every selector, with notices', () => {
    const candidates = [
      c('web', '1', 1, 'same', { deployedTo: ['production'] }),
      c('web', '2', 2, 'same'),
      c('app', '7', 3, 'other'),
    ];
    const pacts = selectPactsForVerification(candidates, facts({ same: [{ branches: ['main'] }] }), {
      provider: 'crm',
      selectors: [{ mainBranch: true }, { deployedOrReleased: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      pactUrl: (sha) => `http://broker/${sha}`,
    });
    expect(pacts.map((p) => [p.consumer, p.sha, p.consumerVersions.map((v) => v.number), p.pending])).toEqual(
      [
        ['app', 'other', ['7'], true],
        ['web', 'same', ['2', '1'], false],
      ],
    );
    const web = pacts[1];
    expect(web?.selectors).toHaveLength(2);
    expect(web?.notices[0]?.text).toMatch(
      /^The pact at http:\/\/broker\/same is being verified because the pact content belongs to the consumer versions matching the following criteria/,
    );
    expect(web?.notices[1]?.text).toMatch(
      /has previously been successfully verified by a version of crm from branch 'main'/,
    );
    expect(pacts[0]?.notices.map((n) => n.when)).toEqual([
      'before_verification',
      'before_verification',
      'after_verification:success_true_published_false',
      'after_verification:success_true_published_true',
    ]);
  });

  it('adds WIP pacts: heads of consumer branches published since the date, not verified by the provider branch', () => {
    const candidates = [
      c('web', '1', 1, 'main-sha'),
      c('web', '2', 2, 'feat-sha', { branches: ['feat'] }),
      c('web', '3', 3, 'old-sha', { branches: ['old'], createdAtMs: 0 }),
    ];
    const pacts = selectPactsForVerification(candidates, facts(), {
      provider: 'crm',
      selectors: [{ mainBranch: true }],
      providerVersionBranch: 'main',
      includePendingStatus: true,
      includeWipPactsSinceMs: 1500,
    });
    expect(pacts.map((p) => [p.sha, p.wip, p.pending])).toEqual([
      ['main-sha', false, true],
      ['feat-sha', true, true],
    ]);
    expect(pacts[1]?.notices[0]?.text).toMatch(/'work in progress' pact/);
  });

  it('uses mainBranch and deployedOrReleased when no selector is given', () => {
    const pacts = selectPactsForVerification(
      [c('web', '1', 1, 'a', { releasedTo: ['prod'] }), c('web', '2', 2, 'b', { branches: ['x'] })],
      facts(),
      {
        provider: 'crm',
        selectors: [],
      },
    );
    expect(pacts.map((p) => p.sha)).toEqual(['a']);
  });
});
