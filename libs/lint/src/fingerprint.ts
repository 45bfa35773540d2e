import { createHash } from 'node:crypto';
import { relative, sep } from 'node:path';

/** A JSON pointer for a JSON path (`['paths', '/a/{b}', 'get']` → `/paths/~1a~1{b}/get`). */
export function toPointer(path: readonly (string | number)[]): string {
  return path.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
}

/**
 * A finding's identity across runs: its rule, its file relative to the lint root and its JSON pointer. Lines are left
 * out on purpose, so an edit elsewhere in the file does not make old findings look new. Document-wide findings
 * (empty path: parse errors, timeouts) add their message, since they have no other location that is stable.
 */
export function fingerprint(
  code: string,
  source: string,
  path: readonly (string | number)[],
  root: string,
  message = '',
): string {
  const file = relative(root, source).split(sep).join('/');
  const location = path.length > 0 ? toPointer(path) : `#${message}`;
  return createHash('sha256').update(`${code}\0${file}\0${location}`).digest('hex').slice(0, 32);
}
