// The response body: validated against the schema of the media type the consumer accepts. What the consumer
// expects must exist in the spec (no extra properties, right types and enums), but it need not list every property.
import { joinPointer } from '@interlock/openapi';
import type { InteractionContext } from './context.js';
import { findMediaType, isValidatable } from './media-type.js';
import type { MatchedResponse } from './response-status.js';
import { checkAgainstSchema } from './schema-findings.js';

export function checkResponseBody(ctx: InteractionContext, matched: MatchedResponse): void {
  const { body } = ctx.interaction.response;
  const content = matched.response.content;
  const types = content.map((c) => c.mediaType);
  const mediaType =
    findMediaType(ctx.requestHeaders.get('accept') ?? 'application/json', types) ??
    types[0] ??
    'application/json';
  const media = content.find((c) => c.mediaType === mediaType);
  const contentPointer = joinPointer(matched.pointer, 'content');
  const present = body !== undefined && body !== null && body !== '';
  if (!isValidatable(mediaType)) {
    if (body !== undefined)
      ctx.report({
        code: 'response.body.unvalidatable',
        detail: mediaType,
        pactPath: ['response', 'body'],
        value: body,
        specPointer: contentPointer,
      });
    return;
  }
  if (!present) return;
  if (media?.schema === undefined) {
    ctx.report({
      code: 'response.body.unknown',
      pactPath: ['response', 'body'],
      value: body,
      specPointer: contentPointer,
    });
    return;
  }
  checkAgainstSchema(ctx, {
    code: 'response.body.incompatible',
    schemaPointer: joinPointer(contentPointer, media.mediaType, 'schema'),
    schema: media.schema,
    value: body,
    direction: 'response',
    coerce: false,
    pactPath: ['response', 'body'],
  });
}
