import type { Sql } from '@interlock/store';
import type { ProviderContract, SelfVerification } from '../types.js';
import { iso } from './rows.js';

interface ContractRow {
  provider: string;
  provider_version: string;
  provider_version_id: string;
  content_id: string;
  sha: string;
  specification: string;
  content_type: string;
  content?: string;
  self_verification_success: boolean | null;
  self_verification: string | null;
  build_url: string | null;
  created_at: unknown;
}

const CONTRACT_SELECT = (withContent: boolean) => `
  SELECT p.name AS provider, v.number AS provider_version, pc.provider_version_id, pc.content_id, cc.sha,
    cc.specification, cc.content_type, ${withContent ? 'cc.content,' : ''} pc.self_verification_success,
    pc.self_verification, pc.build_url, pc.created_at
  FROM broker_provider_contracts pc
  JOIN broker_provider_contract_contents cc ON cc.id = pc.content_id
  JOIN broker_versions v ON v.id = pc.provider_version_id
  JOIN broker_pacticipants p ON p.id = pc.provider_id`;

const toContract = (r: ContractRow): ProviderContract => ({
  provider: r.provider,
  providerVersion: r.provider_version,
  providerVersionId: Number(r.provider_version_id),
  contentId: Number(r.content_id),
  sha: r.sha,
  specification: r.specification,
  contentType: r.content_type,
  content: r.content ?? null,
  selfVerification: r.self_verification ? (JSON.parse(r.self_verification) as SelfVerification) : null,
  buildUrl: r.build_url,
  createdAt: iso(r.created_at),
});

export type SaveContractResult =
  { status: 'created' | 'updated' | 'unchanged' } | { status: 'conflict'; existing: ProviderContract };

/**
 * Stores a provider version's contract. The same content again updates its self-verification result (a rerun of
 * the provider's tests); other content for a version that already has a contract is a conflict, and nothing
 * changes — a changed spec is a new provider version.
 */
export async function saveProviderContract(
  sql: Sql,
  input: {
    providerId: number;
    providerVersionId: number;
    sha: string;
    specification: string;
    contentType: string;
    content: string;
    selfVerification: SelfVerification | null;
    buildUrl: string | null;
  },
): Promise<SaveContractResult> {
  const existing = await findProviderContractByVersionId(sql, input.providerVersionId);
  const self = input.selfVerification ? JSON.stringify(input.selfVerification) : null;
  if (existing) {
    if (existing.sha !== input.sha) return { status: 'conflict', existing };
    if (
      JSON.stringify(existing.selfVerification) === (self ?? 'null') &&
      existing.buildUrl === input.buildUrl
    )
      return { status: 'unchanged' };
    await sql.query(
      `UPDATE broker_provider_contracts SET self_verification_success = $2, self_verification = $3, build_url = $4
       WHERE provider_version_id = $1`,
      [input.providerVersionId, input.selfVerification?.success ?? null, self, input.buildUrl],
    );
    return { status: 'updated' };
  }
  await sql.query(
    `INSERT INTO broker_provider_contract_contents (provider_id, sha, specification, content_type, content)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (provider_id, sha) DO NOTHING`,
    [input.providerId, input.sha, input.specification, input.contentType, input.content],
  );
  await sql.query(
    `INSERT INTO broker_provider_contracts
       (provider_version_id, provider_id, content_id, self_verification_success, self_verification, build_url)
     SELECT $1, $2, id, $4, $5, $6 FROM broker_provider_contract_contents WHERE provider_id = $2 AND sha = $3`,
    [
      input.providerVersionId,
      input.providerId,
      input.sha,
      input.selfVerification?.success ?? null,
      self,
      input.buildUrl,
    ],
  );
  return { status: 'created' };
}

export async function findProviderContract(
  sql: Sql,
  provider: string,
  versionNumber: string,
): Promise<ProviderContract | undefined> {
  const { rows } = await sql.query<ContractRow>(
    `${CONTRACT_SELECT(true)} WHERE p.name = $1 AND v.number = $2`,
    [provider, versionNumber],
  );
  return rows[0] ? toContract(rows[0]) : undefined;
}

