import type { Context, Hono } from 'hono';
import type { BrokerContext } from '../context.js';
import { urls } from '../decorators.js';
import { forVerificationBody } from '../matrix-decorators.js';
import { baseUrl, errors, hal, isObject, jsonBody } from '../hal.js';

const CAMEL: Record<string, string> = {
  consumer_version_selectors: 'consumerVersionSelectors',
  provider_version_tags: 'providerVersionTags',
  provider_version_branch: 'providerVersionBranch',
  include_pending_status: 'includePendingStatus',
  include_wip_pacts_since: 'includeWipPactsSince',
  main_branch: 'mainBranch',
  matching_branch: 'matchingBranch',
  fallback_branch: 'fallbackBranch',
  fallback_tag: 'fallbackTag',
  deployed_or_released: 'deployedOrReleased',
};

/** `pacts/provider/{p}/for-verification`: POST with a JSON body, or GET with the same in the query string. */
export function forVerificationResource(app: Hono, { broker }: BrokerContext): void {
  const answer = async (c: Context, body: Record<string, unknown>) => {
    const provider = c.req.param('provider') as string;
    const b = baseUrl(c);
    const result = await broker.pactsForVerification(provider, body, (sha, consumer) =>
      urls(b).pactVersion(consumer, provider, sha),
    );
    if (!result.ok)
      return errors(
        c,
        result.status,
        result.status === 400 ? { consumerVersionSelectors: asList(result.errors) } : result.errors,
      );
    return hal(c, forVerificationBody(b, provider, result.pacts, `${b}${new URL(c.req.url).pathname}`));
  };
  app.post('/pacts/provider/:provider/for-verification', async (c) => {
    const body = await jsonBody(c);
    if (!body.ok) return body.response;
    if (!isObject(body.value)) return errors(c, 400, { body: ['must be a JSON object'] });
    return answer(c, body.value);
  });
  app.get('/pacts/provider/:provider/for-verification', async (c) =>
    answer(c, fromQuery(new URL(c.req.url).searchParams)),
  );
}

const asList = (e: string[] | Record<string, string[]>) => (Array.isArray(e) ? e : Object.values(e).flat());

/** `consumer_version_selectors[][tag]=prod&include_pending_status=true` → the POST body's shape. */
function fromQuery(params: URLSearchParams): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  const selectors: Record<string, unknown>[] = [];
  const value = (v: string): unknown => (v === 'true' ? true : v === 'false' ? false : v);
  for (const [rawKey, raw] of params) {
    const sel = /^(consumer_version_selectors|consumerVersionSelectors)\[(\d*)\]\[(\w+)\]$/.exec(rawKey);
    if (sel) {
      const key = CAMEL[sel[3] as string] ?? (sel[3] as string);
      const index = sel[2] === '' ? undefined : Number(sel[2]);
      const last = selectors[selectors.length - 1];
      const target =
        index !== undefined
          ? (selectors[index] ??= {})
          : !last || key in last
            ? (selectors[selectors.length] = {})
            : last;
      target[key] = value(raw);
      continue;
    }
    const list = /^(\w+)\[\]$/.exec(rawKey);
    if (list) {
      const key = CAMEL[list[1] as string] ?? (list[1] as string);
      ((body[key] ??= []) as unknown[]).push(raw);
      continue;
    }
    body[CAMEL[rawKey] ?? rawKey] = value(raw);
  }
  if (selectors.length) body.consumerVersionSelectors = selectors.filter(Boolean);
  return body;
}
