// Contract testing: Pact Broker rules and pacts checked against provider specs.

// broker
export { Broker } from './broker/broker.js';
export type { MatrixAnswer } from './broker/can-i-deploy.js';
export type {
  BrokerRefusal,
  BrokerResult,
  PublishContractsInput,
  PublishedContract,
} from './broker/broker.js';
export {
  canonicalJson,
  detectMainBranch,
  MAIN_BRANCH_CANDIDATES,
  pactSha,
  parsePactContent,
} from './broker/content.js';
export { selectPactsForVerification } from './broker/for-verification.js';
export type { ForVerificationOptions } from './broker/for-verification.js';
export { latestBy, summarise } from './broker/matrix.js';
export type {
  MatrixIntegration,
  MatrixRow,
  MatrixSummary,
  MatrixVersion,
  ProviderContractCheck,
  ResolvedSelector,
} from './broker/matrix.js';
export { parseMatrixQuery, validateMatrixQuery } from './broker/matrix-query.js';
export type { MatrixQuery, MatrixSelector } from './broker/matrix-query.js';
export { contractsOverview } from './broker/overview.js';
export type { ContractsOverview, EnvironmentOverview, IntegrationOverview } from './broker/overview.js';
export { pendingFor } from './broker/pending.js';
export { validateProviderContract } from './broker/provider-contracts.js';
export { applySelector, DEFAULT_SELECTORS, parseConsumerVersionSelectors } from './broker/selectors.js';
export * as brokerRepository from './broker/repository/index.js';
export type {
  ConsumerVersionSelector,
  DeployedVersion,
  Environment,
  Notice,
  PactCandidate,
  PactPublication,
  Pacticipant,
  PacticipantVersion,
  ProviderContract,
  ReleasedVersion,
  SelfVerification,
  SelectedPact,
  Verification,
  VerificationFacts,
  Webhook,
} from './broker/types.js';

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
