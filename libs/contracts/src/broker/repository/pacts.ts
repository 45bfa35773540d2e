import type { Sql } from '@interlock/store';
import type { PactCandidate, PactPublication, Verification, VerificationFacts } from '../types.js';
import { iso, ms } from './rows.js';

interface PublicationRow {
  id: string;
  consumer: string;
  consumer_id: string;
  provider: string;
  provider_id: string;
  consumer_version: string;
  consumer_version_id: string;
  pact_version_id: string;
  sha: string;
  created_at: unknown;
}

const PUBLICATION_SELECT = `
  SELECT pp.id, c.name AS consumer, c.id AS consumer_id, pr.name AS provider, pr.id AS provider_id,
    cv.number AS consumer_version, cv.id AS consumer_version_id, pp.pact_version_id, pv.sha, pp.created_at
  FROM broker_pact_publications pp
  JOIN broker_versions cv ON cv.id = pp.consumer_version_id
  JOIN broker_pacticipants c ON c.id = cv.pacticipant_id
  JOIN broker_pacticipants pr ON pr.id = pp.provider_id
  JOIN broker_pact_versions pv ON pv.id = pp.pact_version_id`;

const toPublication = (r: PublicationRow): PactPublication => ({
  id: Number(r.id),
  consumer: r.consumer,
  consumerId: Number(r.consumer_id),
  provider: r.provider,
  providerId: Number(r.provider_id),
  consumerVersion: r.consumer_version,
  consumerVersionId: Number(r.consumer_version_id),
  pactVersionId: Number(r.pact_version_id),
  sha: r.sha,
  createdAt: iso(r.created_at),
});

export type PublishPactResult =
  | { status: 'created' | 'unchanged'; publication: PactPublication }
  | { status: 'conflict'; existing: PactPublication };

/**
 * Stores the pact of a consumer version for a provider. The same content again is `unchanged`; other content
 * for a version that already has a pact is a `conflict` (the Pact Broker's 409), and nothing changes.
 */
export async function publishPact(
  sql: Sql,
  input: { consumerId: number; providerId: number; consumerVersionId: number; sha: string; content: string },
): Promise<PublishPactResult> {
  const existing = await findPublication(sql, 'pp.consumer_version_id = $1 AND pp.provider_id = $2', [
    input.consumerVersionId,
    input.providerId,
  ]);
  if (existing)
    return existing.sha === input.sha
      ? { status: 'unchanged', publication: existing }
      : { status: 'conflict', existing };
  await sql.query(
    `INSERT INTO broker_pact_versions (consumer_id, provider_id, sha, content) VALUES ($1, $2, $3, $4)
     ON CONFLICT (consumer_id, provider_id, sha) DO NOTHING`,
    [input.consumerId, input.providerId, input.sha, input.content],
  );
  await sql.query(
    `INSERT INTO broker_pact_publications (consumer_version_id, provider_id, pact_version_id)
     SELECT $1, $2, id FROM broker_pact_versions WHERE consumer_id = $3 AND provider_id = $2 AND sha = $4`,
    [input.consumerVersionId, input.providerId, input.consumerId, input.sha],
  );
  const publication = (await findPublication(sql, 'pp.consumer_version_id = $1 AND pp.provider_id = $2', [
    input.consumerVersionId,
    input.providerId,
  ])) as PactPublication;
  return { status: 'created', publication };
}

async function findPublication(
  sql: Sql,
  where: string,
  params: unknown[],
  order = 'cv.id DESC',
): Promise<PactPublication | undefined> {
  const { rows } = await sql.query<PublicationRow>(
    `${PUBLICATION_SELECT} WHERE ${where} ORDER BY ${order} LIMIT 1`,
    params,
  );
  return rows[0] ? toPublication(rows[0]) : undefined;
}

export interface PactLookup {
  consumer: string;
  provider: string;
  /** A consumer version number; else the latest (with the tag or on the branch when given). */
  version?: string;
  tag?: string;
  branch?: string;
  sha?: string;
}

