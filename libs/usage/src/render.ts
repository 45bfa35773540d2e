import type { ApiUsage, UsageReport } from './report.js';

// The report for people: Markdown (a PR comment, a wiki page), CSV (a spreadsheet) and one self-contained HTML file
// with SVG charts that opens offline. JSON is the report itself.

const ms = (n: number | null) => (n === null ? '–' : n < 10 ? n.toFixed(1) : String(Math.round(n)));
const pct = (part: number, whole: number) => (whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`);

export function reportToMarkdown(report: UsageReport): string {
  const md = (s: string) => s.replace(/[|\\`*_[\]<>]/g, (c) => `\\${c}`);
  const lines = [`# API usage, ${report.from.slice(0, 16)} – ${report.to.slice(0, 16)} UTC`, ''];
  for (const api of report.apis) {
    lines.push(
      `## ${md(api.apiId)} ${md(api.version)}`,
      '',
      `${api.requests} requests, ${pct(api.errors4xx, api.requests)} 4xx, ${pct(api.errors5xx, api.requests)} 5xx; ` +
        `latency p50 ${ms(api.latencyMs.p50)} ms, p95 ${ms(api.latencyMs.p95)} ms, p99 ${ms(api.latencyMs.p99)} ms.`,
      '',
    );
    const used = api.operations.filter((o) => o.requests > 0);
    if (used.length) {
      lines.push(
        '| Operation | Requests | 4xx | 5xx | p50 ms | p95 ms | p99 ms | Top consumers |',
        '|---|--:|--:|--:|--:|--:|--:|---|',
      );
      for (const o of used)
        lines.push(
          `| ${o.deprecated ? '⚠️ ' : ''}\`${o.method} ${md(o.path)}\` ${md(o.operationId ?? '')} | ${o.requests} | ${o.errors4xx} | ${o.errors5xx} | ${ms(o.latencyMs.p50)} | ${ms(o.latencyMs.p95)} | ${ms(o.latencyMs.p99)} | ${o.consumers
            .slice(0, 3)
            .map((c) => `${md(c.consumer)} (${c.requests})`)
            .join(', ')} |`,
        );
      lines.push('');
    }
    if (api.deprecatedInUse.length) {
      lines.push('**Deprecated operations still in use**', '');
      for (const d of api.deprecatedInUse)
        lines.push(
          `- \`${d.method} ${md(d.path)}\`${d.sunset ? ` (sunset ${d.sunset})` : ''}: ${d.consumers.map((c) => `${md(c.consumer)} (${c.requests})`).join(', ')}`,
        );
      lines.push('');
    }
    if (api.undocumented.length) {
      lines.push('**Undocumented endpoints called**', '');
      for (const u of api.undocumented)
        lines.push(
          `- \`${u.method} ${md(u.route)}\`: ${u.requests} requests, last ${u.lastSeen.slice(0, 16)}`,
        );
      lines.push('');
    }
    if (api.unused.length) {
      lines.push(
        `**Unused operations** (${api.unused.length}): ${api.unused.map((o) => `\`${o.method} ${md(o.path)}\``).join(', ')}`,
        '',
      );
    }
  }
  if (report.apis.length === 0) lines.push('No APIs in the catalog yet.');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function reportToCsv(report: UsageReport): string {
  const cell = (v: string | number | boolean | null | undefined) => {
    const s = v === null || v === undefined ? '' : String(v);
    // Quote always; neutralise spreadsheet formulas.
    return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
  };
  const rows = [
    [
      'apiId',
      'operationId',
      'method',
      'path',
      'deprecated',
      'requests',
      'errors4xx',
      'errors5xx',
      'p50Ms',
      'p95Ms',
      'p99Ms',
      'consumers',
    ],
  ];
  for (const api of report.apis)
    for (const o of api.operations)
      rows.push([
        api.apiId,
        o.operationId ?? '',
        o.method,
        o.path,
        String(o.deprecated),
        String(o.requests),
        String(o.errors4xx),
        String(o.errors5xx),
        o.latencyMs.p50 === null ? '' : String(o.latencyMs.p50),
        o.latencyMs.p95 === null ? '' : String(o.latencyMs.p95),
        o.latencyMs.p99 === null ? '' : String(o.latencyMs.p99),
        o.consumers.map((c) => `${c.consumer}:${c.requests}`).join(' '),
      ]);
  return `${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One HTML file, no scripts, no external resources: charts are inline SVG. */
export function reportToHtml(report: UsageReport): string {
  const e = escapeHtml;
  const sections = report.apis.map((api) => apiSection(api)).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>API usage report</title>
<style>
:root { color-scheme: light dark; --fg: #1b1f24; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --a: #0969da; --err: #cf222e; --warn: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --a: #4493f8; --err: #f85149; --warn: #d29922; } }
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg); max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1 { font-size: 1.5rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid var(--line); }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; font-size: .9rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); } td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); } .deprecated { color: var(--warn); } code { font-size: .9em; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1rem; }
figure { margin: 0; } figcaption { font-size: .85rem; color: var(--muted); }
svg text { fill: var(--muted); font-size: 11px; }
</style>
</head>
<body>
<main>
<h1>API usage report</h1>
<p class="muted">${e(report.from.slice(0, 16).replace('T', ' '))} – ${e(report.to.slice(0, 16).replace('T', ' '))} UTC, by ${e(report.resolution)}. ${report.apis.length} APIs, ${report.apis.reduce((n, a) => n + a.requests, 0)} requests.</p>
${sections || '<p>No APIs in the catalog yet.</p>'}
</main>
</body>
</html>
`;
}

function apiSection(api: ApiUsage): string {
  const e = escapeHtml;
  const used = api.operations.filter((o) => o.requests > 0);
  const rows = used
    .map(
      (
        o,
      ) => `<tr><td${o.deprecated ? ' class="deprecated" title="deprecated"' : ''}><code>${e(o.method)} ${e(o.path)}</code> ${o.deprecated ? '(deprecated)' : ''}<br><span class="muted">${e(o.operationId ?? '')}</span></td>
