// Query parameters: each one the pact sends (and each required one) must satisfy its schema; one the spec does not
// define is reported (API-key query parameters excepted).
import type { InteractionContext } from './context.js';
import { isStringSchema, schemaType } from './context.js';
import { apiKeyNames } from './request-security.js';
import { checkAgainstSchema } from './schema-findings.js';
import { parseQuery, queryString } from './values.js';

const SEPARATORS: Record<string, string> = { spaceDelimited: ' ', pipeDelimited: '|', form: ',' };

export function checkRequestQuery(ctx: InteractionContext): void {
  if (!ctx.validRequest) return;
  const text = queryString(ctx.interaction.request.query);
  const structured = parseQuery(text, true);
  const plain = parseQuery(text, false);
  const remaining = new Set(Object.keys(structured));
  for (const parameter of ctx.parameters) {
    if (parameter.in !== 'query') continue;
    remaining.delete(parameter.name);
    if (parameter.schema === undefined) continue;
    const asString = isStringSchema(ctx.document, parameter.schema);
    let value = asString ? plain[parameter.name] : structured[parameter.name];
    if (value === undefined && !parameter.required) continue;
    if (schemaType(ctx.document, parameter.schema) === 'array' && typeof value === 'string')
      value = value.split(
        parameter.collectionFormat === 'tsv' ? '\t' : (SEPARATORS[parameter.style ?? 'form'] ?? ','),
      );
    checkAgainstSchema(ctx, {
      code: 'request.query.incompatible',
      schemaPointer: `${parameter.pointer}/schema`,
      schema: parameter.schema,
      value,
      direction: 'request',
      coerce: true,
      pactPath: ['request', 'query', parameter.name],
    });
  }
  const apiKeys = apiKeyNames(ctx, 'query');
  for (const name of remaining) {
    if (apiKeys.includes(name)) continue;
    ctx.report({
      code: 'request.query.unknown',
      detail: name,
      pactPath: ['request', 'query', name],
      value: structured[name],
      specPointer: ctx.operationPointer,
    });
  }
}
