import { randomUUID } from 'node:crypto';
import type { Sql } from '@interlock/store';
import type { Environment } from '../types.js';
import { toEnvironment, type EnvironmentRow } from './rows.js';

export interface EnvironmentFields {
  name: string;
  displayName?: string | null | undefined;
  production?: boolean | undefined;
  contacts?: unknown[] | null | undefined;
}

export async function listEnvironments(sql: Sql, name?: string): Promise<Environment[]> {
  const { rows } = await sql.query<EnvironmentRow>(
    `SELECT * FROM broker_environments ${name !== undefined ? 'WHERE name = $1' : ''} ORDER BY name`,
    name !== undefined ? [name] : [],
  );
  return rows.map(toEnvironment);
}

export async function findEnvironment(
  sql: Sql,
  by: { uuid?: string; name?: string },
): Promise<Environment | undefined> {
  const { rows } = await sql.query<EnvironmentRow>(
    `SELECT * FROM broker_environments WHERE ${by.uuid !== undefined ? 'uuid' : 'name'} = $1`,
    [by.uuid ?? by.name],
  );
  return rows[0] ? toEnvironment(rows[0]) : undefined;
}

export async function createEnvironment(
  sql: Sql,
  fields: EnvironmentFields,
  uuid: string = randomUUID(),
): Promise<Environment> {
  const { rows } = await sql.query<EnvironmentRow>(
    `INSERT INTO broker_environments (uuid, name, display_name, production, contacts) VALUES ($1, $2, $3, $4, $5) RETURNING *`,
    [
      uuid,
      fields.name,
      fields.displayName ?? null,
      fields.production ?? false,
      fields.contacts ? JSON.stringify(fields.contacts) : null,
    ],
  );
  return toEnvironment(rows[0] as EnvironmentRow);
}

export async function updateEnvironment(
  sql: Sql,
  uuid: string,
  fields: EnvironmentFields,
): Promise<Environment | undefined> {
  const { rows } = await sql.query<EnvironmentRow>(
    `UPDATE broker_environments SET name = $2, display_name = $3, production = $4, contacts = $5, updated_at = now()
     WHERE uuid = $1 RETURNING *`,
    [
      uuid,
      fields.name,
      fields.displayName ?? null,
      fields.production ?? false,
      fields.contacts ? JSON.stringify(fields.contacts) : null,
    ],
  );
  return rows[0] ? toEnvironment(rows[0]) : undefined;
}

export async function deleteEnvironment(sql: Sql, uuid: string): Promise<boolean> {
  const { rows } = await sql.query('DELETE FROM broker_environments WHERE uuid = $1 RETURNING uuid', [uuid]);
  return rows.length > 0;
}
