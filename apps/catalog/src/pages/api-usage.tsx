import type { ApiUsage } from '@interlock/usage';
import { DataTable, formatMs, formatNumber, Method, operationAnchor, TrafficChart } from './components.js';

const pct = (part: number, whole: number) => (whole === 0 ? '0 %' : `${((100 * part) / whole).toFixed(1)} %`);

/** Requests over time, latency percentiles, errors, top consumers, unused and deprecated-in-use operations. */
export function UsageSection({ usage, since }: { usage: ApiUsage; since: string }) {
  const used = usage.operations.filter((o) => o.requests > 0);
  return (
    <section id="usage" aria-labelledby="usage-h">
      <h2 id="usage-h">Usage</h2>
      <p class="muted">
        Last {period(since)}, from the collector's rollups
        {usage.version ? ` (matched against ${usage.version})` : ''}.
      </p>
      {usage.requests === 0 && usage.undocumented.length === 0 ? (
        <p class="empty">
          No traffic recorded in this period. Point OpenTelemetry exporters at the collector to see it.
        </p>
      ) : (
        <>
          <div class="stats">
            <Stat value={formatNumber(usage.requests)} label="requests" />
            <Stat value={pct(usage.errors4xx, usage.requests)} label="4xx errors" />
            <Stat value={pct(usage.errors5xx, usage.requests)} label="5xx errors" />
            <Stat value={`${formatMs(usage.latencyMs.p50)} ms`} label="p50 latency" />
            <Stat value={`${formatMs(usage.latencyMs.p95)} ms`} label="p95 latency" />
            <Stat value={`${formatMs(usage.latencyMs.p99)} ms`} label="p99 latency" />
            <Stat value={formatNumber(usage.consumers.length)} label="consumers" />
          </div>
          <figure>
            <TrafficChart traffic={usage.traffic} />
            <figcaption class="muted">Requests (blue) and errors (red) per {bucketName(usage)}</figcaption>
          </figure>
          <h3>Top consumers</h3>
          <DataTable columns={['Consumer', { label: 'Requests', n: true }]}>
            {usage.consumers.slice(0, 10).map((c) => (
              <tr>
                <td>{c.consumer}</td>
                <td class="n">{formatNumber(c.requests)}</td>
              </tr>
            ))}
          </DataTable>
          <h3>Operations</h3>
          <DataTable
            columns={[
              'Operation',
              ...['Requests', '4xx', '5xx', 'p50 ms', 'p95 ms', 'p99 ms'].map((label) => ({
                label,
                n: true as const,
              })),
            ]}
          >
            {used.map((o) => (
              <tr>
                <td>
                  <Method method={o.method} />{' '}
                  <a href={`#${encodeURIComponent(operationAnchor(o.method, o.path))}`}>{o.path}</a>
                  {o.deprecated ? <span class="badge lc-deprecated"> deprecated</span> : ''}
                </td>
                <td class="n">{formatNumber(o.requests)}</td>
                <td class="n">{formatNumber(o.errors4xx)}</td>
                <td class="n">{formatNumber(o.errors5xx)}</td>
                <td class="n">{formatMs(o.latencyMs.p50)}</td>
                <td class="n">{formatMs(o.latencyMs.p95)}</td>
                <td class="n">{formatMs(o.latencyMs.p99)}</td>
              </tr>
            ))}
          </DataTable>
        </>
      )}
      <h3>Deprecated operations still in use</h3>
      {usage.deprecatedInUse.length ? (
        <ul>
          {usage.deprecatedInUse.map((d) => (
            <li>
              <Method method={d.method} /> <code>{d.path}</code>
              {d.sunset ? ` (sunset ${d.sunset})` : ''}:{' '}
              {d.consumers.map((c) => `${c.consumer} (${c.requests})`).join(', ')}
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
      {usage.undocumented.length ? (
        <>
          <h3>Undocumented endpoints called</h3>
          <ul>
            {usage.undocumented.slice(0, 50).map((u) => (
              <li>
                <Method method={u.method} /> <code>{u.route}</code>: {formatNumber(u.requests)} requests, last{' '}
                {u.lastSeen.slice(0, 16).replace('T', ' ')}
              </li>
            ))}
          </ul>
        </>
      ) : (
        ''
      )}
      <h3>Unused operations ({usage.unused.length})</h3>
      {usage.unused.length ? (
        <ul>
          {usage.unused.slice(0, 200).map((o) => (
            <li>
              <Method method={o.method} />{' '}
              <a href={`#${encodeURIComponent(operationAnchor(o.method, o.path))}`}>{o.path}</a>
            </li>
          ))}
          {usage.unused.length > 200 ? <li class="muted">and {usage.unused.length - 200} more</li> : ''}
        </ul>
      ) : (
        <p class="muted">Every operation was called.</p>
      )}
    </section>
  );
}

function Stat({ value, label }: { value: string; label: string }) {
  return (
    <div class="stat">
      <b>{value}</b>
      <span>{label}</span>
    </div>
  );
}

function bucketName(usage: ApiUsage): string {
  const [a, b] = usage.traffic;
  if (!a || !b) return 'bucket';
  const step = Date.parse(b.t) - Date.parse(a.t);
  return step <= 60_000 ? 'minute' : step <= 3_600_000 ? 'hour' : 'day';
}

const UNITS: Record<string, string> = { m: 'minute', h: 'hour', d: 'day', w: 'week' };

/** `7d` → `7 days`, `1h` → `hour`. */
export function period(since: string): string {
  const match = /^(\d+)\s*([mhdw])$/.exec(since.trim());
  if (!match) return since;
  const n = Number(match[1]);
  const unit = UNITS[match[2] as string] ?? match[2];
  return n === 1 ? `${unit}` : `${n} ${unit}s`;
}
