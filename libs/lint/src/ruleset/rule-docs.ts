// The organisation's rule ids and pages, apart from the rules themselves (interlock-recommended.ts), so findings
// from the cache get their pages without Spectral being loaded. A test checks the two lists agree.

/** The rule ids of the organisation (each has a page under docs/rules/). */
export const interlockRuleIds: string[] = [
  'path-kebab-case',
  'collection-plural',
  'property-camel-case',
  'operation-summary',
  'operation-success-response',
  'problem-json-errors',
  'list-pagination',
  'operation-security',
  'deprecated-operation-replacement',
  'deprecated-operation-sunset',
  'operation-operationId',
  'operation-tags',
  'oas2-unused-definition',
  'oas3-unused-component',
  'oas2-valid-schema-example',
  'oas2-valid-media-example',
  'oas3-valid-schema-example',
  'oas3-valid-media-example',
];

/**
 * Where each organisation rule's page lives: `libs/lint/docs/rules/<rule>.md` (a file URL: Spectral's ruleset schema
 * wants http(s) documentation URLs, so findings get this one from our layer, not from the ruleset).
 */
export function ruleDocumentationUrl(rule: string): string {
  return new URL(`../../docs/rules/${rule}.md`, import.meta.url).href;
}
