import type { MiddlewareHandler } from 'hono';

/**
 * Pages show text written by other teams and third parties. Scripts come only from the catalog's own files, never
 * inline; styles likewise; nothing is framed or posted elsewhere.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The usage report is one self-contained file (libs/usage) with inline styles and no script at all. */
export const REPORT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

export function pageHeaders(csp: string = PAGE_CSP): MiddlewareHandler {
  return async function pageHeaders(c, next) {
    await next();
    setPageHeaders(c.res.headers, csp);
  };
}

export function setPageHeaders(headers: Headers, csp: string = PAGE_CSP): void {
  headers.set('content-security-policy', csp);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('referrer-policy', 'same-origin');
  headers.set('x-frame-options', 'DENY');
  headers.set('cache-control', 'no-cache');
  headers.set('vary', 'accept');
}

/** Browsers ask for text/html (or anything); API clients asking for JSON go on to the JSON resources. */
export function wantsHtml(accept: string | undefined): boolean {
  if (!accept) return true;
  const types = accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
    })
    .filter((t) => t.q > 0);
  const best = (match: (type: string) => boolean) =>
    Math.max(0, ...types.filter((t) => match(t.type)).map((t) => t.q));
  const html = best((t) => t === 'text/html' || t === 'application/xhtml+xml' || t === 'text/*');
  const json = best((t) => t === 'application/json' || t.endsWith('+json'));
  const any = best((t) => t === '*/*');
  if (html > 0) return html >= json;
  return json === 0 && any > 0;
}
