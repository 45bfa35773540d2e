import { randomUUID } from 'node:crypto';
import type { Sql } from '@interlock/store';
import type { DeployedVersion, Environment, ReleasedVersion } from '../types.js';
import { listEnvironments } from './environments.js';
import { iso } from './rows.js';

interface DeployedRow {
  uuid: string;
  pacticipant: string;
  version: string;
  version_id: string;
  environment_uuid: string;
  application_instance: string;
  created_at: unknown;
  undeployed_at: unknown;
}

const DEPLOYED_SELECT = `
  SELECT d.uuid, p.name AS pacticipant, v.number AS version, d.version_id, d.environment_uuid, d.application_instance,
    d.created_at, d.undeployed_at
  FROM broker_deployed_versions d JOIN broker_versions v ON v.id = d.version_id JOIN broker_pacticipants p ON p.id = d.pacticipant_id`;

async function toDeployed(sql: Sql, rows: DeployedRow[]): Promise<DeployedVersion[]> {
  const envs = new Map((await listEnvironments(sql)).map((e) => [e.uuid, e]));
  return rows.map((r) => ({
    uuid: r.uuid,
    pacticipant: r.pacticipant,
    version: r.version,
    versionId: Number(r.version_id),
    environment: envs.get(r.environment_uuid) as Environment,
    applicationInstance: r.application_instance === '' ? null : r.application_instance,
    currentlyDeployed: r.undeployed_at === null,
    createdAt: iso(r.created_at),
    undeployedAt: r.undeployed_at === null ? null : iso(r.undeployed_at),
  }));
}

/**
 * Records that the version is now deployed to the environment (for the application instance): whatever version
 * of the pacticipant was deployed there for the same instance is now undeployed, as the Pact Broker does.
 */
export async function recordDeployment(
  sql: Sql,
  input: {
    pacticipantId: number;
    versionId: number;
    environmentUuid: string;
    applicationInstance?: string | null | undefined;
  },
): Promise<DeployedVersion> {
  const instance = input.applicationInstance ?? '';
  return sql.transaction(async (tx) => {
    await tx.query(
      `UPDATE broker_deployed_versions SET undeployed_at = now()
       WHERE pacticipant_id = $1 AND environment_uuid = $2 AND application_instance = $3 AND undeployed_at IS NULL AND version_id <> $4`,
      [input.pacticipantId, input.environmentUuid, instance, input.versionId],
    );
    const existing = await tx.query<DeployedRow>(
      `${DEPLOYED_SELECT} WHERE d.version_id = $1 AND d.environment_uuid = $2 AND d.application_instance = $3 AND d.undeployed_at IS NULL`,
      [input.versionId, input.environmentUuid, instance],
    );
    if (existing.rows[0]) return (await toDeployed(tx, existing.rows))[0] as DeployedVersion;
    const uuid = randomUUID();
    await tx.query(
      `INSERT INTO broker_deployed_versions (uuid, version_id, pacticipant_id, environment_uuid, application_instance) VALUES ($1, $2, $3, $4, $5)`,
      [uuid, input.versionId, input.pacticipantId, input.environmentUuid, instance],
    );
    return (await findDeployedVersion(tx, uuid)) as DeployedVersion;
  });
}

export async function findDeployedVersion(sql: Sql, uuid: string): Promise<DeployedVersion | undefined> {
  const { rows } = await sql.query<DeployedRow>(`${DEPLOYED_SELECT} WHERE d.uuid = $1`, [uuid]);
  return (await toDeployed(sql, rows))[0];
}

export async function listDeployedVersions(
  sql: Sql,
  filter: {
    environmentUuid?: string;
    pacticipant?: string;
    versionId?: number;
    currentOnly?: boolean;
    applicationInstance?: string;
  },
): Promise<DeployedVersion[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('$?', `$${params.length}`));
  };
  if (filter.environmentUuid !== undefined) add('d.environment_uuid = $?', filter.environmentUuid);
  if (filter.pacticipant !== undefined) add('p.name = $?', filter.pacticipant);
  if (filter.versionId !== undefined) add('d.version_id = $?', filter.versionId);
  if (filter.applicationInstance !== undefined)
    add('d.application_instance = $?', filter.applicationInstance);
  if (filter.currentOnly) where.push('d.undeployed_at IS NULL');
  const { rows } = await sql.query<DeployedRow>(
    `${DEPLOYED_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.created_at`,
    params,
  );
  return toDeployed(sql, rows);
}

