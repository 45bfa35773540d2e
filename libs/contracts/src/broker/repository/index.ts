// The broker's repository: its SQL over the store's tables (migration 4 in @interlock/store).
export {
  addBranchVersion,
  addTag,
  deleteBranch,
  deletePacticipant,
  deleteTag,
  deleteVersion,
  ensureVersion,
  findBranch,
  findPacticipant,
  findVersion,
  findVersionById,
  latestVersion,
  listPacticipants,
  listVersions,
  upsertPacticipant,
} from './pacticipants.js';
export type { PacticipantFields } from './pacticipants.js';
export {
  findPact,
  findPactVersion,
  latestPacts,
  latestPublicationOfPactVersion,
  publishPact,
} from './pacts.js';
export type { PactLookup, PublishPactResult } from './pacts.js';
export { createVerification, findVerification, findVerificationByNumber } from './verifications.js';
export { pactCandidates, verificationFacts, versionFacts } from './candidates.js';
export {
  createEnvironment,
  deleteEnvironment,
  findEnvironment,
  listEnvironments,
  updateEnvironment,
} from './environments.js';
export type { EnvironmentFields } from './environments.js';
export {
  endSupport,
  findDeployedVersion,
  listDeployedVersions,
  listReleasedVersions,
  markUndeployed,
  recordDeployment,
  recordRelease,
} from './deployments.js';
export { deleteWebhook, findWebhook, listWebhooks, saveWebhook } from './webhooks.js';
export {
  contractContent,
  findComparisons,
  findProviderContract,
  listProviderContracts,
  pactContent,
  providerContractsOf,
  saveComparison,
  saveProviderContract,
} from './provider-contracts.js';
export type { SaveContractResult, StoredComparison } from './provider-contracts.js';
