// "Acknowledged means counted": a collector killed with SIGKILL under load loses no acknowledged span and counts
// none twice (what it acknowledged is in the store's journal, folded by the next collector to start); SIGTERM
// commits and folds what is pending before exiting. On PostgreSQL (the collector's shared store).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { prepareFile } from '@interlock/catalog';
import { createStore, type Store } from '@interlock/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverSpans } from './test-support/spans.js';

const url = process.env.DATABASE_URL;
const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));
const schema = `test_collector_${process.pid}`;
const SPANS_PER_EXPORT = 50;
const payload = ProtobufTraceSerializer.serializeRequest(
  serverSpans(
    'shop',
    Array.from({ length: SPANS_PER_EXPORT }, () => ({ method: 'GET', route: '/products', status: 200 })),
  ),
) as Uint8Array;

if (!url && process.env.CI === 'true')
  throw new Error('DATABASE_URL is not set: under CI the durability test must run');

function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(fileURLToPath(new URL('./test-support/collector-process.ts', import.meta.url)), [], {
    execArgv: ['--conditions=@interlock/source', '--import', 'tsx'],
    env: { ...process.env, COLLECTOR_SCHEMA: schema },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m: { url: string }) => resolve({ child, url: m.url }));
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}`)));
  });
}

/** Senders post exports back to back until stopped; counts what was acknowledged and what was in flight. */
function load(target: string, senders: number) {
  let stopped = false;
  let acked = 0;
  const loops = Array.from({ length: senders }, async () => {
    while (!stopped) {
      try {
        const response = await fetch(`${target}/v1/traces`, {
          method: 'POST',
          body: payload as BodyInit,
          headers: { 'content-type': 'application/x-protobuf' },
        });
        await response.arrayBuffer();
        if (response.status === 200) acked += SPANS_PER_EXPORT;
      } catch {
        // The collector died mid-request: not acknowledged.
      }
    }
  });
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return { acked };
    },
  };
}

async function counted(store: Store): Promise<number> {
  const { rows } = await store.sql.query<{ n: string | null }>(
    `SELECT sum(count) AS n FROM usage_counts WHERE resolution = 'minute' AND api_id = 'shop'`,
  );
  return Number(rows[0]?.n ?? 0);
}

describe.skipIf(!url)('durability (PostgreSQL)', () => {
  let store: Store;
  beforeAll(async () => {
    store = await createStore({ databaseUrl: url as string, schema });
    await store.publish(await prepareFile(specs, 'shop.openapi.yaml', 'shop'));
  });
  afterAll(async () => {
    await store?.sql.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await store?.close();
  });

  it('loses no acknowledged span and counts none twice when killed with SIGKILL under load', async () => {
    const { child, url: target } = await startChild();
    const running = load(target, 8);
    await new Promise((r) => setTimeout(r, 1500));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const { acked } = await running.stop();
    expect(acked).toBeGreaterThan(0);

    // Acknowledged exports are in the journal (or already folded); the next collector folds the rest as it starts.
    const again = await startChild();
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    const stored = await counted(store);
    // Every acknowledged span is there; beyond them, at most the exports that were in flight (committed, then the
    // process died before answering) — each counted once.
    expect(stored).toBeGreaterThanOrEqual(acked);
    expect(stored - acked).toBeLessThanOrEqual(8 * SPANS_PER_EXPORT);
    expect((stored - acked) % SPANS_PER_EXPORT).toBe(0);
    again.child.kill('SIGTERM');
    expect(await new Promise((r) => again.child.once('exit', r))).toBe(0);

    // A collector starting on the same store again finds nothing left to replay and adds nothing by itself.
    const third = await startChild();
    expect((await fetch(`${third.url}/healthz`)).status).toBe(200);
    expect(await counted(store)).toBe(stored);
    third.child.kill('SIGTERM');
    expect(await new Promise((r) => third.child.once('exit', r))).toBe(0);
  });

  it('commits what is pending and exits cleanly on SIGTERM', async () => {
    const before = await counted(store);
    const { child, url: target } = await startChild();
    const running = load(target, 4);
    await new Promise((r) => setTimeout(r, 800));
    child.kill('SIGTERM');
    const exitCode = await new Promise((r) => child.once('exit', r));
    const { acked } = await running.stop();
    expect(exitCode).toBe(0);
    expect((await counted(store)) - before).toBeGreaterThanOrEqual(acked);
  });
});