export async function findPact(
  sql: Sql,
  q: PactLookup,
): Promise<(PactPublication & { content: string }) | undefined> {
  const where = ['c.name = $1', 'pr.name = $2'];
  const params: unknown[] = [q.consumer, q.provider];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('$?', `$${params.length}`));
  };
  if (q.version !== undefined) add('cv.number = $?', q.version);
  if (q.sha !== undefined) add('pv.sha = $?', q.sha);
  if (q.tag !== undefined)
    add('EXISTS (SELECT 1 FROM broker_tags t WHERE t.version_id = cv.id AND t.name = $?)', q.tag);
  if (q.branch !== undefined)
    add(
      `EXISTS (SELECT 1 FROM broker_branch_versions bv JOIN broker_branches b ON b.id = bv.branch_id WHERE bv.version_id = cv.id AND b.name = $?)`,
      q.branch,
    );
  const publication = await findPublication(sql, where.join(' AND '), params);
  if (!publication) return undefined;
  const { rows } = await sql.query<{ content: string }>(
    'SELECT content FROM broker_pact_versions WHERE id = $1',
    [publication.pactVersionId],
  );
  return { ...publication, content: rows[0]?.content ?? '{}' };
}

/** The latest pact of each integration (optionally of one provider, optionally the latest with a tag). */
export async function latestPacts(
  sql: Sql,
  filter: { provider?: string; tag?: string } = {},
): Promise<PactPublication[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.provider !== undefined) {
    params.push(filter.provider);
    where.push(`pr.name = $${params.length}`);
  }
  if (filter.tag !== undefined) {
    params.push(filter.tag);
    where.push(
      `EXISTS (SELECT 1 FROM broker_tags t WHERE t.version_id = cv.id AND t.name = $${params.length})`,
    );
  }
  const { rows } = await sql.query<PublicationRow>(
    `SELECT DISTINCT ON (x.consumer_id, x.provider_id) * FROM (${PUBLICATION_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}) x
     ORDER BY x.consumer_id, x.provider_id, x.consumer_version_id DESC`,
    params,
  );
  return rows
    .map(toPublication)
    .sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider));
}

export async function findPactVersion(
  sql: Sql,
  consumer: string,
  provider: string,
  sha: string,
): Promise<{ id: number; content: string; createdAt: string } | undefined> {
  const { rows } = await sql.query<{ id: string; content: string; created_at: unknown }>(
    `SELECT pv.id, pv.content, pv.created_at FROM broker_pact_versions pv
     JOIN broker_pacticipants c ON c.id = pv.consumer_id JOIN broker_pacticipants pr ON pr.id = pv.provider_id
     WHERE c.name = $1 AND pr.name = $2 AND pv.sha = $3`,
    [consumer, provider, sha],
  );
  const r = rows[0];
  return r ? { id: Number(r.id), content: r.content, createdAt: iso(r.created_at) } : undefined;
}

/** The newest consumer version that published this content. */
export async function latestPublicationOfPactVersion(
  sql: Sql,
  pactVersionId: number,
): Promise<PactPublication | undefined> {
  return findPublication(sql, 'pp.pact_version_id = $1', [pactVersionId]);
}

interface VerificationRow {
  id: string;
  pact_version_id: string;
  sha: string;
  consumer: string;
  provider: string;
  provider_version: string;
  provider_version_id: string;
  success: boolean;
  build_url: string | null;
  test_results: string | null;
  verified_by: string | null;
  created_at: unknown;
  number: string;
}

const VERIFICATION_SELECT = `
  SELECT vr.*, pv.sha, c.name AS consumer, pr.name AS provider, v.number AS provider_version,
    (SELECT count(*) FROM broker_verifications o WHERE o.pact_version_id = vr.pact_version_id AND o.id <= vr.id) AS number
  FROM broker_verifications vr
  JOIN broker_pact_versions pv ON pv.id = vr.pact_version_id
  JOIN broker_pacticipants c ON c.id = pv.consumer_id
  JOIN broker_pacticipants pr ON pr.id = pv.provider_id
  JOIN broker_versions v ON v.id = vr.provider_version_id`;

