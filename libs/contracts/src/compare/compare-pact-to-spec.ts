// Checks a consumer's pact against a provider's OpenAPI spec, interaction by interaction, the way
// openapi-pact-comparator does (the same finding codes, so its users' expectations carry over).
import { joinPointer, type LoadedSpec } from '@interlock/openapi';
import { checkRequestContentNegotiation, checkResponseContentType } from './content-negotiation.js';
import {
  createReporter,
  documentParameters,
  isObj,
  type InteractionContext,
  type SpecSide,
} from './context.js';
import type { Pact } from './pact.js';
import { checkRequestBody } from './request-body.js';
import { checkRequestHeaders } from './request-headers.js';
import { checkRequestPath } from './request-path.js';
import { checkRequestQuery } from './request-query.js';
import { checkRequestSecurity } from './request-security.js';
import { checkResponseBody } from './response-body.js';
import { checkResponseHeaders } from './response-headers.js';
import { checkResponseStatus } from './response-status.js';
import { createRouter } from './route.js';
import type { CompareOptions, Comparison, Finding } from './types.js';
import { createValidator } from './validator.js';

export interface PactComparator {
  compare(pact: Pact): Comparison;
}

/** Prepares a spec once (routes, compiled schemas) for comparing any number of pacts with it. */
export function createPactComparator(spec: LoadedSpec, options: CompareOptions = {}): PactComparator {
  const document = spec.document;
  const info = isObj(document.info) ? document.info : {};
  const basePath =
    options.basePath ??
    (typeof info['x-opc-config-base-path'] === 'string' ? info['x-opc-config-base-path'] : undefined);
  const caseInsensitive = options.caseInsensitive ?? info['x-opc-config-case-insensitive'] === true;
  const router = createRouter(spec.api, { basePath, caseInsensitive });
  const side: SpecSide = {
    spec,
    document,
    openapi31: spec.api.format === 'openapi-3.1',
    validator: createValidator(spec.api.format === 'openapi-3.1'),
  };
  return {
    compare(pact) {
      const findings: Finding[] = [];
      for (const interaction of pact.interactions) {
        const { method, path } = interaction.request;
        const hit = router.find(method, path);
        if (!hit) {
          createReporter(
            side,
            interaction,
            findings,
          )({
            code: 'request.path-or-method.unknown',
            detail: `${method.toUpperCase()} ${path}`,
            pactPath: ['request', 'path'],
            value: path,
            specPointer: '/paths',
          });
          continue;
        }
        const operationPointer = joinPointer(
          '/paths',
          hit.operation.path,
          hit.operation.method.toLowerCase(),
        );
        const ctx: InteractionContext = {
          ...side,
          interaction,
          operation: hit.operation,
          operationPointer,
          parameters: documentParameters(document, operationPointer),
          pathParams: hit.params,
          requestHeaders: new Headers(interaction.request.headers ?? {}),
          responseHeaders: new Headers(interaction.response.headers ?? {}),
          validRequest: interaction.response.status < 400,
          report: createReporter(side, interaction, findings, hit.operation.key),
        };
        compareInteraction(ctx);
      }
      return {
        compatible: !findings.some((f) => f.level === 'error'),
        findings,
        interactions: pact.interactions.length,
        skipped: pact.skipped,
      };
    },
  };
}

/** Compares one pact with one spec. */
export function comparePactToSpec(pact: Pact, spec: LoadedSpec, options?: CompareOptions): Comparison {
  return createPactComparator(spec, options).compare(pact);
}

function compareInteraction(ctx: InteractionContext): void {
  // A path whose parameters do not fit is not this operation's path: nothing else about it can be judged.
  if (checkRequestPath(ctx) > 0) return;
  checkRequestSecurity(ctx);
  const request = checkRequestContentNegotiation(ctx);
  checkRequestHeaders(ctx);
  checkRequestQuery(ctx);
  if (!request.contentTypeIncompatible) checkRequestBody(ctx);
  const matched = checkResponseStatus(ctx);
  const response = checkResponseContentType(ctx);
  checkResponseHeaders(ctx);
  if (matched && !response.contentTypeIncompatible) checkResponseBody(ctx, matched);
}
