#!/usr/bin/env node
// Tracing has to start before the servers' modules load (they are patched as they are imported), so `main` is
// imported only after it: with INTERLOCK_TELEMETRY=1, `interlock serve` traces its own HTTP traffic into the
// collector (its own, by default), and the catalog's usage report covers Interlock itself.
const argv = process.argv.slice(2);
let telemetry: { shutdown(): Promise<void> } | undefined;
if (process.env.INTERLOCK_TELEMETRY === '1' && argv[0] === 'serve') {
  const { startTelemetry } = await import('@interlock/telemetry');
  const component = argv[1] && !argv[1].startsWith('-') ? argv[1] : 'all';
  telemetry = startTelemetry({
    // One process serves both in `serve all`: its traffic is the catalog's (the collector's is OTLP, not traced).
    serviceName: component === 'collector' ? 'interlock-collector' : 'interlock-catalog',
    ignoreIncomingPaths: ['/v1/traces'],
  });
}
const { main } = await import('./main.js');

const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

process.exitCode = await main(argv, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});
await telemetry?.shutdown();
