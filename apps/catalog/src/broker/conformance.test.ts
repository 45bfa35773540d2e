// The official Pact Broker clients' own pacts against the Pact Broker, verified against the catalog with the real
// Pact Verifier: one run per interaction, so the score counts interactions.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { Verifier } from '@pact-foundation/pact';
import { hashToken } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalogApp } from '../app.js';
import { brokerClientStates, PLACEHOLDER_PATHS, REORDERED_QUERIES } from './conformance-states.js';

const dir = resolve(
  process.env.INTERLOCK_CONFORMANCE_DIR ?? resolve(import.meta.dirname, '../../../../../shared/conformance'),
  'pact-broker-client',
);
const present = existsSync(dir);

/** Interactions that do not pass, each with its reason (empty when all pass). */
const KNOWN_EXCEPTIONS: Record<string, string> = {};

describe.skipIf(!present)('Pact Broker clients’ pacts against the catalog', () => {
  let store: Store;
  let url: string;
  let close: () => Promise<void>;
  const work = mkdtempSync(join(tmpdir(), 'interlock-conformance-'));

  beforeAll(async () => {
    store = await createStore({ dataDir: 'memory://' });
    const app = createCatalogApp({
      store,
      adminTokenHash: hashToken('rw'),
      broker: { baseUrl: 'http://example.org' },
    });
    const server = serve({
      hostname: '127.0.0.1',
      port: 0,
      fetch: (request: Request) => {
        const u = new URL(request.url);
        u.pathname = PLACEHOLDER_PATHS[u.pathname] ?? u.pathname;
        const original = REORDERED_QUERIES[decodeURIComponent(u.search.slice(1)).replaceAll('+', ' ')];
        if (original) u.search = original;
        const headers = new Headers(request.headers);
        headers.set('authorization', 'Bearer rw');
        return app.fetch(
          new Request(u, {
            method: request.method,
            headers,
            body: request.body,
            duplex: 'half',
          } as RequestInit),
        );
      },
    });
    await new Promise<void>((done) => server.once('listening', () => done()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise<void>((done) => server.close(() => done()));
  });
  afterAll(async () => {
    await close?.();
    await store?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('verifies every interaction (or explains the exception)', { timeout: 600_000 }, async () => {
    const states = brokerClientStates(store.sql);
    const results: { file: string; description: string; state: string; ok: boolean; error?: string }[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const pact = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        interactions: Record<string, unknown>[];
      };
      for (const [i, interaction] of pact.interactions.entries()) {
        const path = join(work, `${i}.json`);
        writeFileSync(path, JSON.stringify({ ...pact, interactions: [interaction] }));
        const state = (interaction.providerState as string | undefined) ?? '';
        const description = interaction.description as string;
        try {
          await new Verifier({
            provider: 'Pact Broker',
            providerBaseUrl: url,
            pactUrls: [path],
            logLevel: 'error',
            beforeEach: async () => {
              await store.sql.exec(
                'TRUNCATE broker_pacticipants, broker_environments, broker_webhooks CASCADE',
              );
            },
            stateHandlers: Object.fromEntries(Object.entries(states).map(([k, f]) => [k, () => f()])),
          }).verifyProvider();
          results.push({ file, description, state, ok: true });
        } catch (error) {
          results.push({
            file,
            description,
            state,
            ok: false,
            error: String((error as Error).message ?? error).slice(0, 300),
          });
        }
      }
    }
    const failed = results.filter((r) => !r.ok);
    console.log(
      `Pact Broker client conformance: ${results.length - failed.length}/${results.length} interactions pass`,
    );
    for (const f of failed) console.log(`  FAIL ${f.file}: ${f.description} | given ${f.state}`);
    const unexplained = failed.filter((f) => !KNOWN_EXCEPTIONS[`${f.description} | ${f.state}`]);
    expect(unexplained.map((f) => `${f.description} | given ${f.state}`)).toEqual([]);
  });
});

it.skipIf(present)('Pact Broker clients’ pacts (conformance data absent)', () => {
  if (process.env.CI === 'true')
    throw new Error(`The conformance data is missing at ${dir}: under CI it must be there.`);
  console.warn(
    `Skipping the Pact Broker client conformance: ${dir} is absent (set INTERLOCK_CONFORMANCE_DIR).`,
  );
});
