/** A version as the matrix shows it. */
export interface MatrixVersion {
  id: number;
  number: string;
  branches: string[];
  tags: string[];
  createdAt: string;
}

/**
 * The outcome of checking a pact against the provider version's spec: compatible when no finding is an error;
 * the row succeeds when it is compatible and the provider's own tests against its spec did not fail.
 */
export interface ProviderContractCheck {
  compatible: boolean;
  /** The provider's self-verification result; null when none was published. */
  selfVerified: boolean | null;
  errors: number;
}

/** One selector of a matrix query after lookup: the pacticipant and the versions it stands for. */
export interface ResolvedSelector {
  pacticipant: string;
  pacticipantId: number | null;
  /** null: any version (only the pacticipant was named). */
  versions: MatrixVersion[] | null;
  /** Given in the query (true) or inferred from the target environment, tag or branch (false). */
  specified: boolean;
  versionSpecified: boolean;
  /** How the Pact Broker words it: "version 1.2.3 of Foo", "a version of Bar currently in prod". */
  describe(version?: string): string;
  /** When nothing matches: "No version with tag prod exists for Foo". */
  missing: string;
}

export interface MatrixRow {
  consumer: string;
  consumerVersion: MatrixVersion;
  provider: string;
  providerVersion: MatrixVersion | null;
  pact: { id: number; sha: string; createdAt: string };
  verification: {
    id: number;
    number: number;
    success: boolean;
    createdAt: string;
    /** Set when the row stands for the provider's spec satisfying the pact, not for a Pact verification. */
    providerContract?: ProviderContractCheck;
  } | null;
  ignored: boolean;
}

/** An integration between selected pacticipants; required when the consumer is being deployed. */
export interface MatrixIntegration {
  consumer: string;
  provider: string;
  required: boolean;
  ignored: boolean;
}

export type ReasonLevel = 'success' | 'error' | 'warning' | 'info';

export interface MatrixSummary {
  deployable: boolean | null;
  reason: string;
  success: number;
  failed: number;
  unknown: number;
  ignored?: number;
  reasons: { level: ReasonLevel; text: string }[];
}

export interface SummaryOptions {
  /** Whether a target (environment, tag, main branch) was given: without one the answer is not reliable. */
  targetGiven: boolean;
  ignoreGiven: boolean;
  ignoreWarnings?: string[];
}

/**
 * The Pact Broker's deployment rule: deployable when every considered row is a successful verification and
 * every required integration has a row; unknown (null) when something is unverified; false when a specified
 * version does not exist or a verification failed.
 */
