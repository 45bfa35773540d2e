import { createRulesetFunction } from '@stoplight/spectral-core';
import { isExempt } from './exemption.js';

/** 2xx codes that carry no body by definition. */
const NO_CONTENT = new Set(['204', '205']);

type Responses = Record<
  string,
  { content?: Record<string, { schema?: unknown }>; schema?: unknown } | undefined
>;

/** `operation-success-response`: an operation answers some 2xx with a schema (204/205 need none). */
export const successResponse = createRulesetFunction<{ responses?: Responses }, null>(
  { input: { type: 'object' }, options: null },
  function successResponse(operation, _options, context) {
    if (isExempt(operation, 'operation-success-response')) return [];
    const responses = operation.responses ?? {};
    const success = Object.keys(responses).filter((code) => /^2(?:\d\d|XX)$/i.test(code));
    if (success.length === 0) return [{ message: 'Operation has no 2xx response' }];
    for (const code of success) {
      if (NO_CONTENT.has(code)) return [];
      const response = responses[code];
      if (response?.schema !== undefined) return []; // OpenAPI 2.0
      if (Object.values(response?.content ?? {}).some((media) => media?.schema !== undefined)) return [];
    }
    return success.map((code) => ({
      message: `Response ${code} has no schema: describe the body under content.<media type>.schema`,
      path: [...context.path, 'responses', code],
    }));
  },
);
