import { describe, expect, it } from 'vitest';
import { applySelector, parseConsumerVersionSelectors } from './selectors.js';
import type { PactCandidate } from './types.js';

let order = 0;
const candidate = (consumer: string, version: string, over: Partial<PactCandidate> = {}): PactCandidate => ({
  publicationId: ++order,
  consumer,
  consumerMainBranch: 'main',
  consumerVersion: version,
  consumerVersionOrder: order,
  sha: `${consumer}-${version}`,
  branches: [],
  tags: [],
  deployedTo: [],
  releasedTo: [],
  createdAtMs: order * 1000,
  ...over,
});

const pool = [
  candidate('web', '1', { branches: ['main'], tags: ['prod'], deployedTo: ['production'] }),
  candidate('web', '2', { branches: ['main'] }),
  candidate('web', '3', { branches: ['feat-x'], tags: ['dev'] }),
  candidate('mobile', '1', {
    branches: ['master'],
    consumerMainBranch: 'master',
    releasedTo: ['production'],
  }),
  candidate('mobile', '2', {
    branches: ['master'],
    consumerMainBranch: 'master',
    releasedTo: ['production'],
  }),
  candidate('mobile', '3', { branches: ['feat-x'], consumerMainBranch: 'master' }),
];
const picked = (list: PactCandidate[]) => list.map((c) => `${c.consumer}@${c.consumerVersion}`).sort();

describe('consumer version selectors', () => {
  it.each([
    [{ mainBranch: true }, ['mobile@2', 'web@2']],
    [{ branch: 'feat-x' }, ['mobile@3', 'web@3']],
    [{ branch: 'main', latest: false }, ['web@1', 'web@2']],
    [{ branch: 'feat-y', fallbackBranch: 'main' }, ['web@2']],
    [{ matchingBranch: true }, ['mobile@3', 'web@3']],
    [{ tag: 'prod', latest: true }, ['web@1']],
    [{ tag: 'prod' }, ['web@1']],
    [{ tag: 'test', latest: true, fallbackTag: 'dev' }, ['web@3']],
    [{ latest: true }, ['mobile@3', 'web@3']],
    [{ deployed: true }, ['web@1']],
    [{ released: true }, ['mobile@1', 'mobile@2']],
    [{ deployedOrReleased: true }, ['mobile@1', 'mobile@2', 'web@1']],
    [{ environment: 'production' }, ['mobile@1', 'mobile@2', 'web@1']],
    [{ deployed: true, environment: 'staging' }, []],
    [{ mainBranch: true, consumer: 'web' }, ['web@2']],
  ])('%j picks %j', (selector, expected) => {
    const parsed = parseConsumerVersionSelectors([selector], { providerVersionBranch: 'feat-x' });
    expect(parsed).toMatchObject({ ok: true });
    expect(picked(applySelector(selector, pool, 'feat-x'))).toEqual(expected);
  });

  it.each([
    [[{ foo: 'bar' }], /foo is not a recognised property/],
    [[{ mainBranch: false }], /mainBranch can only be true/],
    [[{ tag: 'prod', branch: 'main' }], /only one of/],
    [[{ fallbackTag: 'dev', tag: 'prod' }], /fallbackTag can only be used with tag and latest/],
    [[{ fallbackBranch: 'main' }], /fallbackBranch can only be used with branch/],
    [[{ matchingBranch: true }], /needs providerVersionBranch/],
    [[{ deployed: true, latest: true }], /latest cannot be used/],
    [[{}], /specify at least one/],
    [[{ branch: 3 }], /branch must be a non-empty string/],
    ['nope', /must be an array/],
  ])('refuses %j', (input, message) => {
    const parsed = parseConsumerVersionSelectors(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(message);
  });
});
