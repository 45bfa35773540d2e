import { describe, expect, it } from 'vitest';
import {
  highlight,
  identifierWords,
  prefixQuery,
  searchLexemes,
  vectorLiteral,
  type Weight,
} from './words.js';

const searchVector = (texts: [Weight, string | undefined][]) => vectorLiteral(searchLexemes(texts));

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
  it('needs every word, stemmed, and takes the last one as a prefix', () => {
    expect(prefixQuery('grant consents')).toEqual({
      match: "'grant' & 'consent':*",
      rank: "'grant' | 'consent':*",
      prefix: 'consent',
      words: ['grant'],
      whole: { match: "'grant' & 'consent'", rank: "'grant' | 'consent'" },
    });
    expect(prefixQuery('custo')).toEqual({
      match: "'custo':*",
      rank: "'custo':*",
      whole: { match: "'custo'", rank: "'custo'" },
    });
  });

  it('matches a one-letter last word whole rather than as a prefix of everything', () => {
    expect(prefixQuery('c')).toEqual({ match: "'c'", rank: "'c'" });
    expect(prefixQuery('customer x')?.match).toBe("'custom' & 'x'");
    expect(prefixQuery('cu')?.match).toBe("'cu':*");
  });

  it('drops stop words, as the index does', () => {
    expect(prefixQuery('list of the users')?.match).toBe("'list' & 'user':*");
    expect(prefixQuery('the')).toBeUndefined();
  });

  it('keeps only letters and digits, so tsquery syntax cannot be injected', () => {
    expect(prefixQuery("ab' | !cd & (ef:*")?.match).toBe("'ab' & 'cd' & 'ef':*");
    expect(prefixQuery('  ;; ')).toBeUndefined();
  });
});

describe('searchLexemes, as a tsvector literal', () => {
  it('places each word of each text, weighted, as to_tsvector and setweight would', () => {
    expect(
      searchVector([
        ['A', '/customers/{customerId}'],
        ['B', 'List the customers'],
        ['C', undefined],
      ]),
    ).toBe("'custom':1A,3A,7B 'customerid':2A 'id':4A 'list':5B");
  });

  it('keeps words of any script, and quotes nothing a tsvector literal could not hold', () => {
    expect(searchVector([['C', 'Kundenübersicht \'quoted\' \\ "x"']])).toBe(
      "'kundenübersicht':1C 'quot':2C 'x':3C",
    );
  });
});

describe('searchLexemes, ASCII and not', () => {
  it('splits a text the same way whether it is scanned as ASCII or split by Unicode classes', () => {
    const text = 'getCustomerById: /v1/customers/{id}?x=1 — HTTPStatus_code 42ndStreet';
    const ascii = text.replace('—', '-');
    // The dash is no letter either way: the same words at the same positions.
    expect([...searchLexemes([['A', text]])]).toEqual([...searchLexemes([['A', ascii]])]);
    expect([...searchLexemes([['A', ascii]]).keys()]).toEqual([
      'getcustomerbyid',
      'get',
      'custom',
      'id',
      'v1',
      'x',
      '1',
      'httpstatus',
      'http',
      'status',
      'code',
      '42ndstreet',
      '42nd',
      'street',
    ]);
  });
});

describe('highlight', () => {
  it('wraps the query words where they occur, ignoring case', () => {
    expect(highlight('GET /customers — List customers', 'custo')).toBe('GET /«custo»mers — List «custo»mers');
    expect(highlight('nothing here', '!!')).toBe('nothing here');
  });
});
