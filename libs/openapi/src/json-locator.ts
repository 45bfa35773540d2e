import { unescapeToken } from './pointer.js';

// Finds where JSON values were written without building a second tree: one pass over the text, guided by a trie
// of the wanted pointers, skipping every value no pointer leads into. Cost is linear in the text on the wanted
// paths, whatever the number of pointers asked for.

interface Trie {
  pointers: string[];
  children: Map<string, Trie>;
}

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;

/** Offsets of the given pointers in `text`: an object member's key, an array item's first character. */
export function locateJson(text: string, pointers: Iterable<string>): Map<string, number> {
  // Pointers share long prefixes (`/paths/~1x/get`, `/paths/~1x/get/responses/200`): find each one's parent by its
  // text and add only the last token, instead of splitting every pointer whole.
  const root: Trie = { pointers: [], children: new Map() };
  const nodes = new Map<string, Trie>([['', root]]);
  const nodeFor = (pointer: string): Trie => {
    let node = nodes.get(pointer);
    if (node) return node;
    const slash = pointer.lastIndexOf('/');
    const parent = nodeFor(slash <= 0 ? '' : pointer.slice(0, slash));
    const token = unescapeToken(pointer.slice(slash + 1));
    node = parent.children.get(token);
    if (!node) parent.children.set(token, (node = { pointers: [], children: new Map() }));
    nodes.set(pointer, node);
    return node;
  };
  for (const pointer of pointers) {
    if (pointer !== '' && !pointer.startsWith('/')) continue;
    nodeFor(pointer).pointers.push(pointer);
  }
  const out = new Map<string, number>();
  const start = skipWs(text, 0);
  walk(text, start, root, start, out);
  return out;
}

function walk(text: string, i: number, node: Trie, at: number, out: Map<string, number>): number {
  for (const p of node.pointers) out.set(p, at);
  if (node.children.size === 0) return skipValue(text, i);
  const c = text.charCodeAt(i);
  if (c === OPEN_BRACE) {
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
    for (;;) {
      const keyStart = i;
      const keyEnd = skipString(text, i);
      let key = text.slice(keyStart + 1, keyEnd - 1);
      if (key.includes('\\')) key = JSON.parse(text.slice(keyStart, keyEnd)) as string;
      i = skipWs(text, keyEnd);
      i = skipWs(text, i + 1); // ':'
      const child = node.children.get(key);
      i = child ? walk(text, i, child, keyStart, out) : skipValue(text, i);
      i = skipWs(text, i);
      if (text.charCodeAt(i) === COMMA) i = skipWs(text, i + 1);
      else return i + 1;
    }
  }
  if (c === OPEN_BRACKET) {
    i = skipWs(text, i + 1);
    if (text.charCodeAt(i) === CLOSE_BRACKET) return i + 1;
    for (let index = 0; ; index++) {
      const child = node.children.get(String(index));
      i = child ? walk(text, i, child, i, out) : skipValue(text, i);
      i = skipWs(text, i);
      if (text.charCodeAt(i) === COMMA) i = skipWs(text, i + 1);
      else return i + 1;
    }
  }
  return skipValue(text, i);
}

function skipWs(text: string, i: number): number {
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 10 || c === 13 || c === 9) i++;
    else return i;
  }
}

function skipString(text: string, i: number): number {
  // i is at the opening quote
  for (let j = i + 1; ;) {
    const q = text.indexOf('"', j);
    if (q === -1) return text.length;
    let backslashes = 0;
    for (let k = q - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    j = q + 1;
  }
}

function skipValue(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    const n = text.length;
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === QUOTE) {
        i = skipString(text, i);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return n;
  }
  // number, true, false, null
  const n = text.length;
  while (i < n) {
    const d = text.charCodeAt(i);
    if (
      d === COMMA ||
      d === CLOSE_BRACE ||
      d === CLOSE_BRACKET ||
      d === 32 ||
      d === 10 ||
      d === 13 ||
      d === 9
    )
      break;
    i++;
  }
  return i;
}

/**
 * Deepest nesting of `[`/`{` outside strings, stopping early past `limit`. Run before `JSON.parse` so a
 * 10,000-deep document is refused with an error instead of a stack overflow later.
 */
export function jsonDepthExceeds(text: string, limit: number): number | undefined {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i) - 1;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > limit) return i;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) depth--;
  }
  return undefined;
}
