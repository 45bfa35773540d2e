import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnEngines } from './testing/engines.js';
import { makeApi, makeOperation, publishInput } from './test-support/api.js';
import { loadTermStats, searchInSql, type IndexQueries } from './search.js';
import type { Store } from './types.js';
import { prefixQuery, type SearchQuery } from './words.js';

describeOnEngines('bulk load', (open) => {
  let store: Store;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store?.close();
  });

  const hasIndex = async () =>
    (
      await store.sql.query<{ found: boolean }>(
        "SELECT to_regclass('operations_search') IS NOT NULL AND to_regclass('schemas_search') IS NOT NULL AS found",
      )
    ).rows[0]?.found;
  const publish = (id: string, path: string) =>
    store.publish(publishInput(makeApi({ id, operations: [makeOperation('GET', path)], schemas: [] })));
  const found = async (q: string) => (await store.search(q)).map((h) => `${h.apiId} ${h.name}`);

  it('builds the search index once at the end when there was nothing to search', async () => {
    const during = await store.bulkLoad(async () => {
      await publish('zoo', '/zebras');
      return { index: await hasIndex(), hits: await found('zebras') };
    });
    expect(during).toEqual({ index: false, hits: ['zoo GET /zebras'] }); // searches scan meanwhile
    expect(await hasIndex()).toBe(true);
    const { rows } = await store.sql.query<{ reloptions: string[] | string; predicate: string }>(
      `SELECT c.reloptions, pg_get_expr(i.indpred, i.indrelid) AS predicate
         FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
        WHERE c.oid IN ('operations_search'::regclass, 'schemas_search'::regclass)`,
    );
    expect(rows.length).toBe(2);
    for (const row of rows) {
      expect(String(row.reloptions)).toContain('gin_pending_list_limit=128');
      expect(row.predicate).toBe('(search IS NOT NULL)');
    }
    expect(await found('zebras')).toEqual(['zoo GET /zebras']);
  });

  it('keeps the index of a store that has entries', async () => {
    expect(await store.bulkLoad(async () => (await publish('farm', '/yaks'), hasIndex()))).toBe(true);
    expect(await found('yaks')).toEqual(['farm GET /yaks']);
  });

  it('gathers the statistics of the search words, which searches then ask the index by', async () => {
    await store.bulkLoad(async () => {
      await publish('ranch', '/ponies/{ponyId}/saddles');
      await publish('stable', '/ponies/{ponyId}/bridles');
    });
    const stats = await loadTermStats(store.sql);
    // Every word of so few rows is among the most common; `poni` is in the three APIs' operations but the zoo's.
    expect(stats.operations?.frequencies.get('poni')).toBeCloseTo(2 / 4, 2);
    expect(stats.operations?.rows).toBe(4);
    expect(await found('ponies sad')).toEqual(['ranch GET /ponies/{ponyId}/saddles']);
  });

  it('finds the same when the index is asked for the whole words and the prefix is checked on their rows', async () => {
    const query = prefixQuery('ponies brid') as SearchQuery;
    expect(query.words).toEqual(['poni']);
    const byWords = { operations: "'poni'", schemas: "'poni'" };
    const names = async (index?: IndexQueries) =>
      (await searchInSql(store.sql, query, 20, undefined, index)).map((r) => `${r.api_id} ${r.name}`);
    expect(await names(byWords)).toEqual(['stable GET /ponies/{ponyId}/bridles']);
    expect(await names(byWords)).toEqual(await names());
  });

  it('gathers the statistics again when publishing has added a tenth of the rows and 50 more', async () => {
    const words = async () => (await loadTermStats(store.sql)).operations?.frequencies;
    const herd = (id: string, count: number) =>
      store.publish(
        publishInput(
          makeApi({
            id,
            operations: Array.from({ length: count }, (_, i) => makeOperation('GET', `/llamas/${i}`)),
            schemas: [],
          }),
        ),
      );
    await herd('andes', 30);
    expect((await words())?.has('llama')).toBe(false); // 30 rows: not yet
    await herd('altiplano', 30);
    expect((await words())?.get('llama')).toBeGreaterThan(0.5);
  });

  it('builds the index again when the work fails', async () => {
    // Nothing searchable: the rows stay, without their vectors.
    await store.sql.exec('UPDATE operations SET search = NULL; UPDATE schemas SET search = NULL');
    await expect(
      store.bulkLoad(async () => {
        await publish('pond', '/ducks');
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await hasIndex()).toBe(true);
    expect(await found('ducks')).toEqual(['pond GET /ducks']);
  });
});
