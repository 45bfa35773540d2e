// Reading parameter values and form bodies out of a pact's strings.
import qs from 'qs';

/**
 * A header or path value as a schema of unknown shape expects it: `a,b` is an array, `k=v,k2=v2` an object,
 * anything else the string itself.
 */
export function parseDelimited(text: string | undefined): unknown {
  if (!text) return text;
  if (text.includes('=')) return qs.parse(text.replaceAll(',', '&'), { allowDots: true, comma: true });
  if (text.includes(',')) return text.split(',');
  return text;
}

/** The pact's query (V2 string, or V3/V4 names to values) as one query string. */
export function queryString(query: string | Record<string, string> | undefined): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return query.replace(/^\?/, '');
  return Object.entries(query)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** Query values by name: `structured` reads `a=1,2` as an array and `a.b=1` / `a[b]=1` as objects. */
export function parseQuery(query: string, structured: boolean): Record<string, unknown> {
  return qs.parse(query, structured ? { allowDots: true, comma: true } : {}) as Record<string, unknown>;
}

export function parseFormBody(body: string): Record<string, unknown> {
  return qs.parse(body, { allowDots: true, comma: true }) as Record<string, unknown>;
}

/** The named parts of a multipart/form-data body, as text. */
export function parseMultipart(body: string, contentType: string): Record<string, string> | undefined {
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) return undefined;
  const out: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.search(/\r?\n\r?\n/);
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    const content = part
      .slice(split)
      .replace(/^\r?\n\r?\n/, '')
      .replace(/\r?\n$/, '');
    out[name] = content;
  }
  return out;
}

/** A body a pact actually states: `null` and `""` are how some writers spell "no body". */
export function hasBody(body: unknown): boolean {
  return body !== undefined && body !== null && body !== '';
}
