import { describe, expect, it } from 'vitest';
import { highlight, identifierWords, prefixQuery } from './words.js';

describe('identifierWords', () => {
  it('splits paths and camelCase ids into the words a person types', () => {
    expect(identifierWords('/customers/{customerId}').split(' ')).toEqual([
      'customers',
      'customerid',
      'customer',
      'id',
    ]);
    expect(identifierWords('getHTTPResponseCode').split(' ')).toEqual([
      'gethttpresponsecode',
      'get',
      'http',
      'response',
      'code',
    ]);
    expect(identifierWords(undefined, '', 'snake_case')).toBe('snake case');
  });
});

describe('prefixQuery', () => {
  it('needs every word and takes the last one as a prefix', () => {
    expect(prefixQuery('grant consent')).toEqual({ match: 'grant & consent:*', rank: 'grant | consent:*' });
    expect(prefixQuery('custo')).toEqual({ match: 'custo:*', rank: 'custo:*' });
  });

  it('matches a one-letter last word whole rather than as a prefix of everything', () => {
    expect(prefixQuery('c')).toEqual({ match: 'c', rank: 'c' });
    expect(prefixQuery('customer o')?.match).toBe('customer & o');
    expect(prefixQuery('cu')?.match).toBe('cu:*');
  });

  it('keeps only letters and digits, so tsquery syntax cannot be injected', () => {
    expect(prefixQuery("ab' | !cd & (ef:*")?.match).toBe('ab & cd & ef:*');
    expect(prefixQuery('  ;; ')).toBeUndefined();
  });
});

describe('highlight', () => {
  it('wraps the query words where they occur, ignoring case', () => {
    expect(highlight('GET /customers — List customers', 'custo')).toBe('GET /«custo»mers — List «custo»mers');
    expect(highlight('nothing here', '!!')).toBe('nothing here');
  });
});
