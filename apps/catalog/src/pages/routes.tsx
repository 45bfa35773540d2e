import { changelog } from '@interlock/catalog';
import { GRADES } from '@interlock/lint';
import { contractsOverview } from '@interlock/contracts';
import type { Lifecycle } from '@interlock/openapi';
import type { LintGrade, Store } from '@interlock/store';
import { parseDuration, reportToHtml } from '@interlock/usage';
import { Hono, type Context } from 'hono';
import { ApiPage, FULL_REFERENCE_LIMIT, OperationPage } from './api.js';
import { ComparePage } from './compare.js';
import { operationAnchor, versionHref } from './components.js';
import { assetRoutes } from './assets.js';
import { facets, type Facets } from './facets.js';
import { HomePage, LIFECYCLES, type HomeFilters } from './home.js';
import { Layout } from './layout.js';
import { SearchPage } from './search.js';
import { pageHeaders, REPORT_CSP, setPageHeaders, wantsHtml } from './security.js';
import { apiUsage, platformReport, weeklyTraffic } from './usage-data.js';
import { VersionCache } from './version-cache.js';

/** Rows on a page of the home list: about 120 kB of HTML. */
export const HOME_PAGE_SIZE = 200;
const MAX_QUERY = 200;

/** The catalog's web pages (server-rendered; script only for search suggestions). JSON stays under /api/. */
export function pageRoutes(store: Store): Hono {
  const html = pageHeaders();
  const cache = new VersionCache(store);
  // The filters' choices change only when something is published: they are read at most every 10 seconds.
  let facetsAt = 0;
  let latestFacets: Promise<Facets> | undefined;
  const choices = () => {
    if (!latestFacets || Date.now() - facetsAt > 10_000) {
      facetsAt = Date.now();
      latestFacets = facets(store.sql);
      latestFacets.catch(() => (latestFacets = undefined));
    }
    return latestFacets;
  };
  return new Hono()
    .route('/', assetRoutes())
    .get('/', async (c, next) => {
      // Another resource may answer `/` for JSON clients (HAL); this one is for browsers.
      if (!wantsHtml(c.req.header('accept'))) return next();
      const response = await homePage(c, store, choices);
      setPageHeaders(response.headers);
      return response;
    })
    .get('/search', html, async (c) => {
      const query = (c.req.query('q') ?? '').trim();
      if (query.length > MAX_QUERY)
        return c.html(
          <SearchPage
            query={query.slice(0, MAX_QUERY)}
            hits={[]}
            apis={[]}
            apiTotal={0}
            problem={`A search has at most ${MAX_QUERY} characters.`}
          />,
          400,
        );
      if (!query) return c.html(<SearchPage query="" hits={[]} apis={[]} apiTotal={0} />);
      const [hits, apis] = await Promise.all([
        store.search(query, { limit: 50 }),
        store.listApis({ text: query, limit: 10 }),
      ]);
      return c.html(<SearchPage query={query} hits={hits} apis={apis.items} apiTotal={apis.total} />);
    })
    .get('/apis/:apiId', html, (c) => apiPage(c, store, cache, c.req.param('apiId'), 'latest'))
    .get('/apis/:apiId/versions', html, (c) => {
      const version = c.req.query('version');
      const base = `/apis/${encodeURIComponent(c.req.param('apiId'))}`;
      return c.redirect(version ? `${base}/versions/${encodeURIComponent(version)}` : base, 303);
    })
    .get('/apis/:apiId/versions/:version/operations', html, async (c) => {
      const { apiId, version } = c.req.param();
      const key = c.req.query('key') ?? '';
      const versions = await store.listVersions(apiId);
      const listed = versions.find((v) => v.version === version);
      const cached = listed && (await cache.get(apiId, listed.version, listed.hash));
      const op = cached?.stored.api.operations.find((o) => o.key === key);
      if (!cached || !op)
        return c.html(
          <NotFound title="No such operation" detail={`${apiId} ${version} has no operation ${key}.`} />,
          404,
        );
      const api = cached.stored.api;
      // A small API documents every operation on its page: go to the operation's anchor there.
      if (api.operations.length <= FULL_REFERENCE_LIMIT)
        return c.redirect(versionHref(apiId, listed.version, operationAnchor(op.method, op.path)), 302);
      return c.html(<OperationPage api={api} apiId={apiId} version={listed.version} op={op} />);
    })
    .get('/apis/:apiId/compare', html, async (c) => {
      const apiId = c.req.param('apiId');
      const [summary, versions] = await Promise.all([store.getApi(apiId), store.listVersions(apiId)]);
      const to = c.req.query('to') ?? summary?.latestVersion ?? '';
      const from = c.req.query('from');
      const log = summary && (await changelog(store, apiId, to, from || undefined));
      if (!summary || !log)
        return c.html(
          <NotFound
            title={summary ? 'No such version' : 'No such API'}
            detail={
              summary
                ? `${summary.title} has no version ${versions.some((v) => v.version === to) ? from : to}.`
                : `The catalog has no API ${apiId}.`
            }
          />,
          404,
        );
      return c.html(<ComparePage summary={summary} versions={versions.map((v) => v.version)} log={log} />);
    })
    .get('/apis/:apiId/versions/:version', html, (c) =>
      apiPage(c, store, cache, c.req.param('apiId'), c.req.param('version')),
    )
    .get('/report', pageHeaders(REPORT_CSP), async (c) => {
      const since = c.req.query('since') ?? '7d';
      try {
        parseDuration(since);
      } catch (error) {
        return c.html(<NotFound title="Invalid period" detail={(error as Error).message} />, 400);
      }
      const { report, quiet } = await platformReport(store, since);
      const quietNote = quiet
        ? `<p class="muted">${quiet} other API${quiet === 1 ? '' : 's'} had no traffic in this period.</p>`
        : '';
      // The report file is libs/usage's, self-contained; only a way back (and the count of quiet APIs) is added.
      const page = reportToHtml(report)
        .replace('<main>\n', '<main>\n<nav aria-label="Main"><a href="/">← APIs</a></nav>\n')
        .replace(/(<h1>API usage report<\/h1>\n<p class="muted">[^\n]*<\/p>)/, `$1\n${quietNote}`);
      return c.html(page);
    });
}

