import { UsageError } from './io.js';

/** Where a command finds the catalog when --catalog is not given (only `publish` has a default). */
export const DEFAULT_CATALOG = 'http://localhost:8080';

/**
 * Every request the CLI sends to a catalog goes through here, so that one it cannot reach is reported the same way
 * by every command: fetch itself says only "fetch failed", and the reason (ECONNREFUSED, ENOTFOUND, …) is in its
 * `cause`.
 */
export async function fetchCatalog(url: URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (error) {
    throw new UsageError(
      `Cannot reach the catalog at ${url.origin} (${why(error)}). Is \`interlock serve\` running there? ` +
        'If it runs elsewhere, give its URL with --catalog.',
      { cause: error },
    );
  }
}

/** GETs JSON from a catalog; an answer other than 2xx is an error that says what the catalog answered. */
export async function getCatalogJson<T>(url: URL): Promise<T> {
  const response = await fetchCatalog(url);
  if (!response.ok)
    throw new UsageError(
      `The catalog at ${url.origin} answered ${response.status} to GET ${url.pathname}: ${await response.text()}`,
    );
  return (await response.json()) as T;
}

function why(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause ?? error;
  // Connecting to "localhost" tries each of its addresses; when all fail, the reasons come as an AggregateError.
  const causes = cause instanceof AggregateError && cause.errors.length ? cause.errors : [cause];
  const reasons = [...new Set(causes.map(reason))];
  return reasons.join('; ');
}

function reason(cause: unknown): string {
  if (!(cause instanceof Error)) return String(cause);
  const code = (cause as { code?: unknown }).code;
  // fetch never connects to ports browsers block (1, 6000, …): it fails with just "bad port".
  if (cause.message === 'bad port') return 'bad port: fetch does not connect to this port, pick another';
  if (cause.message) return cause.message;
  return typeof code === 'string' ? code : cause.name;
}
