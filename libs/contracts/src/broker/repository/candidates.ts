import type { Sql } from '@interlock/store';
import type { PactCandidate, VerificationFacts } from '../types.js';
import { ms } from './rows.js';

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
