import { createRulesetFunction } from '@stoplight/spectral-core';
import { isExempt } from './exemption.js';

const PARAMETER = /^\{[^}]+\}$/;
/** Plural nouns that do not end in `s`, and uncountable ones that name collections well enough. */
const IRREGULAR = new Set([
  'people',
  'children',
  'men',
  'women',
  'data',
  'media',
  'criteria',
  'feet',
  'mice',
]);

export function isPlural(segment: string): boolean {
  const word = segment.split('-').pop() ?? segment;
  return IRREGULAR.has(word) || (word.endsWith('s') && !word.endsWith('ss'));
}

/**
 * `collection-plural`: a segment followed by `{id}` names a collection, so it is a plural noun. Given a path item; a
 * path fixed by someone else's protocol is exempted on the path item (`x-interlock-lint`, with a reason).
 */
export const pluralCollection = createRulesetFunction<Record<string, unknown>, null>(
  { input: { type: 'object' }, options: null },
  function pluralCollection(item, _options, context) {
    if (isExempt(item, 'collection-plural')) return [];
    const path = String(context.path[context.path.length - 1]);
    const segments = path.split('/');
    return segments.flatMap((segment, i) => {
      const next = segments[i + 1];
      if (next === undefined || !PARAMETER.test(next) || PARAMETER.test(segment) || segment === '') return [];
      if (isPlural(segment)) return [];
      return [
        {
          message: `Path "${path}": "${segment}" is followed by ${next}, so it names a collection and should be plural`,
        },
      ];
    });
  },
);
