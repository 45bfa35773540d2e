import type { Lifecycle } from '@interlock/openapi';
import type { Child } from 'hono/jsx';
import type { LintGrade } from '@interlock/store';

/** The id of an operation's section on its API page: method and path, unique within a version. */
export const operationAnchor = (method: string, path: string) => `${method.toUpperCase()}${path}`;
export const schemaAnchor = (name: string) => `schema-${name}`;

export const apiHref = (apiId: string) => `/apis/${encodeURIComponent(apiId)}`;
export const versionHref = (apiId: string, version: string, anchor?: string) =>
  `${apiHref(apiId)}/versions/${encodeURIComponent(version)}${anchor ? `#${encodeURIComponent(anchor)}` : ''}`;

/** An operation's documentation: its anchor on a small API's page, a page of its own on a large one (a redirect). */
export const operationHref = (apiId: string, version: string, key: string) =>
  `${versionHref(apiId, version)}/operations?key=${encodeURIComponent(key)}`;

export function GradeBadge({ grade }: { grade: LintGrade | null }) {
  if (!grade)
    return (
      <span class="muted" title="Not linted yet">
        –
      </span>
    );
  return (
    <span class={`badge grade grade-${grade.toLowerCase()}`} title={`Lint grade ${grade}`}>
      {grade}
    </span>
  );
}

export function LifecycleBadge({ lifecycle }: { lifecycle: Lifecycle }) {
  return <span class={`badge lc-${lifecycle}`}>{lifecycle}</span>;
}

export function Method({ method }: { method: string }) {
  const m = method.toLowerCase();
  return <span class={`method m-${m}`}>{method.toUpperCase()}</span>;
}

/** Text with «matches» (the store's snippet markers) shown as <mark>; everything else is escaped by JSX. */
export function Highlighted({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/(«[^»]*»)/)
        .filter(Boolean)
        .map((part) =>
          part.startsWith('«') && part.endsWith('»') ? <mark>{part.slice(1, -1)}</mark> : part,
        )}
    </>
  );
}

/** A tiny line of requests per bucket, for lists. */
export function Sparkline({ values, label }: { values: number[]; label: string }) {
  const max = Math.max(...values);
  if (!values.length || max === 0) return <span class="muted">–</span>;
  const w = 100;
  const h = 24;
  const x = (i: number) => (values.length === 1 ? w / 2 : (i / (values.length - 1)) * (w - 2) + 1);
  const y = (v: number) => h - 2 - (v / max) * (h - 4);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return (
    <svg class="spark" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label}>
      <polyline class="line" points={points} />
    </svg>
  );
}

/** Requests (line) and errors (red) over time, with the peak and the time range labelled. */
export function TrafficChart({ traffic }: { traffic: { t: string; requests: number; errors: number }[] }) {
  const w = 640;
  const h = 160;
  const max = Math.max(1, ...traffic.map((p) => p.requests));
  const x = (i: number) => (traffic.length <= 1 ? 40 : 40 + (i / (traffic.length - 1)) * (w - 50));
  const y = (v: number) => h - 20 - (v / max) * (h - 35);
  const line = (key: 'requests' | 'errors') =>
    traffic.map((p, i) => `${x(i).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const when = (t: string | undefined) => (t ? t.slice(5, 16).replace('T', ' ') : '');
  const total = traffic.reduce((n, p) => n + p.requests, 0);
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${w} ${h}`}
      role="img"
      aria-label={`Requests over time: ${total} in all, at most ${max} per bucket`}
    >
      <line class="axis" x1={40} y1={h - 20} x2={w - 10} y2={h - 20} />
      <line class="axis" x1={40} y1={15} x2={40} y2={h - 20} />
      <text x={36} y={19} text-anchor="end">
        {String(max)}
      </text>
      <text x={36} y={h - 20} text-anchor="end">
        0
      </text>
      <polyline class="line" points={line('requests')} />
      <polyline class="err" points={line('errors')} />
      <text x={40} y={h - 4}>
        {when(traffic[0]?.t)}
      </text>
      <text x={w - 10} y={h - 4} text-anchor="end">
        {when(traffic.at(-1)?.t)} UTC
      </text>
    </svg>
  );
}

export function Pager({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) {
  if (pages <= 1) return <></>;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 ? (
        <a href={href(page - 1)} rel="prev">
          ← Previous
        </a>
      ) : (
        <span></span>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages ? (
        <a href={href(page + 1)} rel="next">
          Next →
        </a>
      ) : (
        <span></span>
      )}
    </nav>
  );
}

/** A column of a DataTable: its heading; `n` for numbers (right-aligned). */
export type Column = string | { label: string; n: true };

/** A table of rows under a row of column headings, scrolling sideways on narrow screens. */
export function DataTable({ columns, children }: { columns: readonly Column[]; children: Child }) {
  return (
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            {columns.map((c) =>
              typeof c === 'string' ? (
                <th scope="col">{c}</th>
              ) : (
                <th scope="col" class="n">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function NotYet({ what }: { what: string }) {
  return <p class="empty">{what} not available yet.</p>;
}

export const formatNumber = (n: number) => n.toLocaleString('en-US');
export const formatMs = (n: number | null) =>
  n === null ? '–' : n < 10 ? n.toFixed(1) : String(Math.round(n));
