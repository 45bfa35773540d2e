// The spec response a pact response is checked against: its exact status, else its class (`4XX`), else `default`.
import { joinPointer, type Response } from '@interlock/openapi';
import type { InteractionContext } from './context.js';

export interface MatchedResponse {
  response: Response;
  /** Pointer of the response in the bundled document. */
  pointer: string;
  /** Only `default` matched. */
  byDefault: boolean;
}

export function matchResponse(ctx: InteractionContext): MatchedResponse | undefined {
  const status = ctx.interaction.response.status;
  const keys = [String(status), `${Math.floor(status / 100)}XX`, 'DEFAULT'];
  for (const key of keys) {
    const response = ctx.operation.responses.find((r) => r.status.toUpperCase() === key);
    if (response)
      return {
        response,
        pointer: joinPointer(ctx.operationPointer, 'responses', response.status),
        byDefault: key === 'DEFAULT',
      };
  }
  return undefined;
}

export function checkResponseStatus(ctx: InteractionContext): MatchedResponse | undefined {
  const matched = matchResponse(ctx);
  const status = ctx.interaction.response.status;
  if (!matched) {
    ctx.report({
      code: 'response.status.unknown',
      detail: String(status),
      pactPath: ['response', 'status'],
      value: status,
      specPointer: joinPointer(ctx.operationPointer, 'responses'),
    });
  } else if (matched.byDefault) {
    ctx.report({
      code: 'response.status.default',
      detail: String(status),
      pactPath: ['response', 'status'],
      value: status,
      specPointer: joinPointer(ctx.operationPointer, 'responses'),
    });
  }
  return matched;
}