<td class="n">${o.requests}</td><td class="n">${o.errors4xx}</td><td class="n">${o.errors5xx}</td><td class="n">${ms(o.latencyMs.p50)}</td><td class="n">${ms(o.latencyMs.p95)}</td><td class="n">${ms(o.latencyMs.p99)}</td>
<td>${o.consumers
        .slice(0, 3)
        .map((c) => `${e(c.consumer)} <span class="muted">${c.requests}</span>`)
        .join(', ')}</td></tr>`,
    )
    .join('\n');
  const list = (title: string, items: string[]) =>
    items.length ? `<h3>${title}</h3><ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>` : '';
  return `<section aria-labelledby="api-${e(api.apiId)}">
<h2 id="api-${e(api.apiId)}">${e(api.apiId)} <span class="muted">${e(api.version)}</span></h2>
<p>${api.requests} requests · ${pct(api.errors4xx, api.requests)} 4xx · ${pct(api.errors5xx, api.requests)} 5xx · p50 ${ms(api.latencyMs.p50)} ms · p95 ${ms(api.latencyMs.p95)} ms · p99 ${ms(api.latencyMs.p99)} ms</p>
<div class="charts">
<figure>${trafficChart(api)}<figcaption>Requests (line) and errors (red) over time</figcaption></figure>
<figure>${barChart(
    api.consumers.slice(0, 8).map((c) => [c.consumer, c.requests]),
    'requests',
  )}<figcaption>Top consumers</figcaption></figure>
<figure>${latencyChart(used.slice(0, 8).map((o) => [`${o.method} ${o.path}`, o.latencyMs]))}<figcaption>Latency p50 / p95 / p99 (ms), busiest operations</figcaption></figure>
</div>
${used.length ? `<table><thead><tr><th>Operation</th><th class="n">Requests</th><th class="n">4xx</th><th class="n">5xx</th><th class="n">p50 ms</th><th class="n">p95 ms</th><th class="n">p99 ms</th><th>Top consumers</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="muted">No traffic in this period.</p>'}
${list(
  'Deprecated operations still in use',
  api.deprecatedInUse.map(
    (d) =>
      `<code>${e(d.method)} ${e(d.path)}</code>${d.sunset ? ` (sunset ${e(d.sunset)})` : ''}: ${d.consumers.map((c) => `${e(c.consumer)} (${c.requests})`).join(', ')}`,
  ),
)}
${list(
  'Undocumented endpoints called',
  api.undocumented.map(
    (u) =>
      `<code>${e(u.method)} ${e(u.route)}</code>: ${u.requests} requests, last ${e(u.lastSeen.slice(0, 16).replace('T', ' '))}`,
  ),
)}
${list(
  `Unused operations (${api.unused.length})`,
  api.unused.map((o) => `<code>${e(o.method)} ${e(o.path)}</code>`),
)}
</section>`;
}

