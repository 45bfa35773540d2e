import type { Changelog as ChangelogData } from '@interlock/catalog';
import type { ApiSummary } from '@interlock/store';
import { Changelog, CompareForm } from './changelog.js';
import { apiHref, versionHref } from './components.js';
import { Layout } from './layout.js';

/** The changes between any two versions of an API, breaking changes first: `/apis/{apiId}/compare?from=&to=`. */
export function ComparePage({
  summary,
  versions,
  log,
}: {
  summary: ApiSummary;
  versions: string[];
  log: ChangelogData;
}) {
  return (
    <Layout title={`${summary.title}: ${log.base ?? ''} → ${log.version}`} current="apis">
      <p class="muted">
        <a href="/">APIs</a> / <a href={apiHref(summary.id)}>{summary.id}</a> / compare
      </p>
      <h1>
        {summary.title}: changes {log.base !== null ? `from ${log.base} ` : ''}to {log.version}
      </h1>
      <CompareForm apiId={summary.id} versions={versions} from={log.base} to={log.version} />
      <section id="changes" aria-labelledby="changes-h">
        <h2 id="changes-h">Changes</h2>
        {log.base === log.version ? (
          <p class="muted">The same version on both sides: pick two different versions.</p>
        ) : (
          <Changelog log={log} />
        )}
        <p>
          {log.base !== null ? (
            <>
              <a href={versionHref(summary.id, log.base)}>Version {log.base}</a> ·{' '}
            </>
          ) : (
            ''
          )}
          <a href={versionHref(summary.id, log.version)}>Version {log.version}</a>
        </p>
      </section>
    </Layout>
  );
}
