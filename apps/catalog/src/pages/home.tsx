import { GRADES } from '@interlock/lint';
import type { Lifecycle } from '@interlock/openapi';
import type { ApiSummary, LintGrade } from '@interlock/store';
import { apiHref, formatNumber, GradeBadge, LifecycleBadge, Pager, Sparkline } from './components.js';
import type { Facets } from './facets.js';
import { Layout } from './layout.js';
import type { ApiTraffic } from './usage-data.js';

export const LIFECYCLES: Lifecycle[] = ['experimental', 'beta', 'stable', 'deprecated', 'retired'];

export interface HomeFilters {
  owner?: string;
  tag?: string;
  lifecycle?: Lifecycle;
  grade?: LintGrade;
  q?: string;
  page: number;
}

export interface HomeProps {
  filters: HomeFilters;
  items: ApiSummary[];
  total: number;
  pageSize: number;
  facets: Facets;
  traffic: Map<string, ApiTraffic>;
}

export function homeHref(filters: HomeFilters, page = filters.page): string {
  const q = new URLSearchParams();
  if (filters.q) q.set('q', filters.q);
  if (filters.owner) q.set('owner', filters.owner);
  if (filters.tag) q.set('tag', filters.tag);
  if (filters.lifecycle) q.set('lifecycle', filters.lifecycle);
  if (filters.grade) q.set('grade', filters.grade);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `/?${s}` : '/';
}

/** Every API with its lint grade, filtered by owner, tag, lifecycle, grade or name, 200 to a page. */
export function HomePage({ filters, items, total, pageSize, facets, traffic }: HomeProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const filtered = Boolean(filters.owner || filters.tag || filters.lifecycle || filters.grade || filters.q);
  const first = (filters.page - 1) * pageSize + 1;
  return (
    <Layout title="APIs" current="apis">
      <h1>APIs</h1>
      <form class="filters" method="get" action="/" aria-label="Filter APIs">
        <label>
          Name
          <input
            type="text"
            name="q"
            value={filters.q ?? ''}
            maxlength={200}
            placeholder="title, id, owner…"
          />
        </label>
        <Choice name="owner" label="Owner" value={filters.owner} options={facets.owners} />
        <Choice name="tag" label="Tag" value={filters.tag} options={facets.tags} />
        <Choice name="lifecycle" label="Lifecycle" value={filters.lifecycle} options={LIFECYCLES} />
        <Choice name="grade" label="Lint grade" value={filters.grade} options={GRADES} />
        <button type="submit">Filter</button>
        {filtered ? <a href="/">Clear filters</a> : ''}
      </form>
      <p class="muted" aria-live="polite">
        {total === 0
          ? 'No API matches.'
          : `${formatNumber(total)} API${total === 1 ? '' : 's'}${pages > 1 ? `, ${formatNumber(first)}–${formatNumber(Math.min(total, first + items.length - 1))} shown` : ''}. Traffic: last 7 days.`}
      </p>
      {items.length ? (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">API</th>
                <th scope="col" class="hide-narrow">
                  Owner
                </th>
                <th scope="col">Lifecycle</th>
                <th scope="col">Latest</th>
                <th scope="col">Grade</th>
                <th scope="col" class="n hide-narrow">
                  Operations
                </th>
                <th scope="col" class="n">
                  Consumers
                </th>
                <th scope="col" class="hide-narrow">
                  Traffic
                </th>
              </tr>
            </thead>
            <tbody>
              {items.map((api) => {
                const t = traffic.get(api.id);
                return (
                  <tr>
                    <td class="title">
                      <a href={apiHref(api.id)}>{api.title}</a>
                      <span class="id">{api.id}</span>
                    </td>
                    <td class="hide-narrow">{api.owner?.name ?? api.owner?.email ?? '–'}</td>
                    <td>
                      <LifecycleBadge lifecycle={api.lifecycle} />
                    </td>
                    <td>{api.latestVersion}</td>
                    <td>
                      <a href={`${apiHref(api.id)}#lint`} class="grade-link">
                        <GradeBadge grade={api.grade} />
                      </a>
                    </td>
                    <td class="n hide-narrow">{formatNumber(api.operationCount)}</td>
                    <td class="n">{t ? formatNumber(t.consumers) : '0'}</td>
                    <td class="hide-narrow">
                      <Sparkline
                        values={t?.spark ?? []}
                        label={`${formatNumber(t?.requests ?? 0)} requests in 7 days`}
                      />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="empty">
          {filtered
            ? 'No API matches these filters.'
            : 'The catalog is empty: publish a spec with `interlock publish` or index a folder with `interlock index`.'}
        </p>
      )}
      <Pager page={filters.page} pages={pages} href={(p) => homeHref(filters, p)} />
    </Layout>
  );
}

function Choice(props: {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly string[];
}) {
  const options =
    props.value && !props.options.includes(props.value) ? [props.value, ...props.options] : props.options;
  return (
    <label>
      {props.label}
      <select name={props.name} data-autosubmit="">
        <option value="">Any</option>
        {options.map((o) => (
          <option value={o} selected={o === props.value}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}
