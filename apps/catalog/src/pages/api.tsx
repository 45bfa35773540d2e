import type { Changelog as ChangelogData } from '@interlock/catalog';
import type { ContractsOverview } from '@interlock/contracts';
import type { Api, Operation } from '@interlock/openapi';
import { raw } from 'hono/html';
import type { ApiSummary, StoredLint, StoredVersion, VersionSummary } from '@interlock/store';
import type { ApiUsage } from '@interlock/usage';
import { UsageSection } from './api-usage.js';
import { Changelog, CompareForm } from './changelog.js';
import { ContractsSection } from './contracts.js';
import {
  apiHref,
  LifecycleBadge,
  Method,
  Pager,
  operationAnchor,
  operationHref,
  schemaAnchor,
  versionHref,
} from './components.js';
import { Layout } from './layout.js';
import { LintSection } from './lint.js';
import { Markdown, OperationDoc } from './operation.js';

export interface ApiPageProps {
  summary: ApiSummary;
  versions: VersionSummary[];
  stored: StoredVersion;
  usage: ApiUsage;
  since: string;
  /** The version's operations and schemas as HTML (see `renderReference`): they never change, so it is cached. */
  reference: string;
  /** The version's changes against the version published before it. */
  changes?: ChangelogData | undefined;
  /** The API's contracts in the catalog's Pact Broker; undefined when no pacticipant has its service name. */
  contracts?: ContractsOverview | undefined;
  /** The version's lint; undefined until the background lint has queued it. */
  lint?: StoredLint | undefined;
}

/** One version of one API: overview, operations with their reference, schemas, usage, findings, changes, contracts. */
export function ApiPage({
  summary,
  versions,
  stored,
  usage,
  since,
  reference,
  changes,
  contracts,
  lint,
}: ApiPageProps) {
  const api = stored.api;
  const isLatest = stored.version === summary.latestVersion;
  return (
    <Layout title={`${api.title} ${stored.version}`} current="apis">
      <div class="api-head">
        <div>
          <p class="muted">
            <a href="/">APIs</a> / <a href={apiHref(summary.id)}>{summary.id}</a>
          </p>
          <h1>
            {api.title} <LifecycleBadge lifecycle={api.lifecycle} />
          </h1>
        </div>
        <form class="version-picker" method="get" action={`${apiHref(summary.id)}/versions`}>
          <label for="version">Version</label>
          <select id="version" name="version" data-autosubmit="">
            {versions.map((v) => (
              <option value={v.version} selected={v.version === stored.version}>
                {v.version}
                {v.version === summary.latestVersion ? ' (latest)' : ''}
              </option>
            ))}
          </select>
          <button type="submit">Show</button>
        </form>
      </div>
      {!isLatest ? (
        <p class="empty">
          This is version {stored.version}; the latest is{' '}
          <a href={versionHref(summary.id, summary.latestVersion)}>{summary.latestVersion}</a>.
        </p>
      ) : (
        ''
      )}
      <nav class="toc" aria-label="Sections">
        <a href="#overview">Overview</a>
        <a href="#operations">Operations ({api.operations.length})</a>
        {api.schemas.length ? <a href="#schemas">Schemas ({api.schemas.length})</a> : ''}
        <a href="#usage">Usage</a>
        <a href="#lint">Lint</a>
        <a href="#changes">Changes</a>
        <a href="#contracts">Contracts</a>
      </nav>

      <section id="overview" aria-labelledby="overview-h">
        <h2 id="overview-h">Overview</h2>
        <dl class="facts">
          <dt>API id</dt>
          <dd>
            <code>{summary.id}</code>
          </dd>
          <dt>Version</dt>
          <dd>
            {stored.version} · published {stored.publishedAt.slice(0, 10)} ·{' '}
            <a
              href={`/api/apis/${encodeURIComponent(summary.id)}/versions/${encodeURIComponent(stored.version)}/spec`}
            >
              spec
            </a>
          </dd>
          <dt>Owner</dt>
          <dd>{owner(api.owner)}</dd>
          <dt>Lifecycle</dt>
          <dd>{api.lifecycle}</dd>
          <dt>Format</dt>
          <dd>
            {api.format} ({api.specVersion})
          </dd>
          {api.serviceName ? (
            <>
              <dt>Service</dt>
              <dd>
                <code>{api.serviceName}</code>
              </dd>
            </>
          ) : (
            ''
          )}
          <dt>Servers</dt>
          <dd>
            {api.servers.length ? (
              <ul>
                {api.servers.map((s) => (
                  <li>
                    <code>{s.url}</code>
                    {s.description ? <span class="muted"> {s.description}</span> : ''}
                  </li>
                ))}
              </ul>
            ) : (
              '–'
            )}
          </dd>
          {api.tags.length ? (
            <>
              <dt>Tags</dt>
              <dd>
                {api.tags.map((t, i) => (
                  <>
                    {i ? ', ' : ''}
                    <a href={`/?tag=${encodeURIComponent(t.name)}`}>{t.name}</a>
                  </>
                ))}
              </dd>
            </>
          ) : (
            ''
          )}
        </dl>
        <Markdown text={api.description} />
      </section>

      {raw(reference)}

      <UsageSection usage={usage} since={since} />

      <LintSection lint={lint} api={api} apiId={summary.id} version={stored.version} />

      <section id="changes" aria-labelledby="changes-h">
        <h2 id="changes-h">Changes</h2>
        <Changelog log={changes} />
        {versions.length > 1 ? (
          <CompareForm
            apiId={summary.id}
            versions={versions.map((v) => v.version)}
            from={changes?.base ?? versions.find((v) => v.version !== stored.version)?.version ?? null}
            to={stored.version}
          />
        ) : (
          ''
        )}
      </section>

      <ContractsSection name={api.serviceName ?? summary.id} overview={contracts} />
    </Layout>
  );
}

