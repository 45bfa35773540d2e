import { hashToken } from '@interlock/catalog';
import { startCatalog } from '@interlock/catalog-server';
import { createStore, type Store } from '@interlock/store';
import { percentile, table } from './corpus.js';
import type { Benchmark } from './registry.js';

const PACTICIPANTS = 100;
const VERSIONS = 50;
const VERIFICATIONS = 10_000;
const ENVIRONMENTS = 5;
const REQUESTS = 300;

/**
 * The Pact-Broker-compatible API under a broker's typical load: 100 pacticipants with 50 versions each (each a
 * consumer of the next three, its pact content changing every fifth version), 10,000 verification results,
 * 5 environments with a version of every pacticipant deployed. can-i-deploy and pacts-for-verification through
 * HTTP, target p95 ≤ 20 ms each (the Pact Broker's users report matrix timeouts and slow verification queries:
 * pact_broker issues 580 and 487).
 */
export const broker: Benchmark = {
  name: 'broker',
  description:
    'can-i-deploy and pacts for verification over HTTP on 100 pacticipants × 50 versions, 10,000 verifications',
  async run() {
    const url = process.env.DATABASE_URL;
    const store = await createStore(
      url ? { databaseUrl: url, schema: `bench_broker_${process.pid}` } : { dataDir: 'memory://' },
    );
    try {
      let t = performance.now();
      await seed(store);
      const seedMs = performance.now() - t;
      const server = await startCatalog({ store, adminTokenHash: hashToken('bench'), port: 0 });
      try {
        const headers = {
          authorization: 'Bearer bench',
          'content-type': 'application/json',
          accept: 'application/hal+json',
        };
        const name = (i: number) => `service-${String(i % PACTICIPANTS).padStart(3, '0')}`;
        const canIDeploy = (i: number) =>
          fetch(
            `${server.url}/can-i-deploy?pacticipant=${name(i * 37)}&version=1.${VERSIONS - (i % 7)}.0&environment=env-${(i % ENVIRONMENTS) + 1}`,
            { headers },
          );
        const forVerification = (i: number) =>
          fetch(`${server.url}/pacts/provider/${name(i * 53)}/for-verification`, {
            method: 'POST',
            headers,
            body: JSON.stringify({
              consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }],
              providerVersionBranch: 'main',
              includePendingStatus: true,
              includeWipPactsSince: '2020-01-01',
            }),
          });
        const rows: (string | number)[][] = [['latency (ms)', 'p50', 'p95', 'max', 'target p95']];
        const checks: string[] = [];
        for (const [label, call, check] of [
          [
            'can-i-deploy',
            canIDeploy,
            (b: Record<string, unknown>) =>
              typeof (b.summary as { deployable?: unknown }).deployable !== 'undefined',
          ],
          [
            'for-verification',
            forVerification,
            (b: Record<string, unknown>) => ((b._embedded as { pacts: unknown[] }).pacts.length ?? 0) > 0,
          ],
        ] as const) {
          for (let i = 0; i < 20; i++) await (await call(i)).text(); // warm up
          const times: number[] = [];
          let ok = 0;
          for (let i = 0; i < REQUESTS; i++) {
            t = performance.now();
            const response = await call(i);
            const body = (await response.json()) as Record<string, unknown>;
            times.push(performance.now() - t);
            if (response.status === 200 && check(body)) ok++;
          }
          times.sort((a, b) => a - b);
          rows.push([
            label,
            percentile(times, 50),
            percentile(times, 95),
            times[times.length - 1] as number,
            '≤ 20',
          ]);
          checks.push(`${label}: ${ok}/${REQUESTS} answers as expected`);
        }
        console.log(
          `Store: ${store.engine}; seeded in ${(seedMs / 1000).toFixed(1)} s; ${REQUESTS} requests each, one at a time.`,
        );
        console.log(table(rows));
        console.log(checks.join('\n'));
        console.log(
          'Anchor: the Pact Broker (Ruby) is not run here; its users report matrix timeouts (pact_broker#580) and slow verification queries (#487).',
        );
      } finally {
        await server.close();
      }
    } finally {
      if (store.engine === 'postgres')
        await store.sql.exec(`DROP SCHEMA IF EXISTS bench_broker_${process.pid} CASCADE`);
      await store.close();
    }
  },
};

