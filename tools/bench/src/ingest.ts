import { execFileSync, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
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

    // The spec is published here, then `interlock serve collector` runs on that store, as it is deployed: its
    // process holds the collector only (not the catalog's parsers) and is measured from outside.
    const dataDir = mkdtempSync(join(tmpdir(), 'interlock-bench-ingest-'));
    const database = process.env.DATABASE_URL ? await scratchDatabase(process.env.DATABASE_URL) : undefined;
    const where = database ? { databaseUrl: database.url } : { dataDir };
    const setup = await createStore(where);
    await setup.publish(await prepareText(INGEST_SPEC, { filename: 'orders.openapi.yaml' }));
    await setup.close();
    const file = join(dataDir, 'payloads.json');
    writeFileSync(file, JSON.stringify(payloads.map((p) => p.toString('base64'))));

    const collector = spawn(
      process.execPath,
      [
        ...(process.env.INGEST_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.INGEST_PROFILE] : []),
        fileURLToPath(new URL('../../../apps/cli/dist/bin.js', import.meta.url)),
        'serve',
        'collector',
        '--otlp-port',
        '0',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: {
          ...withoutTelemetry(process.env),
          INTERLOCK_DATA_DIR: dataDir,
          DATABASE_URL: database?.url ?? '',
        },
      },
    );
    const exited = new Promise<number | null>((resolve) => collector.once('exit', resolve));
    const url = await collectorUrl(collector.stdout, exited);
    const pid = collector.pid as number;
    const pinned = pin(pid, 0);
    // CPU is counted from here: the load starts now, start-up (PGlite, migrations) is not part of it.
    const ready = cpuSeconds(pid);
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
    const stats = { cpuSeconds: cpuSeconds(pid) - ready, maxRssMiB: processPeakRssMiB(pid) };
    // SIGTERM: the collector commits what is pending and folds its journal into the usage tables, then exits.
    collector.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`interlock serve collector exited with ${code} after SIGTERM`);
    const store = await createStore(where);
    const counted = await store.sql.query<{ n: string }>(
      `SELECT (SELECT coalesce(sum(count), 0) FROM usage_counts WHERE resolution = 'day')
            + (SELECT coalesce(sum(count), 0) FROM usage_undocumented) AS n`,
    );
    await store.close();
    await database?.drop();
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
        ['counted spans (stored)', Number(counted.rows[0]?.n ?? 0), '= acknowledged'],
        ['exports refused (429/503)', sent.refused, ''],
      ]),
    );
  },
};

/** The collector's OTLP URL, from the line `serve` prints once it listens. */
async function collectorUrl(stdout: Readable, exited: Promise<number | null>): Promise<string> {
  const lines = createInterface({ input: stdout });
  const found = new Promise<string>((resolve) =>
    lines.on('line', (line) => {
      const url = /OTLP\/HTTP on (\S+)\/v1\/traces/.exec(line)?.[1];
      if (url) resolve(url);
    }),
  );
  return Promise.race([
    found,
    exited.then((code) => {
      throw new Error(`interlock serve collector exited with ${code} before listening`);
    }),
  ]);
}

/** User + system CPU of a process, all its threads, so far (Linux: /proc). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command's closing parenthesis: state is the first, utime the 12th, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return (Number(fields[11]) + Number(fields[12])) / clockTicks;
}

/** Asked when first needed: this module loads with every benchmark. */
let clockTicks: number | undefined;

/** Peak resident memory of a process since it started (Linux: VmHWM). */
function processPeakRssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}

/** A database of its own on the PostgreSQL server, dropped after the run. */
async function scratchDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `interlock_bench_ingest_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

function withoutTelemetry(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { INTERLOCK_TELEMETRY: _, ...rest } = env;
  return rest;
}

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
