// The request body: validated against the schema of the media type it is sent as (JSON, form-urlencoded or
// multipart); a body of another media type cannot be validated and is reported as such.
import { joinPointer } from '@interlock/openapi';
import type { InteractionContext } from './context.js';
import { findMediaType, isValidatable, essence } from './media-type.js';
import { checkAgainstSchema } from './schema-findings.js';
import { parseFormBody, parseMultipart } from './values.js';

export function checkRequestBody(ctx: InteractionContext): void {
  if (!ctx.validRequest) return;
  const { body } = ctx.interaction.request;
  const requestBody = ctx.operation.requestBody;
  const content = requestBody?.content ?? [];
  const sent = ctx.requestHeaders.get('content-type');
  const mediaType = sent
    ? (findMediaType(
        sent,
        content.map((c) => c.mediaType),
      ) ?? sent)
    : 'application/json';
  const matched = content.find(
    (c) =>
      c.mediaType ===
      findMediaType(
        mediaType,
        content.map((c) => c.mediaType),
      ),
  );
  if (!requestBody?.required && body === undefined) return;
  const contentPointer = joinPointer(ctx.operationPointer, 'requestBody', 'content');
  if (!isValidatable(mediaType)) {
    if (body !== undefined)
      ctx.report({
        code: 'request.body.unvalidatable',
        detail: mediaType,
        pactPath: ['request', 'body'],
        value: body,
        specPointer: contentPointer,
      });
    return;
  }
  if (matched?.schema !== undefined) {
    checkAgainstSchema(ctx, {
      code: 'request.body.incompatible',
      schemaPointer: joinPointer(contentPointer, matched.mediaType, 'schema'),
      schema: matched.schema,
      value: decode(body, sent ?? ''),
      direction: 'request',
      coerce: false,
      pactPath: ['request', 'body'],
    });
  } else if (body !== undefined && body !== null && body !== '') {
    ctx.report({
      code: 'request.body.unknown',
      pactPath: ['request', 'body'],
      value: body,
      specPointer: contentPointer,
    });
  }
}

function decode(body: unknown, contentType: string): unknown {
  if (typeof body !== 'string') return body;
  const type = essence(contentType);
  if (type === 'application/x-www-form-urlencoded') return parseFormBody(body);
  if (type === 'multipart/form-data') return parseMultipart(body, contentType) ?? body;
  return body;
}
