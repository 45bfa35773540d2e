import { createRulesetFunction } from '@stoplight/spectral-core';
import { isExempt } from './exemption.js';

const PROBLEM = 'application/problem+json';

type Responses = Record<string, { content?: Record<string, unknown> } | undefined>;

/** `problem-json-errors`: 4xx, 5xx and default responses with a body use RFC 9457 problem details. */
export const problemJsonErrors = createRulesetFunction<{ responses?: Responses }, null>(
  { input: { type: 'object' }, options: null },
  function problemJsonErrors(operation, _options, context) {
    if (isExempt(operation, 'problem-json-errors')) return [];
    return Object.entries(operation.responses ?? {}).flatMap(([code, response]) => {
      if (!/^(?:[45](?:\d\d|XX)|default)$/i.test(code)) return [];
      const types = Object.keys(response?.content ?? {});
      if (types.length === 0 || types.includes(PROBLEM)) return [];
      return [
        {
          message: `Error response ${code} is ${types.join(', ')}: errors use ${PROBLEM} (RFC 9457)`,
          path: [...context.path, 'responses', code, 'content'],
        },
      ];
    });
  },
);
