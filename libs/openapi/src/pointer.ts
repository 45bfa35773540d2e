// JSON pointers (RFC 6901), without the leading `#`.

// Most tokens need no escaping: test first, replace only when needed (this runs for every node of every spec).
const NEEDS_ESCAPE = /[~/]/;

export function escapeToken(token: string | number): string {
  const s = typeof token === 'string' ? token : String(token);
  return NEEDS_ESCAPE.test(s) ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s;
}

export function unescapeToken(token: string): string {
  return token.includes('~') ? token.replace(/~1/g, '/').replace(/~0/g, '~') : token;
}

export function joinPointer(base: string, ...tokens: (string | number)[]): string {
  let out = base;
  for (const t of tokens) out += `/${escapeToken(t)}`;
  return out;
}

export function splitPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return pointer === '/' ? [''] : [];
  return pointer.slice(1).split('/').map(unescapeToken);
}

/** Reads the value at `pointer`; `undefined` when any step is missing. */
export function getAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const token of splitPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(token)) return undefined;
      node = node[Number(token)];
    } else {
      if (!Object.prototype.hasOwnProperty.call(node, token)) return undefined;
      node = (node as Record<string, unknown>)[token];
    }
  }
  return node;
}
