// Request headers: each header parameter the pact sends must satisfy its schema, required ones must be sent, and a
// header the spec does not define is reported (standard HTTP headers and API-key headers excepted).
import type { InteractionContext } from './context.js';
import { isStringSchema } from './context.js';
import { STANDARD_REQUEST_HEADERS } from './standard-headers.js';
import { apiKeyNames } from './request-security.js';
import { checkAgainstSchema } from './schema-findings.js';
import { parseDelimited } from './values.js';

export function checkRequestHeaders(ctx: InteractionContext): void {
  if (!ctx.validRequest) return;
  const remaining = new Headers(ctx.requestHeaders);
  for (const parameter of ctx.parameters) {
    if (parameter.in !== 'header') continue;
    const raw = ctx.requestHeaders.get(parameter.name);
    remaining.delete(parameter.name);
    if (raw === null) {
      if (parameter.required)
        ctx.report({
          code: 'request.header.incompatible',
          detail: `must have required property '${parameter.name}'`,
          pactPath: ['request', 'headers', parameter.name],
          specPointer: parameter.pointer,
        });
      continue;
    }
    if (parameter.schema === undefined) continue;
    checkAgainstSchema(ctx, {
      code: 'request.header.incompatible',
      schemaPointer: `${parameter.pointer}/schema`,
      schema: parameter.schema,
      value: isStringSchema(ctx.document, parameter.schema) ? raw : parseDelimited(raw),
      direction: 'request',
      coerce: true,
      pactPath: ['request', 'headers', parameter.name],
    });
  }
  for (const name of STANDARD_REQUEST_HEADERS) remaining.delete(name);
  const apiKeys = apiKeyNames(ctx, 'header');
  // forEach, not for…of: a dependency's `/// <reference lib="dom" />` drops Headers' iterator from the types.
  const entries: [string, string][] = [];
  remaining.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    if (apiKeys.includes(name)) continue;
    ctx.report({
      code: 'request.header.unknown',
      detail: name,
      pactPath: ['request', 'headers', name],
      value,
      specPointer: ctx.operationPointer,
    });
  }
}
