// Path parameters: the pact's path segments must satisfy the parameters' schemas (a path that does not is not this
// operation's path, hence `request.path-or-method.unknown`, as in swagger-mock-validator).
import type { InteractionContext } from './context.js';
import { isStringSchema, schemaType } from './context.js';
import { parseDelimited } from './values.js';
import { checkAgainstSchema } from './schema-findings.js';

export function checkRequestPath(ctx: InteractionContext): number {
  let found = 0;
  for (const [template, raw] of Object.entries(ctx.pathParams)) {
    // RFC 6570 operators some specs use in path templates: `{.id*}` (label), `{;id}` (matrix), `{id*}` (explode).
    const operator = /^[.;]/.test(template) ? template[0] : '';
    const name = template.replace(/^[.;]/, '').replace(/\*$/, '');
    const parameter = ctx.parameters.find((p) => p.in === 'path' && p.name === name);
    if (!parameter || parameter.schema === undefined) continue;
    let text = raw;
    if (operator) {
      if (!text.startsWith(operator)) {
        ctx.report(unknownPath(ctx));
        found++;
        continue;
      }
      text = text.slice(1);
    }
    const style = parameter.style ?? (operator === '.' ? 'label' : operator === ';' ? 'matrix' : 'simple');
    const explode = parameter.explode ?? template.endsWith('*');
    const separator = explode && style === 'label' ? '.' : explode && style === 'matrix' ? ';' : ',';
    const type = schemaType(ctx.document, parameter.schema);
    const value = isStringSchema(ctx.document, parameter.schema)
      ? text
      : type === 'array'
        ? text.split(separator)
        : parseDelimited(text);
    const before = found;
    found += countErrors(ctx, parameter.pointer, parameter.schema, value);
    for (let i = before; i < found; i++) ctx.report(unknownPath(ctx));
  }
  return found;
}

function countErrors(ctx: InteractionContext, pointer: string, schema: unknown, value: unknown): number {
  const silent: InteractionContext = { ...ctx, report: () => undefined };
  return checkAgainstSchema(silent, {
    code: 'request.path-or-method.unknown',
    schemaPointer: `${pointer}/schema`,
    schema,
    value,
    direction: 'request',
    coerce: true,
    pactPath: ['request', 'path'],
  });
}

function unknownPath(ctx: InteractionContext) {
  return {
    code: 'request.path-or-method.unknown' as const,
    detail: `${ctx.interaction.request.method.toUpperCase()} ${ctx.interaction.request.path}`,
    pactPath: ['request', 'path'],
    value: ctx.interaction.request.path,
    specPointer: '/paths',
  };
}
