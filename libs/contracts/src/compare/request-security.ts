// Security: an interaction the provider should accept must satisfy one of the operation's security requirements
// with what a pact can show (an Authorization header of the right scheme, an API key header or query parameter).
// OAuth 2, OpenID Connect and mutual TLS cannot be seen in a pact and count as satisfied.
import type { FindingInput, InteractionContext } from './context.js';
import { deref, isObj } from './context.js';
import { getAt } from '@interlock/openapi';
import { parseQuery, queryString } from './values.js';

export function checkRequestSecurity(ctx: InteractionContext): void {
  if (!ctx.validRequest || ctx.operation.security.length === 0) return;
  const query = parseQuery(queryString(ctx.interaction.request.query), false);
  const missing: FindingInput[] = [];
  for (const requirement of ctx.operation.security) {
    if (requirement.length === 0) return; // anonymous access is one of the alternatives
    let satisfied = true;
    for (const { scheme: name } of requirement) {
      const problem = unmet(ctx, name, query);
      if (problem) {
        missing.push(problem);
        satisfied = false;
      }
    }
    if (satisfied) return;
  }
  for (const finding of missing) ctx.report(finding);
}

/** Schemes the operation's requirements name as API keys in headers or the query: not unknown parameters. */
export function apiKeyNames(ctx: InteractionContext, where: 'header' | 'query'): string[] {
  const names: string[] = [];
  for (const requirement of ctx.operation.security)
    for (const { scheme } of requirement) {
      const s = schemeOf(ctx, scheme);
      if (s && String(s.type).toLowerCase() === 'apikey' && s.in === where && typeof s.name === 'string')
        names.push(where === 'header' ? s.name.toLowerCase() : s.name);
    }
  return names;
}

function schemeOf(ctx: InteractionContext, name: string): Record<string, unknown> | undefined {
  const pointer = `/components/securitySchemes/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
  const { value } = deref(ctx.document, getAt(ctx.document, pointer), pointer);
  return isObj(value) ? value : undefined;
}

function unmet(
  ctx: InteractionContext,
  name: string,
  query: Record<string, unknown>,
): FindingInput | undefined {
  const scheme = schemeOf(ctx, name);
  if (!scheme) return undefined;
  const headers = ctx.requestHeaders;
  const base = { code: 'request.authorization.missing' as const, specPointer: ctx.operationPointer };
  const missingHeader = (): FindingInput => ({
    ...base,
    detail: 'Authorization header',
    pactPath: ['request', 'headers'],
    value: ctx.interaction.request.headers,
  });
  const type = String(scheme.type).toLowerCase();
  if (type === 'apikey') {
    const keyName = String(scheme.name);
    if (scheme.in === 'header') return headers.has(keyName) ? undefined : missingHeader();
    if (scheme.in === 'query')
      return query[keyName] !== undefined
        ? undefined
        : {
            ...base,
            detail: 'Authorization query',
            pactPath: ['request', 'query'],
            value: ctx.interaction.request.query,
          };
    return undefined; // cookies: a pact rarely carries them; not checked
  }
  if (type === 'http' || type === 'basic') {
    const wanted = type === 'basic' ? 'basic' : String(scheme.scheme ?? '').toLowerCase();
    const auth = (headers.get('authorization') ?? '').toLowerCase();
    if (wanted === 'basic' || wanted === 'bearer')
      return auth.startsWith(`${wanted} `) ? undefined : missingHeader();
    return headers.has('authorization') ? undefined : missingHeader();
  }
  return undefined;
}
