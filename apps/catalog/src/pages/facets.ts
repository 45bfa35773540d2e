import type { Sql } from '@interlock/store';

export interface Facets {
  owners: string[];
  tags: string[];
}

/**
 * The values the home page's filters offer: owners, and the most used tags. Read-only queries over the catalog's
 * `apis` table (libs/store owns it); a few milliseconds at 3,000 APIs.
 */
export async function facets(sql: Sql): Promise<Facets> {
  const [owners, tags] = await Promise.all([
    sql.query<{ owner: string }>(
      `SELECT DISTINCT owner_name AS owner FROM apis
        WHERE latest_version IS NOT NULL AND owner_name IS NOT NULL ORDER BY 1 LIMIT 500`,
    ),
    sql.query<{ tag: string }>(
      `SELECT tag FROM (SELECT unnest(tags) AS tag FROM apis WHERE latest_version IS NOT NULL) t
        GROUP BY tag ORDER BY count(*) DESC, tag LIMIT 200`,
    ),
  ]);
  return { owners: owners.rows.map((r) => r.owner), tags: tags.rows.map((r) => r.tag).sort() };
}
