import { execFileSync, fork } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { prepareText } from '@interlock/catalog';
import { createStore } from '@interlock/store';
import { decodeTraceBatch, decodeTraces, SpanBatch } from '@interlock/usage';
import { httpServerSpans } from '@interlock/usage/testing';
import { table } from './corpus.js';
import { INGEST_SPEC } from './ingest-spec.js';
import { OTLP_TRACE_PROTO } from './otlp-trace.proto.js';
import type { Benchmark } from './registry.js';

const SPANS = 512;
const PAYLOADS = 32;
const LOAD_SECONDS = Number(process.env.INGEST_SECONDS ?? 15);
const CONCURRENCY = 16;

/**
 * Issue "the usage collector": sustained OTLP/protobuf ingest with durability on (answered only once committed),
 * 512-span exports over HTTP from a second process, against the rate at which protobufjs merely decodes the same
 * exports. Target ≥ 200,000 spans/s on one core, peak RSS ≤ 300 MB.
 */
export const ingest: Benchmark = {
  name: 'ingest',
  description: 'OTLP/protobuf ingest, durable, 512-span exports over HTTP, vs protobufjs decoding the same',
  async run() {
    const payloads = Array.from({ length: PAYLOADS }, (_, i) =>
      Buffer.from(httpServerSpans({ count: SPANS, seed: i + 1, serviceName: 'orders' }).protobuf),
    );
    const kb = payloads.reduce((n, p) => n + p.byteLength, 0) / payloads.length / 1024;

    const root = protobuf.parse(OTLP_TRACE_PROTO).root;
    const Request = root.lookupType('otlp.ExportTraceServiceRequest');
    const protobufjs = rate(() => {
      for (const p of payloads) Request.decode(p);
    });
    const ours = rate(() => {
      for (const p of payloads) decodeTraces(p, 'protobuf');
    });
    const batch = new SpanBatch();
    const lazy = rate(() => {
      for (const p of payloads) decodeTraceBatch(p, batch);
    });

    // The spec is published here, so the collector's process holds the collector only (not the catalog's parsers).
    const dataDir = mkdtempSync(join(tmpdir(), 'interlock-bench-ingest-'));
    const schema = `bench_ingest_${process.pid}`;
    const store = await createStore(
      process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir },
    );
    await store.publish(await prepareText(INGEST_SPEC, { filename: 'orders.openapi.yaml' }));
    await store.close();
    const file = join(dataDir, 'payloads.json');
    writeFileSync(file, JSON.stringify(payloads.map((p) => p.toString('base64'))));
    const collector = fork(new URL('./ingest-collector.js', import.meta.url), [], {
      execArgv: process.env.INGEST_PROFILE
        ? ['--cpu-prof', '--cpu-prof-dir', process.env.INGEST_PROFILE]
        : [],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, INGEST_DATA_DIR: dataDir, INGEST_SCHEMA: schema },
    });
    const url = await new Promise<string>((resolve) =>
      collector.once('message', (m: { url: string }) => resolve(m.url)),
    );
    const pinned = pin(collector.pid, 0);
    const load = fork(
      new URL('./ingest-load.js', import.meta.url),
      [url, file, String(LOAD_SECONDS), String(CONCURRENCY)],
      {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        env: { ...process.env, SPANS_PER_PAYLOAD: String(SPANS) },
      },
    );
    if (pinned) pin(load.pid, 1);
    const sent = await new Promise<{ acked: number; refused: number; seconds: number; cpuSeconds: number }>(
      (resolve) => load.once('message', resolve),
    );
    collector.send('stop');
    const stats = await new Promise<{
      counted: number;
      undocumented: number;
      maxRssMiB: number;
      cpuSeconds: number;
    }>((resolve) => collector.once('message', resolve));
    const spansPerSecond = sent.acked / sent.seconds;
    console.log(
      table([
        ['figure', 'Interlock', 'anchor / target'],
        ['export size (KiB, 512 spans)', kb, '≈ 228 KB'],
        [
          'protobufjs decode only (spans/s, one core)',
          protobufjs * SPANS * PAYLOADS,
          'anchor ≈ 380,000–390,000',
        ],
        ['Interlock decoder into span records (spans/s)', ours * SPANS * PAYLOADS, ''],
        ['Interlock decoder as the collector runs it (spans/s)', lazy * SPANS * PAYLOADS, ''],
        ['ingest, durable, over HTTP (spans/s)', spansPerSecond, '≥ 200,000'],
        ['ingest ÷ protobufjs decode', spansPerSecond / (protobufjs * SPANS * PAYLOADS), ''],
        ['collector pinned to one core (taskset)', pinned ? 'yes: core 0, sender on core 1' : 'no', ''],
        ['collector CPU (cores used)', stats.cpuSeconds / sent.seconds, '≤ 1'],
        // What one core of the collector can take, whatever the machine's other load left it and the sender.
        ['spans per collector CPU-second', sent.acked / stats.cpuSeconds, '≥ 200,000'],
        ['load generator CPU (cores used)', sent.cpuSeconds / sent.seconds, ''],
        ['collector peak RSS (MiB)', stats.maxRssMiB, '≤ 300'],
        ['acknowledged spans', sent.acked, ''],
        ['counted spans (stored)', stats.counted + stats.undocumented, '= acknowledged'],
        ['exports refused (429/503)', sent.refused, ''],
      ]),
    );
  },
};

/**
 * Pins a process, all its threads (V8's and libuv's helpers too), to one CPU with taskset, so that "on one core" is
 * what is measured. Not done on a one-core machine, without taskset, or with INGEST_PIN=0.
 */
function pin(pid: number | undefined, cpu: number): boolean {
  if (pid === undefined || process.env.INGEST_PIN === '0' || availableParallelism() < 2) return false;
  try {
    execFileSync('taskset', ['-a', '-cp', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` for about two seconds after a warm-up; returns runs per second. */
function rate(fn: () => void): number {
  for (let i = 0; i < 3; i++) fn();
  let runs = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    fn();
    runs++;
  }
  return runs / ((performance.now() - started) / 1000);
}
