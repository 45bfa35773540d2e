import { createRulesetFunction } from '@stoplight/spectral-core';

const REPLACEMENT = /\b(?:use|replaced by|instead|superseded by|successor|migrate to)\b/i;

interface Operation {
  deprecated?: boolean;
  description?: string;
}

/** `deprecated-operation-replacement`: a deprecated operation's description says what to use instead. */
export const deprecationReplacement = createRulesetFunction<Operation, null>(
  { input: { type: 'object' }, options: null },
  function deprecationReplacement(operation, _options, context) {
    if (operation.deprecated !== true) return [];
    if (typeof operation.description === 'string' && REPLACEMENT.test(operation.description)) return [];
    return [
      {
        message:
          'Deprecated operation does not say what replaces it: name the successor in its description ("Use … instead")',
        path: [...context.path, 'description' in operation ? 'description' : 'deprecated'],
      },
    ];
  },
);
