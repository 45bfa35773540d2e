import type { Sql } from '@interlock/store';
import { detectMainBranch } from '../content.js';
import type { Pacticipant, PacticipantVersion } from '../types.js';
import { toPacticipant, toVersion, VERSION_SELECT, type PacticipantRow, type VersionRow } from './rows.js';

export async function findPacticipant(sql: Sql, name: string): Promise<Pacticipant | undefined> {
  const { rows } = await sql.query<PacticipantRow>('SELECT * FROM broker_pacticipants WHERE name = $1', [
    name,
  ]);
  return rows[0] ? toPacticipant(rows[0]) : undefined;
}

export async function listPacticipants(sql: Sql): Promise<Pacticipant[]> {
  const { rows } = await sql.query<PacticipantRow>('SELECT * FROM broker_pacticipants ORDER BY name');
  return rows.map(toPacticipant);
}

export interface PacticipantFields {
  displayName?: string | null | undefined;
  repositoryUrl?: string | null | undefined;
  mainBranch?: string | null | undefined;
}

/** Creates the pacticipant or updates the given fields; `created` tells which. */
export async function upsertPacticipant(
  sql: Sql,
  name: string,
  fields: PacticipantFields = {},
): Promise<{ pacticipant: Pacticipant; created: boolean }> {
  const inserted = await sql.query<PacticipantRow>(
    `INSERT INTO broker_pacticipants (name, display_name, repository_url, main_branch) VALUES ($1, $2, $3, $4)
     ON CONFLICT (name) DO NOTHING RETURNING *`,
    [name, fields.displayName ?? null, fields.repositoryUrl ?? null, fields.mainBranch ?? null],
  );
  if (inserted.rows[0]) return { pacticipant: toPacticipant(inserted.rows[0]), created: true };
  const sets: string[] = [];
  const params: unknown[] = [name];
  for (const [column, value] of [
    ['display_name', fields.displayName],
    ['repository_url', fields.repositoryUrl],
    ['main_branch', fields.mainBranch],
  ] as const)
    if (value !== undefined) {
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
  const { rows } = await sql.query<PacticipantRow>(
    `UPDATE broker_pacticipants SET updated_at = now()${sets.length ? `, ${sets.join(', ')}` : ''} WHERE name = $1 RETURNING *`,
    params,
  );
  return { pacticipant: toPacticipant(rows[0] as PacticipantRow), created: false };
}

export async function deletePacticipant(sql: Sql, name: string): Promise<boolean> {
  const { rows } = await sql.query('DELETE FROM broker_pacticipants WHERE name = $1 RETURNING id', [name]);
  return rows.length > 0;
}

export async function findVersion(
  sql: Sql,
  pacticipant: string,
  number: string,
): Promise<PacticipantVersion | undefined> {
  const { rows } = await sql.query<VersionRow>(`${VERSION_SELECT} WHERE p.name = $1 AND v.number = $2`, [
    pacticipant,
    number,
  ]);
  return rows[0] ? toVersion(rows[0]) : undefined;
}

export async function findVersionById(sql: Sql, id: number): Promise<PacticipantVersion | undefined> {
  const { rows } = await sql.query<VersionRow>(`${VERSION_SELECT} WHERE v.id = $1`, [id]);
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/** Newest first (creation order, as the Pact Broker orders versions). */
export async function listVersions(
  sql: Sql,
  pacticipant: string,
  limit = 100,
): Promise<PacticipantVersion[]> {
  const { rows } = await sql.query<VersionRow>(
    `${VERSION_SELECT} WHERE p.name = $1 ORDER BY v.id DESC LIMIT ${Math.max(1, Math.min(limit, 1000))}`,
    [pacticipant],
  );
  return rows.map(toVersion);
}

/** The newest version of a pacticipant, optionally with a tag or on a branch. */
export async function latestVersion(
  sql: Sql,
  pacticipant: string,
  filter: { tag?: string; branch?: string; mainBranch?: boolean } = {},
): Promise<PacticipantVersion | undefined> {
  const where = ['p.name = $1'];
  const params: unknown[] = [pacticipant];
  if (filter.tag !== undefined) {
    params.push(filter.tag);
    where.push(
      `EXISTS (SELECT 1 FROM broker_tags t WHERE t.version_id = v.id AND t.name = $${params.length})`,
    );
  }
  if (filter.branch !== undefined || filter.mainBranch) {
    if (filter.branch !== undefined) params.push(filter.branch);
    const name = filter.branch !== undefined ? `$${params.length}` : 'p.main_branch';
    where.push(
      `EXISTS (SELECT 1 FROM broker_branch_versions bv JOIN broker_branches b ON b.id = bv.branch_id
               WHERE bv.version_id = v.id AND b.name = ${name})`,
    );
  }
  const { rows } = await sql.query<VersionRow>(
    `${VERSION_SELECT} WHERE ${where.join(' AND ')} ORDER BY v.id DESC LIMIT 1`,
    params,
  );
  return rows[0] ? toVersion(rows[0]) : undefined;
}

/** The version, created (with its pacticipant) when missing. */
export async function ensureVersion(
  sql: Sql,
  pacticipant: string,
  number: string,
  fields: { buildUrl?: string | undefined } = {},
): Promise<{ version: PacticipantVersion; created: boolean }> {
  const p =
    (await findPacticipant(sql, pacticipant)) ?? (await upsertPacticipant(sql, pacticipant)).pacticipant;
  const inserted = await sql.query<{ id: string }>(
    `INSERT INTO broker_versions (pacticipant_id, number, build_url) VALUES ($1, $2, $3)
     ON CONFLICT (pacticipant_id, number) DO NOTHING RETURNING id`,
    [p.id, number, fields.buildUrl ?? null],
  );
  if (!inserted.rows[0] && fields.buildUrl)
    await sql.query('UPDATE broker_versions SET build_url = $3 WHERE pacticipant_id = $1 AND number = $2', [
      p.id,
      number,
      fields.buildUrl,
    ]);
  const version = (await findVersion(sql, pacticipant, number)) as PacticipantVersion;
  return { version, created: inserted.rows.length > 0 };
}

export async function deleteVersion(sql: Sql, pacticipant: string, number: string): Promise<boolean> {
  const { rows } = await sql.query(
    `DELETE FROM broker_versions v USING broker_pacticipants p
     WHERE p.id = v.pacticipant_id AND p.name = $1 AND v.number = $2 RETURNING v.id`,
    [pacticipant, number],
  );
  return rows.length > 0;
}

/** Puts the version on the branch; the pacticipant's main branch is detected from the first candidate name. */
export async function addBranchVersion(
  sql: Sql,
  version: PacticipantVersion,
  branch: string,
): Promise<{ created: boolean }> {
  await sql.query(
    `INSERT INTO broker_branches (pacticipant_id, name) VALUES ($1, $2) ON CONFLICT (pacticipant_id, name) DO NOTHING`,
    [version.pacticipantId, branch],
  );
  const { rows } = await sql.query(
    `INSERT INTO broker_branch_versions (branch_id, version_id)
     SELECT id, $3 FROM broker_branches WHERE pacticipant_id = $1 AND name = $2
     ON CONFLICT DO NOTHING RETURNING version_id`,
    [version.pacticipantId, branch, version.id],
  );
  const current = await sql.query<{ main_branch: string | null }>(
    'SELECT main_branch FROM broker_pacticipants WHERE id = $1',
    [version.pacticipantId],
  );
  const main = detectMainBranch(current.rows[0]?.main_branch ?? null, branch);
  if (main && main !== current.rows[0]?.main_branch)
    await sql.query('UPDATE broker_pacticipants SET main_branch = $2 WHERE id = $1', [
      version.pacticipantId,
      main,
    ]);
  return { created: rows.length > 0 };
}

export async function findBranch(
  sql: Sql,
  pacticipant: string,
  branch: string,
): Promise<{ name: string; createdAt: string } | undefined> {
  const { rows } = await sql.query<{ name: string; created_at: unknown }>(
    `SELECT b.name, b.created_at FROM broker_branches b JOIN broker_pacticipants p ON p.id = b.pacticipant_id
     WHERE p.name = $1 AND b.name = $2`,
    [pacticipant, branch],
  );
  return rows[0]
    ? { name: rows[0].name, createdAt: new Date(rows[0].created_at as string).toISOString() }
    : undefined;
}

export async function deleteBranch(sql: Sql, pacticipant: string, branch: string): Promise<boolean> {
  const { rows } = await sql.query(
    `DELETE FROM broker_branches b USING broker_pacticipants p WHERE p.id = b.pacticipant_id AND p.name = $1 AND b.name = $2 RETURNING b.id`,
    [pacticipant, branch],
  );
  return rows.length > 0;
}

export async function addTag(sql: Sql, versionId: number, tag: string): Promise<{ created: boolean }> {
  const { rows } = await sql.query(
    'INSERT INTO broker_tags (version_id, name) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING name',
    [versionId, tag],
  );
  return { created: rows.length > 0 };
}

export async function deleteTag(sql: Sql, versionId: number, tag: string): Promise<boolean> {
  const { rows } = await sql.query(
    'DELETE FROM broker_tags WHERE version_id = $1 AND name = $2 RETURNING name',
    [versionId, tag],
  );
  return rows.length > 0;
}
