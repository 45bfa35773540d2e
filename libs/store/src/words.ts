// The search vocabulary: identifiers and prose split into the words a person would type, stemmed as PostgreSQL's
// `english` configuration stems them (Porter2), made here rather than by the database: a worker thread builds a
// version's search vectors, and the query's words go through the same function, so they always agree.
import { stem } from 'porter2';

/** `getCustomerById` → `getcustomerbyid get customer by id`; `/customers/{customerId}` → `customers customerid customer id`. */
export function identifierWords(...values: (string | undefined)[]): string {
  const out: string[] = [];
  for (const value of values) if (value) pushWords(value, out);
  return out.join(' ');
}

function pushWords(value: string, out: string[]): void {
  for (const token of value.split(TOKEN_SEPARATOR)) if (token) pushTokenWords(token, out);
}

const TOKEN_SEPARATOR = /[^\p{L}\p{N}]+/u;

/** The runs of letters and digits of a text, scanned by hand when it is ASCII (most are: 3× faster than split). */
function tokens(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return text.split(TOKEN_SEPARATOR).filter((t) => t !== '');
    const word = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** A token's words: itself, lower-case, then its camel-case parts. */
function pushTokenWords(token: string, out: string[]): void {
  out.push(token.toLowerCase());
  if (!/[a-z0-9][A-Z]|[A-Z][A-Z][a-z]/.test(token)) return;
  const parts = token
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(' ');
  for (const p of parts) out.push(p.toLowerCase());
}

/** The stop words PostgreSQL's `english` configuration drops (Snowball's English list). */
const STOP_WORDS = new Set(
  `i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself
  it its itself they them their theirs themselves what which who whom this that these those am is are was were be
  been being have has had having do does did doing a an the and but if or because as until while of at by for with
  about against between into through during before after above below to from up down in out on off over under
  again further then once here there when where why how all any both each few more most other some such no nor not
  only own same so than too very s t can will just don should now`.split(/\s+/),
);

/** Longer words are not indexed (hashes, base64 in descriptions); PostgreSQL's limit is 2,047 bytes. */
const MAX_WORD = 60;

/** A word as the index keeps it: stemmed, or undefined for a stop word or an overlong one. */
export function lexeme(word: string): string | undefined {
  if (word.length > MAX_WORD || STOP_WORDS.has(word)) return undefined;
  return /^[a-z]+$/.test(word) ? stem(word) : word;
}

/**
 * The lexemes of a token's words, in order (undefined where a word is not indexed), remembered: the words of a
 * corpus repeat (`id`, `name`, `getCustomer`), and a token is split and stemmed once. The APIs.guru corpus has about
 * 300,000 distinct tokens: bounded at 200,000 the cache was cleared and refilled all the way through (with a cache of
 * whole short texts beside it, lexemes took 4.6 s of one thread over the corpus; 2.5 s with neither change).
 */
const MAX_TOKENS = 1_000_000;
const tokenLexemes = new Map<string, readonly (string | undefined)[]>();
const words: string[] = [];

function lexemesOf(token: string): readonly (string | undefined)[] {
  let found = tokenLexemes.get(token);
  if (found === undefined) {
    words.length = 0;
    pushTokenWords(token, words);
    found = words.map(lexeme);
    if (tokenLexemes.size >= MAX_TOKENS) tokenLexemes.clear();
    tokenLexemes.set(token, found);
  }
  return found;
}

export type Weight = 'A' | 'B' | 'C' | 'D';

/** PostgreSQL keeps positions up to 16,383; ranking counts the first few of each word. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_WORD = 8;

/** Each lexeme's positions in PostgreSQL's WordEntryPos form: the weight in the top two bits, the position below. */
export type Lexemes = Map<string, number[]>;

const WEIGHT_BITS: Record<Weight, number> = { A: 3 << 14, B: 2 << 14, C: 1 << 14, D: 0 };
const WEIGHT_OF = ['', 'C', 'B', 'A'] as const;

/**
 * The words of texts of different weight, as `setweight(to_tsvector(a), 'A') || …` would place them: each word of
 * each text at its own position, in order.
 */
export function searchLexemes(texts: readonly (readonly [Weight, string | undefined])[]): Lexemes {
  const positions: Lexemes = new Map();
  let position = 0;
  let bits = 0;
  const place = (lexemes: readonly (string | undefined)[]) => {
    for (const l of lexemes) {
      position = Math.min(position + 1, MAX_POSITION);
      if (l === undefined) continue;
      const list = positions.get(l);
      if (!list) positions.set(l, [bits | position]);
      else if (list.length < MAX_POSITIONS_PER_WORD) list.push(bits | position);
    }
  };
  for (const [weight, text] of texts) {
    if (!text) continue;
    bits = WEIGHT_BITS[weight];
    for (const token of tokens(text)) place(lexemesOf(token));
  }
  return positions;
}

/** The `tsvector` literal of lexemes. */
export function vectorLiteral(lexemes: Lexemes): string {
  let out = '';
  for (const [l, list] of lexemes) {
    const positions = list.map((p) => `${p & 0x3fff}${WEIGHT_OF[p >> 14] as string}`);
    out += `${out ? ' ' : ''}'${l}':${positions.join(',')}`;
  }
  return out;
}

/**
 * The shortest last word taken as a prefix. A one-letter prefix matches nearly every entry (`c`: 130,000 of
 * 130,000, 70 ms on PGlite) and says nothing yet, so it must match whole.
 */
export const MIN_PREFIX_LENGTH = 2;

/** A search's `tsquery` literals: `match` selects, `rank` scores. */
export interface SearchQuery {
  match: string;
  rank: string;
  /** When the last word is a prefix with words before it: that prefix, and the lexemes of the words, which match whole. */
  prefix?: string;
  words?: string[];
}

/**
 * `tsquery` literals for search as you type: `match` needs every word (the last one as a prefix); `rank` scores by
 * the weight of each word found. (ts_rank of an AND query weighs term proximity, which ranks prefix matches badly.)
 * `whole`, when the last word is taken as a prefix, is the same query with that word whole.
 * Words are letters and digits only, so nothing the user types becomes tsquery syntax.
 */
export function prefixQuery(input: string): (SearchQuery & { whole?: SearchQuery }) | undefined {
  const words: string[] = [];
  pushWords(input, words);
  const terms = [
    ...new Set(words.map(lexeme).filter((l): l is string => l !== undefined && l.length > 0)),
  ].slice(0, 8);
  if (terms.length === 0) return undefined;
  const whole = terms.map((t) => `'${t}'`);
  const query = (quoted: string[]) => ({ match: quoted.join(' & '), rank: quoted.join(' | ') });
  const last = terms.length - 1;
  if ((terms[last] as string).length < MIN_PREFIX_LENGTH) return query(whole);
  return {
    ...query([...whole.slice(0, last), `${whole[last] as string}:*`]),
    ...(last > 0 ? { prefix: terms[last], words: terms.slice(0, last) } : {}),
    whole: query(whole),
  };
}

/** Wraps the query's words in «» where they start a word of `text`. */
export function highlight(text: string, input: string): string {
  const words = identifierWords(input)
    .split(' ')
    .filter((w) => w.length > 0);
  if (words.length === 0) return text;
  const pattern = new RegExp(
    `(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'giu',
  );
  return text.replace(pattern, '«$1»');
}
