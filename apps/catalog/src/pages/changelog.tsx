import type { Changelog as ChangelogData } from '@interlock/catalog';
import { NotYet } from './components.js';

const LABEL = { error: 'breaking', warning: 'warning', info: 'info' } as const;

/**
 * The version's changes against the version published before it, breaking changes first (libs/diff sorts them so).
 * Each change has an anchor by its fingerprint, so a change can be linked to.
 */
export function Changelog({ log }: { log: ChangelogData | undefined }) {
  if (!log) return <NotYet what="The changelog between versions is" />;
  if (log.base === null) return <p class="muted">The first version: nothing to compare with.</p>;
  if (!log.changes.length) return <p class="muted">No changes from {log.base}.</p>;
  const breaking = log.changes.filter((c) => c.level === 'error').length;
  return (
    <>
      <p>
        {breaking} breaking of {log.changes.length} changes since {log.base}.
      </p>
      <ul class="changes">
        {log.changes.map((c) => (
          <li id={`change-${c.fingerprint}`}>
            <span class={`badge change-${c.level}`}>{LABEL[c.level]}</span>{' '}
            {c.operation ? (
              <code>
                {c.operation} {c.path}
              </code>
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