async function findProviderContractByVersionId(
  sql: Sql,
  versionId: number,
): Promise<ProviderContract | undefined> {
  const { rows } = await sql.query<ContractRow>(
    `${CONTRACT_SELECT(false)} WHERE pc.provider_version_id = $1`,
    [versionId],
  );
  return rows[0] ? toContract(rows[0]) : undefined;
}

/**
 * The contracts (without their content) of the given provider versions, and of every version of the providers
 * named without versions (newest first).
 */
export async function providerContractsOf(
  sql: Sql,
  versionIds: number[],
  anyVersionOf: number[],
): Promise<ProviderContract[]> {
  if (versionIds.length === 0 && anyVersionOf.length === 0) return [];
  const { rows } = await sql.query<ContractRow>(
    `${CONTRACT_SELECT(false)} WHERE pc.provider_version_id = ANY ($1) OR pc.provider_id = ANY ($2)
     ORDER BY pc.provider_version_id DESC`,
    [versionIds, anyVersionOf],
  );
  return rows.map(toContract);
}

/** The most recent contracts of a provider (newest first), for its pages. */
export async function listProviderContracts(
  sql: Sql,
  provider: string,
  limit = 20,
): Promise<ProviderContract[]> {
  const { rows } = await sql.query<ContractRow>(
    `${CONTRACT_SELECT(false)} WHERE p.name = $1 ORDER BY pc.provider_version_id DESC LIMIT $2`,
    [provider, Math.max(1, Math.min(limit, 1000))],
  );
  return rows.map(toContract);
}

export async function contractContent(sql: Sql, contentId: number): Promise<string | undefined> {
  const { rows } = await sql.query<{ content: string }>(
    'SELECT content FROM broker_provider_contract_contents WHERE id = $1',
    [contentId],
  );
  return rows[0]?.content;
}

export async function pactContent(sql: Sql, pactVersionId: number): Promise<string | undefined> {
  const { rows } = await sql.query<{ content: string }>(
    'SELECT content FROM broker_pact_versions WHERE id = $1',
    [pactVersionId],
  );
  return rows[0]?.content;
}

export interface StoredComparison {
  pactVersionId: number;
  contentId: number;
  compatible: boolean;
  /** How many findings are errors (a compatible pact has none). */
  errors: number;
  /** JSON: the findings of the check, as `Comparison.findings`; empty where a lookup leaves them out. */
  findings: string;
  createdAt: string;
}

/** The stored outcomes of checking these pact contents against these contract contents. */
export async function findComparisons(
  sql: Sql,
  pairs: { pactVersionId: number; contentId: number }[],
  withFindings = false,
): Promise<StoredComparison[]> {
  if (pairs.length === 0) return [];
  const { rows } = await sql.query<{
    pact_version_id: string;
    content_id: string;
    compatible: boolean;
    errors: number;
    findings: string;
    created_at: unknown;
  }>(
    `SELECT c.pact_version_id, c.content_id, c.compatible, c.errors, ${withFindings ? 'c.findings' : "'' AS findings"},
       c.created_at
     FROM unnest($1::bigint[], $2::bigint[]) AS w (pact_version_id, content_id)
     JOIN broker_contract_comparisons c ON c.pact_version_id = w.pact_version_id AND c.content_id = w.content_id`,
    [pairs.map((p) => p.pactVersionId), pairs.map((p) => p.contentId)],
  );
  return rows.map((r) => ({
    pactVersionId: Number(r.pact_version_id),
    contentId: Number(r.content_id),
    compatible: r.compatible,
    errors: Number(r.errors),
    findings: r.findings,
    createdAt: iso(r.created_at),
  }));
}

/** Keeps an outcome; when another process stored the same pair first, theirs stands (the check is pure). */
export async function saveComparison(
  sql: Sql,
  c: Omit<StoredComparison, 'createdAt'>,
): Promise<StoredComparison> {
  await sql.query(
    `INSERT INTO broker_contract_comparisons (pact_version_id, content_id, compatible, errors, findings)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (pact_version_id, content_id) DO NOTHING`,
    [c.pactVersionId, c.contentId, c.compatible, c.errors, c.findings],
  );
  const [stored] = await findComparisons(sql, [c], true);
  return stored as StoredComparison;
}
