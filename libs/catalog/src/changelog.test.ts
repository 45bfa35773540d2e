import { describe, expect, it } from 'vitest';
import { majorBumped, previousVersion } from './changelog.js';

describe('versions for the changelog and the compatibility policy', () => {
  it('a major bump is a greater first number', () => {
    expect(majorBumped('1.4.0', '2.0.0')).toBe(true);
    expect(majorBumped('v1', 'v2')).toBe(true);
    expect(majorBumped('1.4.0', '1.5.0')).toBe(false);
    expect(majorBumped('2.0.0', '1.9.0')).toBe(false);
    expect(majorBumped('beta', 'gamma')).toBe(false);
  });

  it('the previous version is the highest one below it, or the one published before for other names', () => {
    const v = (version: string) => ({
      apiId: 'a',
      version,
      hash: '',
      format: 'openapi-3.1' as const,
      operationCount: 0,
      publishedAt: '',
    });
    const newestFirst = [v('1.0.1'), v('2.0.0'), v('1.0.0')];
    expect(previousVersion(newestFirst, '1.0.1')).toBe('1.0.0');
    expect(previousVersion(newestFirst, '2.0.0')).toBe('1.0.1');
    expect(previousVersion(newestFirst, '1.0.0')).toBeNull();
    expect(previousVersion(newestFirst, '9')).toBeNull();
    const named = [v('gamma'), v('beta'), v('alpha')];
    expect(previousVersion(named, 'gamma')).toBe('beta');
    expect(previousVersion([v('2.0.0'), v('preview'), v('1.0.0')], '2.0.0')).toBe('1.0.0');
  });
});