export function summarise(
  rows: MatrixRow[],
  selectors: ResolvedSelector[],
  integrations: MatrixIntegration[],
  options: SummaryOptions,
): MatrixSummary {
  const considered = rows.filter((r) => !r.ignored);
  const ignoredRows = rows.filter((r) => r.ignored);
  const missingSpecified = selectors.filter(
    (s) => s.specified && s.versions !== null && s.versions.length === 0,
  );
  const requiredWithoutRow = integrations.filter(
    (i) =>
      i.required && !i.ignored && !rows.some((r) => r.consumer === i.consumer && r.provider === i.provider),
  );
  const describe = (pacticipant: string, version?: string) =>
    selectors.find((s) => s.pacticipant === pacticipant)?.describe(version) ?? `${pacticipant} (${version})`;

  const warnings: string[] = [...(options.ignoreWarnings ?? [])];
  const specified = selectors.filter((s) => s.specified);
  if (specified.length === 1 && !options.targetGiven)
    warnings.push(
      'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.',
    );
  if (specified.some((s) => s.versions !== null) && !specified.some((s) => s.versionSpecified))
    warnings.push(
      'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.',
    );

  const errors: string[] = missingSpecified.map((s) => s.missing);
  if (errors.length === 0) {
    for (const i of requiredWithoutRow)
      errors.push(`There is no verified pact between ${describe(i.consumer)} and ${describe(i.provider)}`);
    for (const r of considered.filter((r) => r.verification && !r.verification.success))
      errors.push(failure(r, describe));
    for (const r of considered.filter((r) => !r.verification))
      errors.push(
        `There is no verified pact between ${describe(r.consumer, r.consumerVersion.number)} and ${describe(r.provider, r.providerVersion?.number)}`,
      );
  }
  const bySpec = considered
    .filter((r) => r.verification?.success && r.verification.providerContract)
    .map(
      (r) =>
        `The pact between ${describe(r.consumer, r.consumerVersion.number)} and ${describe(r.provider, r.providerVersion?.number)} is satisfied by the provider's OpenAPI spec (a provider contract checked against the pact, not a Pact verification)${r.verification?.providerContract?.selfVerified === null ? '; the provider published no self-verification result' : ''}`,
    );
  const ignoredTexts = ignoredRows
    .filter((r) => !r.verification?.success)
    .map(
      (r) =>
        `Ignoring: ${r.verification ? 'The verification for the pact between' : 'There is no verified pact between'} ${describe(r.consumer, r.consumerVersion.number)} and ${describe(r.provider, r.providerVersion?.number)}${r.verification ? ' failed' : ''}`,
    );

  let deployable: boolean | null;
  if (missingSpecified.length) deployable = false;
  else if (considered.some((r) => !r.verification) || requiredWithoutRow.length) deployable = null;
  else deployable = considered.every((r) => r.verification?.success === true);
  // The clients read a missing or failed answer as "no": a failed verification is false, not unknown.
  if (deployable === null && considered.some((r) => r.verification && !r.verification.success))
    deployable = false;

  const successes =
    errors.length === 0
      ? [
          considered.length
            ? 'All required verification results are published and successful'
            : 'There are no missing dependencies',
        ]
      : [];
  const unique = (list: string[]) => [...new Set(list)];
  const reasons = [
    ...unique(warnings).map((text) => ({ level: 'warning' as const, text })),
    ...unique(ignoredTexts).map((text) => ({ level: 'info' as const, text })),
    ...unique(bySpec).map((text) => ({ level: 'info' as const, text })),
    ...unique(errors).map((text) => ({ level: 'error' as const, text })),
    ...successes.map((text) => ({ level: 'success' as const, text })),
  ];
  return {
    deployable,
    reason: reasons.map((r) => r.text).join('\n'),
    success: considered.filter((r) => r.verification?.success === true).length,
    failed: considered.filter((r) => r.verification?.success === false).length,
    unknown: requiredWithoutRow.length + considered.filter((r) => !r.verification).length,
    ...(options.ignoreGiven ? { ignored: ignoredRows.length } : {}),
    reasons,
  };
}

/** Why a row with a verification is not a success: a failed Pact verification, or a spec that does not fit. */
function failure(r: MatrixRow, describe: (pacticipant: string, version?: string) => string): string {
  const consumer = describe(r.consumer, r.consumerVersion.number);
  const provider = describe(r.provider, r.providerVersion?.number);
  const contract = r.verification?.providerContract;
  if (!contract) return `The verification for the pact between ${consumer} and ${provider} failed`;
  if (!contract.compatible)
    return `The provider contract (OpenAPI spec) of ${provider} does not satisfy the pact of ${consumer}: ${contract.errors} error${contract.errors === 1 ? '' : 's'}`;
  return `The provider contract (OpenAPI spec) of ${provider} satisfies the pact of ${consumer}, but the provider's self-verification against its spec failed`;
}

/** Keeps, per consumer version and provider (cvp) or per consumer and provider version (cvpv), the newest row. */
export function latestBy(rows: MatrixRow[], by: 'cvp' | 'cvpv' | undefined): MatrixRow[] {
  if (!by) return rows;
  const best = new Map<string, MatrixRow>();
  for (const r of rows) {
    const key =
      by === 'cvp'
        ? `${r.consumer}\u0000${r.consumerVersion.id}\u0000${r.provider}`
        : `${r.consumer}\u0000${r.consumerVersion.id}\u0000${r.provider}\u0000${r.providerVersion?.id ?? ''}`;
    const b = best.get(key);
    if (!b || (r.verification?.id ?? 0) > (b.verification?.id ?? 0)) best.set(key, r);
  }
  return rows.filter((r) => {
    const key =
      by === 'cvp'
        ? `${r.consumer}\u0000${r.consumerVersion.id}\u0000${r.provider}`
        : `${r.consumer}\u0000${r.consumerVersion.id}\u0000${r.provider}\u0000${r.providerVersion?.id ?? ''}`;
    return best.get(key) === r;
  });
}