/** Bulk data straight into the broker's tables (in SQL, so that seeding takes seconds, not minutes). */
export async function seed(store: Store): Promise<void> {
  const sql = store.sql;
  await sql.exec(`
    INSERT INTO broker_pacticipants (name, main_branch)
      SELECT 'service-' || lpad(i::text, 3, '0'), 'main' FROM generate_series(0, ${PACTICIPANTS - 1}) i;
    INSERT INTO broker_versions (pacticipant_id, number, created_at)
      SELECT p.id, '1.' || v || '.0', now() - (${VERSIONS} - v) * interval '1 hour'
      FROM generate_series(1, ${VERSIONS}) v, broker_pacticipants p ORDER BY v, p.id;
    INSERT INTO broker_branches (pacticipant_id, name, created_at) SELECT id, 'main', now() - interval '100 days' FROM broker_pacticipants;
    INSERT INTO broker_branch_versions (branch_id, version_id) SELECT b.id, v.id FROM broker_branches b JOIN broker_versions v ON v.pacticipant_id = b.pacticipant_id;
    -- Each pacticipant consumes the next three; its pact content changes every fifth version.
    CREATE TEMP TABLE bench_integrations AS
      SELECT c.id AS consumer_id, p.id AS provider_id, c.name AS consumer, p.name AS provider
      FROM broker_pacticipants c, generate_series(1, 3) k, broker_pacticipants p
      WHERE p.name = 'service-' || lpad(((substring(c.name from 9)::int + k) % ${PACTICIPANTS})::text, 3, '0');
    INSERT INTO broker_pact_versions (consumer_id, provider_id, sha, content, created_at)
      SELECT consumer_id, provider_id, md5(consumer || provider || g), json_build_object(
        'consumer', json_build_object('name', consumer), 'provider', json_build_object('name', provider),
        'interactions', json_build_array(json_build_object('description', 'request ' || g,
          'request', json_build_object('method', 'GET', 'path', '/things/' || g), 'response', json_build_object('status', 200))))::text,
        now() - (${VERSIONS} - g * 5) * interval '1 hour'
      FROM bench_integrations, generate_series(1, ${VERSIONS / 5}) g;
    INSERT INTO broker_pact_publications (consumer_version_id, provider_id, pact_version_id)
      SELECT v.id, i.provider_id, pv.id
      FROM bench_integrations i JOIN broker_versions v ON v.pacticipant_id = i.consumer_id
      JOIN broker_pact_versions pv ON pv.consumer_id = i.consumer_id AND pv.provider_id = i.provider_id
        AND pv.sha = md5(i.consumer || i.provider || ((substring(v.number from 3 for length(v.number) - 4)::int + 4) / 5));
    -- Verifications: each content by provider versions around its time; one in twenty fails.
    INSERT INTO broker_verifications (pact_version_id, provider_version_id, success, created_at)
      SELECT pact_version_id, provider_version_id, n % 20 <> 0, now() - interval '1 minute' * (${VERIFICATIONS} - n)
      FROM (
        SELECT g.id AS pact_version_id, pv.id AS provider_version_id, row_number() OVER (ORDER BY g.id, k) AS n
        FROM (
          SELECT c.id, c.provider_id, min(substring(v.number from 3 for length(v.number) - 4)::int) AS first
          FROM broker_pact_versions c JOIN broker_pact_publications pp ON pp.pact_version_id = c.id
          JOIN broker_versions v ON v.id = pp.consumer_version_id GROUP BY c.id, c.provider_id
        ) g CROSS JOIN generate_series(0, 3) k
        JOIN broker_versions pv ON pv.pacticipant_id = g.provider_id AND pv.number = '1.' || least(${VERSIONS}, g.first + k) || '.0'
      ) x WHERE n <= ${VERIFICATIONS};
    INSERT INTO broker_environments (uuid, name, production)
      SELECT md5('env' || e)::uuid::text, 'env-' || e, e = 1 FROM generate_series(1, ${ENVIRONMENTS}) e;
    INSERT INTO broker_deployed_versions (uuid, version_id, pacticipant_id, environment_uuid)
      SELECT md5('dep' || e || v.id)::uuid::text, v.id, v.pacticipant_id, md5('env' || e)::uuid::text
      FROM generate_series(1, ${ENVIRONMENTS}) e JOIN broker_versions v ON v.number = '1.' || (${VERSIONS} - (e - 1) * 3) || '.0';
    DROP TABLE bench_integrations;
  `);
  const counts = await sql.query<{ t: string; n: string }>(`
    SELECT 'pacticipants' AS t, count(*)::text AS n FROM broker_pacticipants UNION ALL
    SELECT 'versions', count(*)::text FROM broker_versions UNION ALL
    SELECT 'pact publications', count(*)::text FROM broker_pact_publications UNION ALL
    SELECT 'pact contents', count(*)::text FROM broker_pact_versions UNION ALL
    SELECT 'verifications', count(*)::text FROM broker_verifications UNION ALL
    SELECT 'environments', count(*)::text FROM broker_environments UNION ALL
    SELECT 'deployments', count(*)::text FROM broker_deployed_versions`);
  console.log(counts.rows.map((r) => `${r.t}: ${r.n}`).join(', '));
  await sql.exec('ANALYZE');
}
