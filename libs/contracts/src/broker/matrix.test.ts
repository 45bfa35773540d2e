import { describe, expect, it } from 'vitest';
import { latestBy, summarise, type MatrixRow, type ResolvedSelector } from './matrix.js';
import { parseMatrixQuery, validateMatrixQuery } from './matrix-query.js';

const v = (id: number, number: string) => ({ id, number, branches: [], tags: [], createdAt: '' });
const selector = (
  pacticipant: string,
  versions: ReturnType<typeof v>[] | null,
  specified = true,
): ResolvedSelector => ({
  pacticipant,
  pacticipantId: 1,
  versions,
  specified,
  versionSpecified: specified,
  describe: (n) =>
    n ? `version ${n} of ${pacticipant}` : `a version of ${pacticipant} currently in prod (none)`,
  missing: `No pacts or verifications have been published for ${pacticipant}`,
});
const row = (cv: number, pv: number | null, success: boolean | null, id = 1): MatrixRow => ({
  consumer: 'shop',
  consumerVersion: v(cv, String(cv)),
  provider: 'crm',
  providerVersion: pv === null ? null : v(pv, String(pv)),
  pact: { id: 1, sha: 'x', createdAt: '' },
  verification: success === null ? null : { id, number: id, success, createdAt: '' },
  ignored: false,
});
const shop = selector('shop', [v(1, '1')]);
const crm = selector('crm', [v(2, '2')], false);
const integration = { consumer: 'shop', provider: 'crm', required: true, ignored: false };
const opts = { targetGiven: true, ignoreGiven: false };

describe('can-i-deploy summary', () => {
  it.each([
    [
      'all verified',
      [row(1, 2, true)],
      true,
      'All required verification results are published and successful',
    ],
    [
      'a failed verification',
      [row(1, 2, false)],
      false,
      'The verification for the pact between version 1 of shop and version 2 of crm failed',
    ],
    [
      'not verified',
      [row(1, 2, null)],
      null,
      'There is no verified pact between version 1 of shop and version 2 of crm',
    ],
    [
      'the provider is not in the environment',
      [],
      null,
      'There is no verified pact between version undefined of shop',
    ],
  ])('%s', (_name, rows, deployable, reason) => {
    const s = summarise(rows, [shop, crm], [integration], opts);
    expect(s.deployable).toBe(deployable);
    expect(s.reason).toContain(reason.replace('version undefined of shop', ''));
  });

  it('is false when a specified version does not exist', () => {
    const s = summarise([], [selector('shop', [])], [], opts);
    expect(s).toMatchObject({
      deployable: false,
      reason: 'No pacts or verifications have been published for shop',
    });
  });

  it('ignores ignored rows, and says so', () => {
    const ignored = { ...row(1, 2, false), ignored: true };
    const s = summarise([row(3, 2, true, 2), ignored], [shop, crm], [integration], {
      ...opts,
      ignoreGiven: true,
    });
    expect(s).toMatchObject({ deployable: true, ignored: 1 });
    expect(s.reasons.some((r) => r.level === 'info' && r.text.startsWith('Ignoring:'))).toBe(true);
  });

  it('warns without a target environment', () => {
    expect(
      summarise([row(1, 2, true)], [shop, crm], [integration], { ...opts, targetGiven: false }).reason,
    ).toMatch(/specify the environment/);
  });

  it('keeps the newest verification per consumer version and provider version (cvpv) or provider (cvp)', () => {
    const rows = [row(1, 2, false, 1), row(1, 2, true, 2), row(1, 3, false, 3)];
    expect(latestBy(rows, 'cvpv').map((r) => r.verification?.id)).toEqual([2, 3]);
    expect(latestBy(rows, 'cvp').map((r) => r.verification?.id)).toEqual([3]);
  });
});

describe('matrix query', () => {
  it('groups q[] pairs as Rack does', () => {
    const { query } = parseMatrixQuery(
      'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv',
    );
    expect(query.selectors).toEqual([
      { pacticipant: 'Foo', version: '1.2.3' },
      { pacticipant: 'Bar', latest: true, tag: 'prod' },
    ]);
    expect(query.latestby).toBe('cvpv');
  });

  it('pairs by position when a specification 2 pact sorted the keys', () => {
    const { query } = parseMatrixQuery(
      'latestby=cvpv&q%5B%5D%5Bpacticipant%5D=Foo+Thing&q[][pacticipant]=Bar&q[][version]=1%2e2%2e3&q[][version]=4.5.6',
    );
    expect(query.selectors).toEqual([
      { pacticipant: 'Foo Thing', version: '1.2.3' },
      { pacticipant: 'Bar', version: '4.5.6' },
    ]);
  });

  it('reads the target, ignore selectors and success filters', () => {
    const { query } = parseMatrixQuery(
      'q[][pacticipant]=Foo&q[][version]=1&latest=true&tag=prod&ignore[][pacticipant]=Baz&success[]=true&environment=prod',
    );
    expect(query).toMatchObject({
      latest: true,
      tag: 'prod',
      environment: 'prod',
      ignore: [{ pacticipant: 'Baz' }],
      success: [true],
    });
    expect(validateMatrixQuery(query)).toContain('Cannot specify both latest=true and an environment.');
  });

  it.each([
    ['', 'Please provide 1 or more version selectors.'],
    ['q[][version]=1', 'Please specify the pacticipant name'],
    [
      'q[][pacticipant]=A&q[][version]=1&q[][latest]=true',
      'A version number and latest flag cannot both be specified for A',
    ],
  ])('refuses %j', (search, message) => {
    expect(validateMatrixQuery(parseMatrixQuery(search).query)).toContain(message);
  });

  it('refuses unknown selector properties and a bad limit', () => {
    expect(parseMatrixQuery('q[][pacticipant]=A&q[][colour]=red&limit=0').errors).toEqual([
      'Unknown selector property colour in q[][colour]',
      'The limit must be an integer from 1 to 1000',
    ]);
  });
});
