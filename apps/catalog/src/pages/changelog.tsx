import { NotYet } from './components.js';

interface Change {
  id?: string;
  level?: string;
  message?: string;
  text?: string;
  path?: string;
  operation?: string;
}

const BREAKING = new Set(['error', 'err', 'breaking']);

/**
 * The version's changelog from its `changes` artifact, breaking changes first. The artifact's exact shape belongs to
 * libs/diff; anything unexpected is shown as text rather than guessed at.
 */
export function Changelog({ changes }: { changes: string | undefined }) {
  if (changes === undefined) return <NotYet what="The changelog between versions is" />;
  let items: Change[] | undefined;
  try {
    const parsed: unknown = JSON.parse(changes);
    const list = Array.isArray(parsed) ? parsed : (parsed as { changes?: unknown })?.changes;
    if (Array.isArray(list)) items = list.filter((c): c is Change => typeof c === 'object' && c !== null);
  } catch {
    items = undefined;
  }
  if (!items)
    return (
      <pre>
        <code>{changes.slice(0, 20_000)}</code>
      </pre>
    );
  if (!items.length) return <p class="muted">No changes from the previous version.</p>;
  const breaking = (c: Change) => BREAKING.has(String(c.level ?? '').toLowerCase());
  const sorted = [...items.filter(breaking), ...items.filter((c) => !breaking(c))];
  return (
    <ul>
      {sorted.map((c, i) => (
        <li id={`change-${i + 1}`}>
          {breaking(c) ? <span class="badge lc-deprecated">breaking</span> : ''}{' '}
          {c.message ?? c.text ?? c.id ?? ''}
          {c.path ? <code class="muted"> {c.path}</code> : ''}
        </li>
      ))}
    </ul>
  );
}
