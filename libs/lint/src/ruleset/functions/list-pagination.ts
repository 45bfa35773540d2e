import { createRulesetFunction } from '@stoplight/spectral-core';
import { isExempt } from './exemption.js';

interface Parameter {
  name?: string;
  in?: string;
}
interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  allOf?: Schema[];
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface PathItem {
  parameters?: Parameter[];
  get?: Operation;
}

/** Properties of a schema, looking through `allOf` (the document is resolved, so `$ref`s are inlined). */
function properties(schema: Schema | undefined): Record<string, Schema> {
  if (!schema) return {};
  return Object.assign({}, ...(schema.allOf ?? []).map(properties), schema.properties ?? {});
}

/**
 * `list-pagination`: a `list*` GET pages the same way everywhere: `limit` and `cursor` query parameters in, and
 * `{ items: [...], nextCursor }` out.
 */
export const listPagination = createRulesetFunction<PathItem, null>(
  { input: { type: 'object' }, options: null },
  function listPagination(pathItem, _options, context) {
    const operation = pathItem.get;
    if (!operation || !/^list[A-Z0-9]/.test(operation.operationId ?? '')) return [];
    if (isExempt(operation, 'list-pagination')) return [];
    const path = [...context.path, 'get'];
    const query = new Set(
      [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])]
        .filter((p) => p?.in === 'query')
        .map((p) => p.name),
    );
    const results = ['limit', 'cursor']
      .filter((name) => !query.has(name))
      .map((name) => ({
        message: `List operation ${operation.operationId} has no "${name}" query parameter (lists page with limit + cursor)`,
        path: [...path, 'parameters'],
      }));
    for (const [code, response] of Object.entries(operation.responses ?? {})) {
      if (!code.startsWith('2')) continue;
      for (const [type, media] of Object.entries(response?.content ?? {})) {
        const props = properties(media?.schema);
        const items = props.items;
        const isArray =
          items && (items.type === 'array' || (Array.isArray(items.type) && items.type.includes('array')));
        if (!isArray || !props.nextCursor)
          results.push({
            message: `List operation ${operation.operationId} answers ${code} without { items: [...], nextCursor }`,
            path: [...path, 'responses', code, 'content', type, 'schema'],
          });
      }
    }
    return results;
  },
);
