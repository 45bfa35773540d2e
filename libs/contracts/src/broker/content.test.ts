import { describe, expect, it } from 'vitest';
import { detectMainBranch, pactSha, parsePactContent } from './content.js';

describe('pact content', () => {
  it('hashes equal content alike whatever the key order or metadata', () => {
    const a = {
      consumer: { name: 'a' },
      provider: { name: 'b' },
      interactions: [{ x: 1, y: 2 }],
      metadata: { v: 1 },
    };
    const b = {
      interactions: [{ y: 2, x: 1 }],
      provider: { name: 'b' },
      consumer: { name: 'a' },
      metadata: { v: 2 },
    };
    expect(pactSha(a)).toBe(pactSha(b));
    expect(pactSha(a)).not.toBe(pactSha({ ...a, interactions: [{ x: 2 }] }));
  });

  it.each([
    ['{', /not valid JSON/],
    ['[]', /must be a JSON object/],
    [
      '{"consumer":{"name":"other"}}',
      /consumer name in the pact content \("other"\) does not match the consumer name given \("shop"\)/,
    ],
  ])('refuses %s', (text, message) => {
    const result = parsePactContent(text, { consumer: 'shop', provider: 'crm' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.values(result.errors).flat().join()).toMatch(message);
  });

  it.each([
    [null, 'feat', null],
    [null, 'main', 'main'],
    [null, 'master', 'master'],
    ['develop', 'main', 'develop'],
  ])('main branch: %s + %s → %s', (current, branch, expected) => {
    expect(detectMainBranch(current, branch)).toBe(expected);
  });
});
