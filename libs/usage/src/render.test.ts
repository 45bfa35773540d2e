import { fileURLToPath } from 'node:url';
import { loadSpec } from '@interlock/openapi';
import { describe, expect, it } from 'vitest';
import { UsageAggregator } from './aggregate.js';
import { ApiDirectory } from './catalog-index.js';
import { reportToCsv, reportToHtml, reportToMarkdown } from './render.js';
import { buildReport } from './report.js';
import { span } from './test-support/spans.js';

const specs = fileURLToPath(new URL('../../../specs/', import.meta.url));

async function sampleReport() {
  const directory = new ApiDirectory([(await loadSpec(`${specs}shop.openapi.yaml`)).api]);
  const aggregator = new UsageAggregator(directory);
  const t = Date.UTC(2026, 10, 24, 10, 0, 0);
  aggregator.add([
    span({
      serviceName: 'shop',
      httpRoute: '/products',
      consumerId: '<script>alert(1)</script>',
      startTimeUnixMs: t,
    }),
    span({
      serviceName: 'shop',
      httpRoute: '/products',
      consumerId: '=HYPERLINK("x")',
      startTimeUnixMs: t,
      httpStatusCode: 500,
    }),
    span({
      serviceName: 'shop',
      httpRoute: '/orders/{orderId}/invoice',
      consumerId: 'legacy-invoicing',
      startTimeUnixMs: t,
    }),
    span({
      serviceName: 'shop',
      urlPath: '/orders/7/tracking',
      consumerId: 'mobile-app',
      startTimeUnixMs: t,
    }),
  ]);
  const { cells, latencies, undocumented } = aggregator.drain();
  return buildReport({
    directory,
    counts: cells.map((c) => ({ ...c })),
    traffic: cells.map((c) => ({
      apiId: c.apiId,
      bucket: c.minute,
      requests: c.count,
      errors: c.statusClass === '5xx' ? c.count : 0,
    })),
    latency: latencies.map((l) => ({ apiId: l.apiId, operationKey: l.operationKey, sketch: l.durations })),
    undocumented: undocumented.map((u) => ({
      ...u,
      apiId: u.apiId ?? '',
      requests: u.count,
      firstSeen: new Date(u.firstSeen).toISOString(),
      lastSeen: new Date(u.lastSeen).toISOString(),
    })),
    from: t - 3_600_000,
    to: t + 60_000,
    resolution: 'minute',
  });
}

describe('report renderers', () => {
  it('Markdown: a table of used operations, deprecated ones in use with their consumers, undocumented and unused', async () => {
    const md = reportToMarkdown(await sampleReport());
    expect(md).toMatch(/^# API usage/);
    expect(md).toContain('| ⚠️ `GET /orders/{orderId}/invoice` getOrderInvoice | 1 |');
    expect(md).toContain('(sunset 2027-06-30): legacy-invoicing (1)');
    expect(md).toContain('`GET /orders/{id}/tracking`: 1 requests');
    expect(md).toMatch(/\*\*Unused operations\*\* \(\d+\)/);
    expect(md).not.toContain('<script>');
  });

  it('CSV: one quoted row per operation, spreadsheet formulas neutralised', async () => {
    const csv = reportToCsv(await sampleReport());
    const lines = csv.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      '"apiId","operationId","method","path","deprecated","requests","errors4xx","errors5xx","p50Ms","p95Ms","p99Ms","consumers"',
    );
    expect(lines.find((l) => l.includes('"listProducts"'))).toContain('"2","0","1"');
    expect(csv).toContain('=HYPERLINK(""x""):1');
    expect(csv).not.toMatch(/(^|,)"[=+\-@]/m);
  });

  it('HTML: one self-contained file, every string escaped, charts as inline SVG', async () => {
    const html = reportToHtml(await sampleReport());
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|src="http|href="http/);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(html.match(/<svg /g)?.length).toBe(3);
    expect(html).toContain("default-src 'none'");
  });
});