function owner(o: StoredVersion['api']['owner']) {
  if (!o) return '–';
  const name = o.name ?? o.email ?? o.url ?? '–';
  if (o.email && /^[^\s@<>"]+@[^\s@<>"]+$/.test(o.email))
    return (
      <>
        {name} (<a href={`mailto:${o.email}`}>{o.email}</a>)
      </>
    );
  return name;
}

function byTag(operations: Operation[]): [string, Operation[]][] {
  const groups = new Map<string, Operation[]>();
  for (const op of operations) {
    const tag = op.tags[0] ?? 'Other';
    const list = groups.get(tag);
    if (list) list.push(op);
    else groups.set(tag, [op]);
  }
  return [...groups];
}

/** The reference part of a version's page: operations (list and documentation) and schemas. */
/** Beyond this many operations, a version's page lists its operations and each has a page of its own. */
export const FULL_REFERENCE_LIMIT = 150;
/** Operations per page of the list of a large API; schemas listed by name on it. */
const LIST_PAGE = 200;
const SCHEMA_NAMES = 300;

/**
 * The reference part of a version's page: operations (list and documentation) and schemas. A large API (Microsoft
 * Graph has 22,000 operations) gets a paged list whose entries link to one page per operation instead.
 */
export function Reference({
  api,
  apiId,
  version,
  page,
}: {
  api: Api;
  apiId: string;
  version: string;
  page: number;
}) {
  const large = api.operations.length > FULL_REFERENCE_LIMIT;
  const pages = Math.max(1, Math.ceil(api.operations.length / LIST_PAGE));
  const shown = large ? api.operations.slice((page - 1) * LIST_PAGE, page * LIST_PAGE) : api.operations;
  const groups = byTag(shown);
  const href = (op: Operation) =>
    large
      ? operationHref(apiId, version, op.key)
      : `#${encodeURIComponent(operationAnchor(op.method, op.path))}`;
  return (
    <>
      <section id="operations" aria-labelledby="operations-h">
        <h2 id="operations-h">Operations</h2>
        {api.operations.length === 0 ? <p class="empty">This version has no operations.</p> : ''}
        {large ? (
          <p class="muted">
            {api.operations.length} operations; each opens on a page of its own.
            {pages > 1
              ? ` ${(page - 1) * LIST_PAGE + 1}–${Math.min(api.operations.length, page * LIST_PAGE)} shown.`
              : ''}
          </p>
        ) : (
          ''
        )}
        {groups.map(([tag, ops]) => (
          <>
            {groups.length > 1 ? <h3>{tag}</h3> : ''}
            <ul>
              {ops.map((op) => (
                <li>
                  <Method method={op.method} />{' '}
                  <a href={href(op)} class={op.deprecated ? 'deprecated' : ''}>
                    {op.path}
                  </a>
                  {op.summary ? <span class="muted"> {op.summary}</span> : ''}
                </li>
              ))}
            </ul>
          </>
        ))}
        {large ? (
          <Pager
            page={page}
            pages={pages}
            href={(p) => `${versionHref(apiId, version)}?ops=${p}#operations`}
          />
        ) : (
          api.operations.map((op) => <OperationDoc op={op} />)
        )}
      </section>

      {api.schemas.length ? (
        <section id="schemas" aria-labelledby="schemas-h">
          <h2 id="schemas-h">Schemas</h2>
          {large ? (
            <p>
              {api.schemas.slice(0, SCHEMA_NAMES).map((s, i) => (
                <>
                  {i ? ', ' : ''}
                  <code id={schemaAnchor(s.name)}>{s.name}</code>
                </>
              ))}
              {api.schemas.length > SCHEMA_NAMES ? ` and ${api.schemas.length - SCHEMA_NAMES} more` : ''}
            </p>
          ) : (
            api.schemas.map((s) => (
              <div class="schema" id={schemaAnchor(s.name)}>
                <h3>
                  <code>{s.name}</code> <span class="muted">{s.type ?? ''}</span>
                </h3>
                <Markdown text={s.description} />
                {s.properties.length ? (
                  <p>
                    Properties: <code>{s.properties.join(', ')}</code>
                  </p>
                ) : (
                  ''
                )}
              </div>
            ))
          )}
        </section>
      ) : (
        ''
      )}
    </>
  );
}

/** A version's reference as an HTML string (one page of the list, for a large API). */
export async function renderReference(api: Api, apiId: string, version: string, page = 1): Promise<string> {
  return String(await (<Reference api={api} apiId={apiId} version={version} page={page} />).toString());
}

/** One operation on a page of its own (large APIs). */
export function OperationPage({
  api,
  apiId,
  version,
  op,
}: {
  api: Api;
  apiId: string;
  version: string;
  op: Operation;
}) {
  return (
    <Layout title={`${op.method} ${op.path} · ${api.title}`} current="apis">
      <p class="muted">
        <a href="/">APIs</a> / <a href={apiHref(apiId)}>{apiId}</a> /{' '}
        <a href={`${versionHref(apiId, version)}#operations`}>{version}</a>
      </p>
      <h1>{api.title}</h1>
      <OperationDoc op={op} />
    </Layout>
  );
}
