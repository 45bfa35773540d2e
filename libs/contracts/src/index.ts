// Contract testing: Pact Broker rules and pacts checked against provider specs. Filled in by issue 5.

// Pacts checked against provider specs (bi-directional contract testing).
export { comparePactToSpec, createPactComparator } from './compare/compare-pact-to-spec.js';
export type { PactComparator } from './compare/compare-pact-to-spec.js';
export { CODES } from './compare/codes.js';
export type { FindingCode, FindingLevel } from './compare/codes.js';
export { parsePact, parsePactText, PactError, isPactError } from './compare/pact.js';
export type { Pact, PactInteraction, PactRequest, PactResponse } from './compare/pact.js';
export type { CompareOptions, Comparison, Finding, PactLocation, SpecLocation } from './compare/types.js';
export { COMPARISON_FORMATS, comparisonFormatters } from './compare/formatters/index.js';
export type { ComparisonFormat } from './compare/formatters/index.js';
export type { ComparisonFormatter, ReportSubject } from './compare/formatters/types.js';
