/** The Pact Broker's domain, as Interlock stores it. Names follow the Pact Broker's (pacticipant, version, …). */

export interface Pacticipant {
  id: number;
  name: string;
  displayName: string | null;
  repositoryUrl: string | null;
  mainBranch: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface PacticipantVersion {
  id: number;
  pacticipantId: number;
  pacticipant: string;
  number: string;
  buildUrl: string | null;
  createdAt: string;
  branches: string[];
  tags: string[];
}

export interface Environment {
  uuid: string;
  name: string;
  displayName: string | null;
  production: boolean;
  contacts: unknown[] | null;
  createdAt: string;
  updatedAt: string;
}

/** One publication of a pact: a consumer version's pact with a provider, whose content is a pact version (sha). */
export interface PactPublication {
  id: number;
  consumer: string;
  consumerId: number;
  provider: string;
  providerId: number;
  consumerVersion: string;
  consumerVersionId: number;
  pactVersionId: number;
  sha: string;
  createdAt: string;
}

export interface Verification {
  id: number;
  /** Position of this verification among those of its pact version (1-based), as the Pact Broker numbers them. */
  number: number;
  pactVersionId: number;
  sha: string;
  consumer: string;
  provider: string;
  providerVersion: string;
  providerVersionId: number;
  success: boolean;
  buildUrl: string | null;
  testResults: unknown;
  verifiedBy: unknown;
  createdAt: string;
}

export interface DeployedVersion {
  uuid: string;
  pacticipant: string;
  version: string;
  versionId: number;
  environment: Environment;
  applicationInstance: string | null;
  currentlyDeployed: boolean;
  createdAt: string;
  undeployedAt: string | null;
}

export interface ReleasedVersion {
  uuid: string;
  pacticipant: string;
  version: string;
  versionId: number;
  environment: Environment;
  currentlySupported: boolean;
  createdAt: string;
  supportEndedAt: string | null;
}

export interface Webhook {
  uuid: string;
  consumer: string | null;
  provider: string | null;
  definition: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

/** The provider's own test of its implementation against its spec, as PactFlow's clients publish it. */
export interface SelfVerification {
  success: boolean;
  /** The test output (decoded from base64), when given. */
  content?: string;
  contentType?: string;
  format?: string;
  verifier?: string;
  verifierVersion?: string;
}

/** A provider version's OpenAPI spec (PactFlow's "provider contract"), checked against consumer pacts. */
export interface ProviderContract {
  provider: string;
  providerVersion: string;
  providerVersionId: number;
  contentId: number;
  /** sha256 of the content as published. */
  sha: string;
  specification: string;
  contentType: string;
  /** The spec as published; null where a listing leaves it out. */
  content: string | null;
  selfVerification: SelfVerification | null;
  buildUrl: string | null;
  createdAt: string;
}

/** A consumer version selector of `pacts/provider/{p}/for-verification`, validated. */
export interface ConsumerVersionSelector {
  mainBranch?: boolean;
  branch?: string;
  matchingBranch?: boolean;
  fallbackBranch?: string;
  tag?: string;
  fallbackTag?: string;
  latest?: boolean;
  deployed?: boolean;
  released?: boolean;
  deployedOrReleased?: boolean;
  environment?: string;
  consumer?: string;
}

/** What for-verification knows of one pact publication of the provider: the facts its selectors look at. */
export interface PactCandidate {
  publicationId: number;
  consumer: string;
  consumerMainBranch: string | null;
  consumerVersion: string;
  /** Creation order of the consumer version: larger is newer. */
  consumerVersionOrder: number;
  sha: string;
  branches: string[];
  tags: string[];
  /** Environments the consumer version is currently deployed to. */
  deployedTo: string[];
  /** Environments the consumer version is currently released to (and supported in). */
  releasedTo: string[];
  /** Pact version created at (ms): WIP pacts are those published since a date. */
  createdAtMs: number;
}

/** What the provider's successful verifications say, for pending status: per pact content (sha). */
export interface VerificationFacts {
  /** sha → the successful verifications of that content: the provider version's branches and tags, and when. */
  successes: Map<string, { branches: string[]; tags: string[]; atMs: number }[]>;
  /** Provider branch name → when the branch was created (ms). */
  branchCreatedAtMs: Map<string, number>;
}

export interface Notice {
  when: 'before_verification' | 'after_verification:success_true_published_false' | string;
  text: string;
}

export interface SelectedPact {
  sha: string;
  consumer: string;
  /** The consumer versions whose content this is and which a selector picked. */
  consumerVersions: { number: string; order: number }[];
  /** Which selectors picked it, for the notices. */
  selectors: { selector: ConsumerVersionSelector; consumerVersion: string; resolved: string }[];
  pending: boolean;
  wip: boolean;
  notices: Notice[];
  shortDescription: string;
}