const toVerification = (r: VerificationRow): Verification => ({
  id: Number(r.id),
  number: Number(r.number),
  pactVersionId: Number(r.pact_version_id),
  sha: r.sha,
  consumer: r.consumer,
  provider: r.provider,
  providerVersion: r.provider_version,
  providerVersionId: Number(r.provider_version_id),
  success: r.success,
  buildUrl: r.build_url,
  testResults: r.test_results ? (JSON.parse(r.test_results) as unknown) : null,
  verifiedBy: r.verified_by ? (JSON.parse(r.verified_by) as unknown) : null,
  createdAt: iso(r.created_at),
});

export async function createVerification(
  sql: Sql,
  input: {
    pactVersionId: number;
    providerVersionId: number;
    success: boolean;
    buildUrl?: string | null;
    testResults?: unknown;
    verifiedBy?: unknown;
  },
): Promise<Verification> {
  const { rows } = await sql.query<{ id: string }>(
    `INSERT INTO broker_verifications (pact_version_id, provider_version_id, success, build_url, test_results, verified_by)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      input.pactVersionId,
      input.providerVersionId,
      input.success,
      input.buildUrl ?? null,
      input.testResults === undefined ? null : JSON.stringify(input.testResults),
      input.verifiedBy === undefined ? null : JSON.stringify(input.verifiedBy),
    ],
  );
  return (await findVerification(sql, Number(rows[0]?.id))) as Verification;
}

export async function findVerification(sql: Sql, id: number): Promise<Verification | undefined> {
  const { rows } = await sql.query<VerificationRow>(`${VERIFICATION_SELECT} WHERE vr.id = $1`, [id]);
  return rows[0] ? toVerification(rows[0]) : undefined;
}

export async function findVerificationByNumber(
  sql: Sql,
  pactVersionId: number,
  number: number,
): Promise<Verification | undefined> {
  const { rows } = await sql.query<VerificationRow>(
    `${VERIFICATION_SELECT} WHERE vr.pact_version_id = $1 ORDER BY vr.id OFFSET $2 LIMIT 1`,
    [pactVersionId, number - 1],
  );
  return rows[0] ? toVerification(rows[0]) : undefined;
}

interface CandidateRow {
  publication_id: string;
  consumer: string;
  main_branch: string | null;
  consumer_version: string;
  consumer_version_id: string;
  sha: string;
  pact_created_at: unknown;
}

/** Branches, tags and current environments of versions, in one query whatever the number of versions. */
export async function versionFacts(sql: Sql, ids: number[], withEnvironments = true) {
  const facts = {
    branches: new Map<number, string[]>(),
    tags: new Map<number, string[]>(),
    deployed: new Map<number, string[]>(),
    released: new Map<number, string[]>(),
  };
  if (ids.length === 0) return facts;
  const { rows } = await sql.query<{
    kind: 'branches' | 'tags' | 'deployed' | 'released';
    version_id: string;
    name: string;
  }>(
    `SELECT 'branches' AS kind, bv.version_id, b.name, bv.created_at FROM broker_branch_versions bv
       JOIN broker_branches b ON b.id = bv.branch_id WHERE bv.version_id = ANY ($1)
     UNION ALL SELECT 'tags', version_id, name, created_at FROM broker_tags WHERE version_id = ANY ($1)
     ${
       withEnvironments
         ? `UNION ALL SELECT 'deployed', d.version_id, e.name, d.created_at FROM broker_deployed_versions d
              JOIN broker_environments e ON e.uuid = d.environment_uuid WHERE d.version_id = ANY ($1) AND d.undeployed_at IS NULL
            UNION ALL SELECT 'released', r.version_id, e.name, r.created_at FROM broker_released_versions r
              JOIN broker_environments e ON e.uuid = r.environment_uuid WHERE r.version_id = ANY ($1) AND r.support_ended_at IS NULL`
         : ''
     }
     ORDER BY 4`,
    [ids],
  );
  for (const r of rows) {
    const map = facts[r.kind];
    const id = Number(r.version_id);
    map.set(id, [...(map.get(id) ?? []), r.name]);
  }
  return facts;
}

/** Every publication of pacts for the provider with the facts selectors look at. */
export async function pactCandidates(sql: Sql, provider: string): Promise<PactCandidate[]> {
  const { rows } = await sql.query<CandidateRow>(
    `SELECT pp.id AS publication_id, c.name AS consumer, c.main_branch, cv.number AS consumer_version,
       cv.id AS consumer_version_id, pv.sha, pv.created_at AS pact_created_at
     FROM broker_pacticipants pr
     JOIN broker_pact_publications pp ON pp.provider_id = pr.id
     JOIN broker_versions cv ON cv.id = pp.consumer_version_id
     JOIN broker_pacticipants c ON c.id = cv.pacticipant_id
     JOIN broker_pact_versions pv ON pv.id = pp.pact_version_id
     WHERE pr.name = $1`,
    [provider],
  );
  const facts = await versionFacts(
    sql,
    rows.map((r) => Number(r.consumer_version_id)),
  );
  return rows.map((r) => {
    const id = Number(r.consumer_version_id);
    return {
      publicationId: Number(r.publication_id),
      consumer: r.consumer,
      consumerMainBranch: r.main_branch,
      consumerVersion: r.consumer_version,
      consumerVersionOrder: id,
      sha: r.sha,
      branches: facts.branches.get(id) ?? [],
      tags: facts.tags.get(id) ?? [],
      deployedTo: facts.deployed.get(id) ?? [],
      releasedTo: facts.released.get(id) ?? [],
      createdAtMs: ms(r.pact_created_at),
    };
  });
}

/**
 * The provider's successful verifications, by content, with the verifying version's branches and tags, and when
 * each of the provider's branches was created: one query.
 */
export async function verificationFacts(
  sql: Sql,
  provider: string,
  shas: string[],
): Promise<VerificationFacts> {
  const facts: VerificationFacts = { successes: new Map(), branchCreatedAtMs: new Map() };
  const { rows } = await sql.query<{ kind: 's' | 'b' | 't' | 'c'; a: string; b: string | null; at: unknown }>(
    `WITH s AS (
       SELECT pv.sha, vr.created_at, vr.provider_version_id
       FROM broker_pacticipants pr
       JOIN broker_pact_versions pv ON pv.provider_id = pr.id
       JOIN broker_verifications vr ON vr.pact_version_id = pv.id
       WHERE pr.name = $1 AND vr.success AND pv.sha = ANY ($2))
     SELECT 's' AS kind, s.sha AS a, s.provider_version_id::text AS b, s.created_at AS at FROM s
     UNION ALL SELECT 'b', bv.version_id::text, br.name, bv.created_at FROM broker_branch_versions bv
       JOIN broker_branches br ON br.id = bv.branch_id WHERE bv.version_id IN (SELECT provider_version_id FROM s)
     UNION ALL SELECT 't', t.version_id::text, t.name, t.created_at FROM broker_tags t
       WHERE t.version_id IN (SELECT provider_version_id FROM s)
     UNION ALL SELECT 'c', b.name, NULL, b.created_at FROM broker_branches b
       JOIN broker_pacticipants p ON p.id = b.pacticipant_id WHERE p.name = $1`,
    [provider, shas],
  );
  const branches = new Map<string, string[]>();
  const tags = new Map<string, string[]>();
  for (const r of rows) {
    if (r.kind === 'b') branches.set(r.a, [...(branches.get(r.a) ?? []), r.b as string]);
    else if (r.kind === 't') tags.set(r.a, [...(tags.get(r.a) ?? []), r.b as string]);
    else if (r.kind === 'c') facts.branchCreatedAtMs.set(r.a, ms(r.at));
  }
  for (const r of rows) {
    if (r.kind !== 's') continue;
    const list = facts.successes.get(r.a) ?? [];
    list.push({
      branches: branches.get(r.b as string) ?? [],
      tags: tags.get(r.b as string) ?? [],
      atMs: ms(r.at),
    });
    facts.successes.set(r.a, list);
  }
  return facts;
}
