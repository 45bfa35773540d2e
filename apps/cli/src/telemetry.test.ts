import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./bin.ts', import.meta.url));
const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('INTERLOCK_TELEMETRY=1 interlock serve', () => {
  it("traces the catalog's own requests into its collector: Interlock shows up in its usage report", async () => {
    const [port, otlp] = [await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      [
        '--conditions=@interlock/source',
        '--import',
        'tsx',
        bin,
        'serve',
        '--port',
        String(port),
        '--otlp-port',
        String(otlp),
        '--specs',
        specs,
        '--no-watch',
        '--lint-workers',
        '0',
      ],
      {
        env: {
          ...process.env,
          INTERLOCK_TELEMETRY: '1',
          INTERLOCK_DATA_DIR: mkdtempSync(join(tmpdir(), 'interlock-tel-')),
          OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlp}`,
          OTEL_BSP_SCHEDULE_DELAY: '200',
          DATABASE_URL: '',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let log = '';
    child.stdout.on('data', (d) => (log += String(d)));
    child.stderr.on('data', (d) => (log += String(d)));
    try {
      const base = `http://127.0.0.1:${port}`;
      await expect.poll(() => log, { timeout: 60_000, interval: 200 }).toContain('Interlock catalog on');
      for (let i = 0; i < 3; i++) {
        expect((await fetch(`${base}/api/apis`, { headers: { 'x-consumer-id': 'ci-bot' } })).status).toBe(
          200,
        );
        expect((await fetch(`${base}/api/apis/shop/versions/latest/changes`)).status).toBe(200);
      }
      const report = async () => {
        const r = await fetch(`${base}/api/usage/report?api=interlock-catalog`);
        const body = (await r.json()) as { apis: { requests: number; consumers: { consumer: string }[] }[] };
        return body.apis[0];
      };
      await expect
        .poll(async () => (await report())?.requests ?? 0, { timeout: 30_000, interval: 300 })
        .toBeGreaterThanOrEqual(6);
      expect((await report())?.consumers.map((c) => c.consumer)).toContain('ci-bot');
      // The exporter's own OTLP requests are not counted as traffic of the collector.
      expect(log).not.toMatch(/Error/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  }, 120_000);
});
