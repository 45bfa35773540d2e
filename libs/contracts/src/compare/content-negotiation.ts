// Content negotiation: the request's Content-Type against the media types the operation consumes, its Accept
// against those it produces, and the response's Content-Type against those of the matched response.
import { joinPointer } from '@interlock/openapi';
import { producedMediaTypes, type InteractionContext } from './context.js';
import { findMediaType } from './media-type.js';
import { hasBody } from './values.js';
import { matchResponse } from './response-status.js';

export function checkRequestContentNegotiation(ctx: InteractionContext): {
  contentTypeIncompatible: boolean;
} {
  const { operation, operationPointer, requestHeaders, interaction } = ctx;
  const produced = producedMediaTypes(operation);
  const matched = matchResponse(ctx);
  const forStatus = matched ? producedMediaTypes(operation, matched.response) : [];
  const accept = requestHeaders.get('accept');
  if (accept && produced.length === 0) {
    ctx.report({
      code: 'request.accept.unknown',
      pactPath: ['request', 'headers', 'accept'],
      value: accept,
      specPointer: operationPointer,
    });
  } else if (accept && forStatus.length && !findMediaType(accept, produced)) {
    ctx.report({
      code: 'request.accept.incompatible',
      pactPath: ['request', 'headers', 'accept'],
      value: accept,
      specPointer: operationPointer,
    });
  }

  const consumed = operation.requestBody?.content.map((c) => c.mediaType) ?? [];
  const contentType = requestHeaders.get('content-type');
  let contentTypeIncompatible = false;
  if (contentType && consumed.length === 0) {
    ctx.report({
      code: 'request.content-type.unknown',
      pactPath: ['request', 'headers', 'content-type'],
      value: contentType,
      specPointer: operationPointer,
    });
  } else if (contentType && !findMediaType(contentType, consumed)) {
    contentTypeIncompatible = true;
    ctx.report({
      code: 'request.content-type.incompatible',
      pactPath: ['request', 'headers', 'content-type'],
      value: contentType,
      specPointer: joinPointer(operationPointer, 'requestBody', 'content'),
    });
  } else if (!contentType && consumed.length && hasBody(interaction.request.body)) {
    ctx.report({
      code: 'request.content-type.missing',
      pactPath: ['request', 'headers', 'content-type'],
      specPointer: operationPointer,
    });
  }
  return { contentTypeIncompatible };
}

export function checkResponseContentType(ctx: InteractionContext): { contentTypeIncompatible: boolean } {
  const matched = matchResponse(ctx);
  if (!matched) return { contentTypeIncompatible: false };
  const produced = producedMediaTypes(ctx.operation, matched.response);
  const contentType = ctx.responseHeaders.get('content-type');
  if (contentType && produced.length === 0) {
    ctx.report({
      code: 'response.content-type.unknown',
      pactPath: ['response', 'headers', 'content-type'],
      value: contentType,
      specPointer: ctx.operationPointer,
    });
  } else if (contentType && !findMediaType(contentType, produced)) {
    ctx.report({
      code: 'response.content-type.incompatible',
      pactPath: ['response', 'headers', 'content-type'],
      value: contentType,
      specPointer: joinPointer(matched.pointer, 'content'),
    });
    return { contentTypeIncompatible: true };
  }
  return { contentTypeIncompatible: false };
}
