// Text for the full-text index: identifiers split into the words a person would type.

/** `getCustomerById` → `get customer by id getcustomerbyid`; `/customers/{customerId}` → `customers customer id …`. */
export function identifierWords(...values: (string | undefined)[]): string {
  const out: string[] = [];
  for (const value of values) {
    if (!value) continue;
    for (const token of value.split(/[^A-Za-z0-9]+/)) {
      if (!token) continue;
      out.push(token.toLowerCase());
      const parts = token
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
        .split(' ');
      if (parts.length > 1) for (const p of parts) out.push(p.toLowerCase());
    }
  }
  return out.join(' ');
}

/** A prefix query for `to_tsquery`: every word must match, the last one as a prefix (search as you type). */
export function prefixQuery(input: string): string | undefined {
  const words = identifierWords(input).split(' ').filter(Boolean).slice(0, 8);
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === words.length - 1 ? `${w}:*` : w)).join(' & ');
}

/** Wraps the query's words in «» where they start a word of `text`. */
export function highlight(text: string, input: string): string {
  const words = identifierWords(input)
    .split(' ')
    .filter((w) => w.length > 0);
  if (words.length === 0) return text;
  const pattern = new RegExp(
    `(${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`,
    'gi',
  );
  return text.replace(pattern, '«$1»');
}
