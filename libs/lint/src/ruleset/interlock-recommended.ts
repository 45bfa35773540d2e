import type { RulesetDefinition } from '@stoplight/spectral-core';
import { pattern, truthy } from '@stoplight/spectral-functions';
import { oas } from '@stoplight/spectral-rulesets';
import { deprecationReplacement } from './functions/deprecation-replacement.js';
import { kebabCasePath } from './functions/kebab-case-path.js';
import { listPagination } from './functions/list-pagination.js';
import { operationSecurity } from './functions/operation-security.js';
import { pluralCollection } from './functions/plural-collection.js';
import { problemJsonErrors } from './functions/problem-json-errors.js';
import { successResponse } from './functions/success-response.js';

const OPERATIONS = '$.paths[*][get,put,post,delete,options,head,patch,trace]';

/**
 * The organisation's design rules, each with a stable id, a default severity and a page of its own. `spectral:oas`
 * rules named here keep their function and only get the organisation's severity.
 */
const interlockRules = {
  'path-kebab-case': {
    description: 'Path segments are kebab-case.',
    message: '{{error}}',
    severity: 'error',
    given: '$.paths',
    then: { field: '@key', function: kebabCasePath },
  },
  'collection-plural': {
    description: 'A segment followed by a path parameter names a collection and is plural.',
    message: '{{error}}',
    severity: 'warn',
    given: '$.paths[*]',
    then: { function: pluralCollection },
  },
  'property-camel-case': {
    description: 'Schema property names are camelCase (HAL’s reserved `_links` and `_embedded` too).',
    message: 'Property "{{property}}" is not camelCase (lowerCamelCase: orderId, nextCursor)',
    severity: 'warn',
    given: '$..properties',
    then: {
      field: '@key',
      function: pattern,
      functionOptions: { match: '^(?:[a-z][a-zA-Z0-9]*|_links|_embedded)$' },
    },
  },
  'operation-summary': {
    description: 'Every operation has a summary.',
    message:
      'Operation has no "summary": add a one-line summary (shown in the catalog and in generated clients)',
    severity: 'error',
    given: OPERATIONS,
    then: { field: 'summary', function: truthy },
  },
  'operation-success-response': {
    description: 'Every operation has a 2xx response with a schema (204 and 205 excepted).',
    message: '{{error}}',
    severity: 'error',
    given: OPERATIONS,
    then: { function: successResponse },
  },
  'problem-json-errors': {
    description: 'Error responses use application/problem+json (RFC 9457).',
    message: '{{error}}',
    severity: 'error',
    given: OPERATIONS,
    then: { function: problemJsonErrors },
  },
  'list-pagination': {
    description: 'List operations page with limit + cursor and answer { items, nextCursor }.',
    message: '{{error}}',
    severity: 'error',
    given: '$.paths[*]',
    then: { function: listPagination },
  },
  'operation-security': {
    description: 'Every operation has security, unless it is a read declared public with security: [].',
    message: '{{error}}',
    severity: 'error',
    given: '$',
    then: { function: operationSecurity },
  },
  'deprecated-operation-replacement': {
    description: 'A deprecated operation says what replaces it.',
    message: '{{error}}',
    severity: 'error',
    given: OPERATIONS,
    then: { function: deprecationReplacement },
  },
  'deprecated-operation-sunset': {
    description: 'A deprecated operation has an x-sunset date (YYYY-MM-DD).',
    message: 'Deprecated operation has no x-sunset date (YYYY-MM-DD) saying when it goes away',
    severity: 'warn',
    given: '$.paths[*][?(@ && @.deprecated === true)]',
    then: [
      { field: 'x-sunset', function: truthy },
      { field: 'x-sunset', function: pattern, functionOptions: { match: '^\\d{4}-\\d{2}-\\d{2}$' } },
    ],
  },
} as const;

/** spectral:oas rules that enforce an organisation rule: same check, the organisation's severity. */
export const strictenedOasRules = {
  'operation-operationId': 'error',
  'operation-tags': 'error',
  'oas2-unused-definition': 'error',
  'oas3-unused-component': 'error',
  'oas2-valid-schema-example': 'error',
  'oas2-valid-media-example': 'error',
  'oas3-valid-schema-example': 'error',
  'oas3-valid-media-example': 'error',
} as const;

/** `interlock:recommended`: every rule of `spectral:oas`, plus the organisation's design rules. */
export const interlockRecommended = {
  extends: [[oas as RulesetDefinition, 'recommended']],
  rules: { ...interlockRules, ...strictenedOasRules },
} as unknown as RulesetDefinition;

/** The rule ids the organisation's rules are made of: rule-docs.ts lists them without loading Spectral. */
export const interlockRulesetIds: string[] = [
  ...Object.keys(interlockRules),
  ...Object.keys(strictenedOasRules),
];