const W = 320;
const H = 120;

function trafficChart(api: ApiUsage): string {
  const points = api.traffic;
  const max = Math.max(1, ...points.map((p) => p.requests));
  const x = (i: number) => (points.length <= 1 ? 0 : (i / (points.length - 1)) * (W - 10)) + 5;
  const y = (v: number) => H - 15 - (v / max) * (H - 25);
  const line = (key: 'requests' | 'errors') =>
    points.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  return `<svg viewBox="0 0 ${W} ${H}" width="100%" role="img" aria-label="Requests over time, at most ${max} per ${points.length ? 'bucket' : 'period'}">
<line x1="5" y1="${H - 15}" x2="${W - 5}" y2="${H - 15}" stroke="currentColor" stroke-opacity=".2"/>
<polyline fill="none" style="stroke:var(--a)" stroke-width="1.5" points="${line('requests')}"/>
<polyline fill="none" style="stroke:var(--err)" stroke-width="1.5" points="${line('errors')}"/>
<text x="5" y="10">${max}</text><text x="5" y="${H - 2}">${escapeHtml(points[0]?.t.slice(5, 16).replace('T', ' ') ?? '')}</text>
<text x="${W - 5}" y="${H - 2}" text-anchor="end">${escapeHtml(points.at(-1)?.t.slice(5, 16).replace('T', ' ') ?? '')}</text>
</svg>`;
}

function barChart(items: [string, number][], unit: string): string {
  const max = Math.max(1, ...items.map(([, v]) => v));
  const row = 18;
  const height = Math.max(row, items.length * row);
  const bars = items
    .map(
      ([label, v], i) =>
        `<text x="0" y="${i * row + 12}">${escapeHtml(label.slice(0, 24))}</text><rect x="140" y="${i * row + 3}" width="${((v / max) * (W - 190)).toFixed(1)}" height="12" style="fill:var(--a)"/><text x="${(145 + (v / max) * (W - 190)).toFixed(1)}" y="${i * row + 12}">${v}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="${items.length} bars of ${unit}">${bars || '<text x="0" y="12">No traffic</text>'}</svg>`;
}

function latencyChart(
  items: [string, { p50: number | null; p95: number | null; p99: number | null }][],
): string {
  const max = Math.max(1, ...items.map(([, l]) => l.p99 ?? 0));
  const row = 18;
  const height = Math.max(row, items.length * row);
  const scale = (v: number | null) => (((v ?? 0) / max) * (W - 190)).toFixed(1);
  const bars = items
    .map(
      ([label, l], i) =>
        `<text x="0" y="${i * row + 12}">${escapeHtml(label.slice(0, 24))}</text>` +
        `<rect x="140" y="${i * row + 3}" width="${scale(l.p99)}" height="12" style="fill:var(--err);fill-opacity:.35"/>` +
        `<rect x="140" y="${i * row + 3}" width="${scale(l.p95)}" height="12" style="fill:var(--warn);fill-opacity:.6"/>` +
        `<rect x="140" y="${i * row + 3}" width="${scale(l.p50)}" height="12" style="fill:var(--a)"/>` +
        `<text x="${(145 + Number(scale(l.p99))).toFixed(1)}" y="${i * row + 12}">${ms(l.p99)}</text>`,
    )
    .join('');
  return `<svg viewBox="0 0 ${W} ${height}" width="100%" role="img" aria-label="Latency percentiles of ${items.length} operations">${bars || '<text x="0" y="12">No traffic</text>'}</svg>`;
}