async function homePage(c: Context, store: Store, readFacets: () => Promise<Facets>): Promise<Response> {
  const q = c.req.query();
  const lifecycle = LIFECYCLES.includes(q.lifecycle as Lifecycle) ? (q.lifecycle as Lifecycle) : undefined;
  const grade = GRADES.includes(q.grade as LintGrade) ? (q.grade as LintGrade) : undefined;
  const page = Math.min(Math.max(1, Number.parseInt(q.page ?? '1', 10) || 1), 1_000_000);
  const filters: HomeFilters = {
    page,
    ...(q.owner ? { owner: q.owner.slice(0, MAX_QUERY) } : {}),
    ...(q.tag ? { tag: q.tag.slice(0, MAX_QUERY) } : {}),
    ...(lifecycle ? { lifecycle } : {}),
    ...(grade ? { grade } : {}),
    ...(q.q?.trim() ? { q: q.q.trim().slice(0, MAX_QUERY) } : {}),
  };
  const [list, choices, traffic] = await Promise.all([
    store.listApis({
      ...(filters.owner ? { owner: filters.owner } : {}),
      ...(filters.tag ? { tag: filters.tag } : {}),
      ...(filters.lifecycle ? { lifecycle: filters.lifecycle } : {}),
      ...(filters.grade ? { grade: filters.grade } : {}),
      ...(filters.q ? { text: filters.q } : {}),
      limit: HOME_PAGE_SIZE,
      offset: (page - 1) * HOME_PAGE_SIZE,
    }),
    readFacets(),
    weeklyTraffic(store),
  ]);
  return c.html(
    <HomePage
      filters={filters}
      items={list.items}
      total={list.total}
      pageSize={HOME_PAGE_SIZE}
      facets={choices}
      traffic={traffic}
    />,
  );
}

async function apiPage(
  c: Context,
  store: Store,
  cache: VersionCache,
  apiId: string,
  version: string,
): Promise<Response> {
  const since = c.req.query('since') ?? '7d';
  try {
    parseDuration(since);
  } catch (error) {
    return c.html(<NotFound title="Invalid period" detail={(error as Error).message} />, 400);
  }
  const [summary, versions] = await Promise.all([store.getApi(apiId), store.listVersions(apiId)]);
  const wanted = version === 'latest' ? summary?.latestVersion : version;
  const listed = versions.find((v) => v.version === wanted);
  const cached = listed && (await cache.get(apiId, listed.version, listed.hash));
  if (!summary || !cached)
    return c.html(
      <NotFound
        title={summary ? 'No such version' : 'No such API'}
        detail={summary ? `${summary.title} has no version ${version}.` : `The catalog has no API ${apiId}.`}
      />,
      404,
    );
  const { stored } = cached;
  const pages = Math.max(1, Math.ceil(stored.api.operations.length / 200));
  const opsPage = Math.min(pages, Math.max(1, Number.parseInt(c.req.query('ops') ?? '1', 10) || 1));
  const reference = await cache.reference(cached, opsPage);
  const [usage, changes, contracts, lint] = await Promise.all([
    apiUsage(store, stored.api, since),
    // The page still renders if a changelog cannot be computed (say, an older version no longer loads).
    changelog(store, apiId, stored.version).catch(() => undefined),
    contractsOverview(store.sql, stored.api.serviceName ?? apiId),
    store.lint.get({ apiId, version: stored.version }),
  ]);
  return c.html(
    <ApiPage
      summary={summary}
      versions={versions}
      stored={stored}
      usage={usage}
      since={since}
      reference={reference}
      {...(changes !== undefined ? { changes } : {})}
      {...(contracts !== undefined ? { contracts } : {})}
      lint={lint}
    />,
  );
}

function NotFound({ title, detail }: { title: string; detail: string }) {
  return (
    <Layout title={title}>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a href="/">All APIs</a>
      </p>
    </Layout>
  );
}
