import type { SearchResult } from '@interlock/catalog-server';
import { createStore, type SearchHit } from '@interlock/store';
import { getCatalogJson } from '../catalog-client.js';
import { EXIT, formatOption, print, UsageError, type Io, storeOptions } from '../io.js';

export async function searchCommand(
  query: string,
  options: { format?: string; catalog?: string; limit?: string },
  io: Io,
): Promise<number> {
  const format = formatOption(options.format, ['text', 'json']);
  const limit = Number(options.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw new UsageError(`--limit must be 1–100, got ${options.limit}`);
  let hits: SearchHit[];
  if (options.catalog) {
    const url = new URL('/api/search', options.catalog);
    url.searchParams.set('q', query);
    url.searchParams.set('limit', String(limit));
    hits = (await getCatalogJson<SearchResult>(url)).items;
  } else {
    const store = await createStore(storeOptions(io));
    try {
      hits = await store.search(query, { limit });
    } finally {
      await store.close();
    }
  }
  if (format === 'json') print(io.stdout, JSON.stringify({ query, items: hits }, null, 2));
  else if (hits.length === 0) print(io.stdout, `Nothing found for “${query}”.`);
  else
    for (const h of hits)
      print(
        io.stdout,
        `${h.apiId}@${h.version}  ${h.kind === 'operation' ? h.name : `schema ${h.name}`}${h.summary ? `  — ${h.summary.split('\n')[0]}` : ''}`,
      );
  return EXIT.ok;
}