export async function markUndeployed(sql: Sql, uuid: string): Promise<DeployedVersion | undefined> {
  await sql.query(
    'UPDATE broker_deployed_versions SET undeployed_at = coalesce(undeployed_at, now()) WHERE uuid = $1',
    [uuid],
  );
  return findDeployedVersion(sql, uuid);
}

interface ReleasedRow {
  uuid: string;
  pacticipant: string;
  version: string;
  version_id: string;
  environment_uuid: string;
  created_at: unknown;
  support_ended_at: unknown;
}

const RELEASED_SELECT = `
  SELECT r.uuid, p.name AS pacticipant, v.number AS version, r.version_id, r.environment_uuid, r.created_at, r.support_ended_at
  FROM broker_released_versions r JOIN broker_versions v ON v.id = r.version_id JOIN broker_pacticipants p ON p.id = r.pacticipant_id`;

async function toReleased(sql: Sql, rows: ReleasedRow[]): Promise<ReleasedVersion[]> {
  const envs = new Map((await listEnvironments(sql)).map((e) => [e.uuid, e]));
  return rows.map((r) => ({
    uuid: r.uuid,
    pacticipant: r.pacticipant,
    version: r.version,
    versionId: Number(r.version_id),
    environment: envs.get(r.environment_uuid) as Environment,
    currentlySupported: r.support_ended_at === null,
    createdAt: iso(r.created_at),
    supportEndedAt: r.support_ended_at === null ? null : iso(r.support_ended_at),
  }));
}

/** Records a release of the version to the environment; releasing it again only renews its support. */
export async function recordRelease(
  sql: Sql,
  input: { pacticipantId: number; versionId: number; environmentUuid: string },
): Promise<{ released: ReleasedVersion; created: boolean }> {
  const inserted = await sql.query(
    `INSERT INTO broker_released_versions (uuid, version_id, pacticipant_id, environment_uuid) VALUES ($1, $2, $3, $4)
     ON CONFLICT (version_id, environment_uuid) DO UPDATE SET support_ended_at = NULL RETURNING (xmax = 0) AS inserted`,
    [randomUUID(), input.versionId, input.pacticipantId, input.environmentUuid],
  );
  const { rows } = await sql.query<ReleasedRow>(
    `${RELEASED_SELECT} WHERE r.version_id = $1 AND r.environment_uuid = $2`,
    [input.versionId, input.environmentUuid],
  );
  const created = Boolean((inserted.rows[0] as { inserted?: boolean } | undefined)?.inserted);
  return { released: (await toReleased(sql, rows))[0] as ReleasedVersion, created };
}

export async function listReleasedVersions(
  sql: Sql,
  filter: {
    environmentUuid?: string;
    pacticipant?: string;
    versionId?: number;
    currentOnly?: boolean;
    uuid?: string;
  },
): Promise<ReleasedVersion[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (clause: string, value: unknown) => {
    params.push(value);
    where.push(clause.replace('$?', `$${params.length}`));
  };
  if (filter.uuid !== undefined) add('r.uuid = $?', filter.uuid);
  if (filter.environmentUuid !== undefined) add('r.environment_uuid = $?', filter.environmentUuid);
  if (filter.pacticipant !== undefined) add('p.name = $?', filter.pacticipant);
  if (filter.versionId !== undefined) add('r.version_id = $?', filter.versionId);
  if (filter.currentOnly) where.push('r.support_ended_at IS NULL');
  const { rows } = await sql.query<ReleasedRow>(
    `${RELEASED_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.created_at`,
    params,
  );
  return toReleased(sql, rows);
}

export async function endSupport(sql: Sql, uuid: string): Promise<ReleasedVersion | undefined> {
  await sql.query(
    'UPDATE broker_released_versions SET support_ended_at = coalesce(support_ended_at, now()) WHERE uuid = $1',
    [uuid],
  );
  return (await listReleasedVersions(sql, { uuid }))[0];
}
