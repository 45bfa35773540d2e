import type { Sql } from '@interlock/store';
import type { PactPublication } from '../types.js';
import { iso } from './rows.js';

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
