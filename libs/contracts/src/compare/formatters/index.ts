import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatText } from './text.js';
import type { ComparisonFormatter } from './types.js';

export const COMPARISON_FORMATS = ['text', 'json', 'junit', 'github'] as const;
export type ComparisonFormat = (typeof COMPARISON_FORMATS)[number];

export const comparisonFormatters: Record<ComparisonFormat, ComparisonFormatter> = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
};
