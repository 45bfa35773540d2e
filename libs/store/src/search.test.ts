import { describe, expect, it } from 'vitest';
import { indexQueries, type TableTerms } from './search.js';
import { prefixQuery, type SearchQuery } from './words.js';

/** A table of 100,000 rows: `list` and its kin are common, `workflow` and `purg` are not. */
const table: TableTerms = {
  rows: 100_000,
  frequencies: new Map([
    ['list', 0.2],
    ['listen', 0.01],
    ['get', 0.35],
    ['user', 0.15],
    ['workflow', 0.008],
    ['microsoft', 0.1],
  ]),
  otherFrequency: 0.002,
};
const query = (text: string) => prefixQuery(text) as SearchQuery;

describe('indexQueries', () => {
  it('asks for the whole words when they are rare together and the prefix is broad', () => {
    expect(indexQueries(query('workflow microsoft list'), { operations: table })).toEqual({
      operations: "'workflow' & 'microsoft'",
      schemas: query('workflow microsoft list').match, // no statistics for schemas
    });
    expect(indexQueries(query('purge list'), { operations: table }).operations).toBe("'purg'");
  });

  it('asks for the whole query when the prefix is narrow, the words common, or there are no words', () => {
    for (const text of ['workflow accesspackag', 'get user list', 'list', 'purge']) {
      expect(indexQueries(query(text), { operations: table }).operations).toBe(query(text).match);
    }
    expect(indexQueries(query('purge list'), {}).operations).toBe(query('purge list').match);
  });
});
