import type { Changelog as ChangelogData } from '@interlock/catalog';
import { apiHref, NotYet, operationAnchor, versionHref } from './components.js';

const LABEL = { error: 'breaking', warning: 'warning', info: 'info' } as const;

/**
 * A version's changes against its base, breaking changes first (libs/diff sorts them so). Each change has an
 * anchor by its fingerprint, so a change can be linked to, and links to its operation in the version that has it.
 */
export function Changelog({ log }: { log: ChangelogData | undefined }) {
  if (!log) return <NotYet what="The changelog between versions is" />;
  if (log.base === null) return <p class="muted">The first version: nothing to compare with.</p>;
  if (!log.changes.length) return <p class="muted">No changes from {log.base}.</p>;
  const breaking = log.changes.filter((c) => c.level === 'error').length;
  const base = log.base;
  return (
    <>
      <p>
        {breaking} breaking of {log.changes.length} changes from {log.base} to {log.version}.
      </p>
      <ul class="changes">
        {log.changes.map((c) => (
          <li id={`change-${c.fingerprint}`}>
            <span class={`badge change-${c.level}`}>{LABEL[c.level]}</span>{' '}
            {c.operation && c.path ? (
              <a
                href={versionHref(
                  log.apiId,
                  c.revision ? log.version : base,
                  operationAnchor(c.operation, c.path),
                )}
              >
                <code>
                  {c.operation} {c.path}
                </code>
              </a>
            ) : (
              ''
            )}{' '}
            {c.message} <code class="muted">{c.id}</code>{' '}
            <a href={`#change-${c.fingerprint}`} aria-label="Link to this change">
              #
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** A form to compare any two versions of an API (a GET form: the result has its own address). */
export function CompareForm({
  apiId,
  versions,
  from,
  to,
}: {
  apiId: string;
  versions: string[];
  from: string | null;
  to: string;
}) {
  const options = (selected: string | null) =>
    versions.map((v) => (
      <option value={v} selected={v === selected}>
        {v}
      </option>
    ));
  return (
    <form class="compare" method="get" action={`${apiHref(apiId)}/compare`}>
      <label for="compare-from">From</label>
      <select id="compare-from" name="from">
        {options(from)}
      </select>
      <label for="compare-to">to</label>
      <select id="compare-to" name="to">
        {options(to)}
      </select>
      <button type="submit">Compare</button>
    </form>
  );
}
