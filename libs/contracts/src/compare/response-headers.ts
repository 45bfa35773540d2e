// Response headers: each header the pact expects must be one the spec's response defines, with a value its schema
// accepts; a standard HTTP header the spec leaves out is only a warning.
import { joinPointer } from '@interlock/openapi';
import type { InteractionContext } from './context.js';
import { matchResponse } from './response-status.js';
import { checkAgainstSchema } from './schema-findings.js';
import { STANDARD_RESPONSE_HEADERS } from './standard-headers.js';

export function checkResponseHeaders(ctx: InteractionContext): void {
  const matched = matchResponse(ctx);
  if (!matched) return;
  const remaining = new Headers(ctx.responseHeaders);
  remaining.delete('content-type');
  for (const header of matched.response.headers) {
    const value = remaining.get(header.name);
    remaining.delete(header.name);
    if (value === null || header.schema === undefined) continue;
    checkAgainstSchema(ctx, {
      code: 'response.header.incompatible',
      schemaPointer: joinPointer(matched.pointer, 'headers', header.name, 'schema'),
      schema: header.schema,
      value,
      direction: 'response',
      coerce: true,
      pactPath: ['response', 'headers', header.name],
    });
  }
  for (const name of STANDARD_RESPONSE_HEADERS) {
    if (!remaining.has(name)) continue;
    ctx.report({
      code: 'response.header.undefined',
      detail: name,
      pactPath: ['response', 'headers', name],
      value: remaining.get(name),
      specPointer: ctx.operationPointer,
    });
    remaining.delete(name);
  }
  // forEach, not for…of: a dependency's `/// <reference lib="dom" />` drops Headers' iterator from the types.
  const entries: [string, string][] = [];
  remaining.forEach((value, name) => entries.push([name, value]));
  for (const [name, value] of entries) {
    ctx.report({
      code: 'response.header.unknown',
      detail: name,
      pactPath: ['response', 'headers', name],
      value,
      specPointer: joinPointer(matched.pointer, 'headers'),
    });
  }
}
