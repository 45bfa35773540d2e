// One pacticipant's contracts at a glance, for the catalog's API pages: its consumers and providers with their
// latest pact and how it was last verified, its provider contract, and whether its latest version can go to each
// environment (can-i-deploy against what is deployed there).
import type { Sql } from '@interlock/store';
import { answerMatrix } from './can-i-deploy.js';
import type { MatrixRow, MatrixSummary } from './matrix.js';
import { compareContents } from './provider-contracts.js';
import * as repo from './repository/index.js';
import { iso } from './repository/rows.js';
import type { Pacticipant, ProviderContract } from './types.js';

export interface IntegrationOverview {
  /** The other side: a consumer of this pacticipant, or a provider it consumes. */
  name: string;
  consumer: string;
  provider: string;
  latestPact: { consumerVersion: string; branches: string[]; sha: string; publishedAt: string };
  /**
   * How the latest pact was last verified: by a Pact verification of a provider version, or by a provider contract
   * (the provider's latest spec checked against it); null when neither has happened.
   */
  verification: {
    providerVersion: string;
    success: boolean;
    at: string;
    by: 'pact-verification' | 'provider-contract';
  } | null;
}

export interface EnvironmentOverview {
  name: string;
  production: boolean;
  /** Versions of the pacticipant deployed or released (and supported) there. */
  versions: string[];
  /** Can the pacticipant's latest version go there? Null when it has no version. */
  canIDeploy: { version: string; summary: MatrixSummary; rows: MatrixRow[] } | null;
}

export interface ContractsOverview {
  pacticipant: Pacticipant;
  /** The version can-i-deploy is asked about: the latest on the main branch, else the latest. */
  latestVersion: string | null;
  consumers: IntegrationOverview[];
  providers: IntegrationOverview[];
  providerContract: ProviderContract | null;
  environments: EnvironmentOverview[];
}

interface LatestPactRow {
  consumer: string;
  provider: string;
  provider_id: string;
  number: string;
  cv_id: string;
  sha: string;
  pact_version_id: string;
  created_at: unknown;
}

/** Undefined when the broker has no pacticipant of that name. */
export async function contractsOverview(sql: Sql, name: string): Promise<ContractsOverview | undefined> {
  const pacticipant = await repo.findPacticipant(sql, name);
  if (!pacticipant) return undefined;
  const latest =
    (pacticipant.mainBranch ? await repo.latestVersion(sql, name, { mainBranch: true }) : undefined) ??
    (await repo.latestVersion(sql, name));
  const [consumers, providers, contracts, environments] = await Promise.all([
    integrations(sql, pacticipant.id, 'provider'),
    integrations(sql, pacticipant.id, 'consumer'),
    repo.listProviderContracts(sql, name, 1),
    repo.listEnvironments(sql),
  ]);
  const envs: EnvironmentOverview[] = [];
  for (const env of environments) {
    const [deployed, released] = await Promise.all([
      repo.listDeployedVersions(sql, { environmentUuid: env.uuid, pacticipant: name, currentOnly: true }),
      repo.listReleasedVersions(sql, { environmentUuid: env.uuid, pacticipant: name, currentOnly: true }),
    ]);
    let canIDeploy: EnvironmentOverview['canIDeploy'] = null;
    if (latest) {
      const answer = await answerMatrix(sql, {
        selectors: [{ pacticipant: name, version: latest.number }],
        ignore: [],
        latestby: 'cvp',
        environment: env.name,
      });
      if (answer.ok) canIDeploy = { version: latest.number, summary: answer.summary, rows: answer.rows };
    }
    envs.push({
      name: env.name,
      production: env.production,
      versions: [...new Set([...deployed, ...released].map((d) => d.version))],
      canIDeploy,
    });
  }
  return {
    pacticipant,
    latestVersion: latest?.number ?? null,
    consumers,
    providers,
    providerContract: contracts[0] ?? null,
    environments: envs,
  };
}

/** The latest pact of each integration where the pacticipant is the `role`, and its last verification. */
async function integrations(
  sql: Sql,
  pacticipantId: number,
  role: 'consumer' | 'provider',
): Promise<IntegrationOverview[]> {
  const { rows } = await sql.query<LatestPactRow>(
    `SELECT DISTINCT ON (c.id, pr.id) c.name AS consumer, pr.name AS provider, pr.id AS provider_id, cv.number,
       cv.id AS cv_id, pv.sha, pv.id AS pact_version_id, pp.created_at
     FROM broker_pact_publications pp
     JOIN broker_versions cv ON cv.id = pp.consumer_version_id
     JOIN broker_pacticipants c ON c.id = cv.pacticipant_id
     JOIN broker_pacticipants pr ON pr.id = pp.provider_id
     JOIN broker_pact_versions pv ON pv.id = pp.pact_version_id
     WHERE ${role === 'provider' ? 'pp.provider_id' : 'cv.pacticipant_id'} = $1
     ORDER BY c.id, pr.id, cv.id DESC`,
    [pacticipantId],
  );
  if (rows.length === 0) return [];
  const [verified, facts] = await Promise.all([
    sql.query<{ pact_version_id: string; success: boolean; created_at: unknown; number: string }>(
      `SELECT DISTINCT ON (vr.pact_version_id) vr.pact_version_id, vr.success, vr.created_at, v.number
       FROM broker_verifications vr JOIN broker_versions v ON v.id = vr.provider_version_id
       WHERE vr.pact_version_id = ANY ($1) ORDER BY vr.pact_version_id, vr.id DESC`,
      [rows.map((r) => r.pact_version_id)],
    ),
    repo.versionFacts(
      sql,
      rows.map((r) => Number(r.cv_id)),
      false,
    ),
  ]);
  const lastVerification = new Map(verified.rows.map((v) => [v.pact_version_id, v]));
  // A provider's latest contract, read once per provider (a provider's page lists all its consumers).
  const contracts = new Map<string, Promise<ProviderContract | undefined>>();
  const latestContract = (provider: string) => {
    let found = contracts.get(provider);
    if (!found) {
      found = repo.listProviderContracts(sql, provider, 1).then(([first]) => first);
      contracts.set(provider, found);
    }
    return found;
  };
  const out: IntegrationOverview[] = [];
  for (const r of rows) {
    const v = lastVerification.get(r.pact_version_id);
    let verification: IntegrationOverview['verification'] = v
      ? { providerVersion: v.number, success: v.success, at: iso(v.created_at), by: 'pact-verification' }
      : null;
    if (!verification) {
      const contract = await latestContract(r.provider);
      if (contract) {
        const check = await compareContents(sql, Number(r.pact_version_id), contract.contentId);
        verification = {
          providerVersion: contract.providerVersion,
          success: check.compatible && contract.selfVerification?.success !== false,
          at: check.createdAt,
          by: 'provider-contract',
        };
      }
    }
    out.push({
      name: role === 'provider' ? r.consumer : r.provider,
      consumer: r.consumer,
      provider: r.provider,
      latestPact: {
        consumerVersion: r.number,
        branches: facts.branches.get(Number(r.cv_id)) ?? [],
        sha: r.sha,
        publishedAt: iso(r.created_at),
      },
      verification,
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
