import type { Environment, Pacticipant, PacticipantVersion } from '../types.js';

export const iso = (v: unknown): string =>
  v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString();
export const ms = (v: unknown): number => (v instanceof Date ? v.getTime() : new Date(String(v)).getTime());

export interface PacticipantRow {
  id: string | number;
  name: string;
  display_name: string | null;
  repository_url: string | null;
  main_branch: string | null;
  created_at: unknown;
  updated_at: unknown;
}

export const toPacticipant = (r: PacticipantRow): Pacticipant => ({
  id: Number(r.id),
  name: r.name,
  displayName: r.display_name,
  repositoryUrl: r.repository_url,
  mainBranch: r.main_branch,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export interface VersionRow {
  id: string | number;
  pacticipant_id: string | number;
  pacticipant: string;
  number: string;
  build_url: string | null;
  created_at: unknown;
  branches: string[] | null;
  tags: string[] | null;
}

/** Selects a version with its branches and tags; append WHERE / ORDER BY. */
export const VERSION_SELECT = `
  SELECT v.id, v.pacticipant_id, p.name AS pacticipant, v.number, v.build_url, v.created_at,
    ARRAY(SELECT b.name FROM broker_branch_versions bv JOIN broker_branches b ON b.id = bv.branch_id
          WHERE bv.version_id = v.id ORDER BY bv.created_at) AS branches,
    ARRAY(SELECT t.name FROM broker_tags t WHERE t.version_id = v.id ORDER BY t.created_at) AS tags
  FROM broker_versions v JOIN broker_pacticipants p ON p.id = v.pacticipant_id`;

export const toVersion = (r: VersionRow): PacticipantVersion => ({
  id: Number(r.id),
  pacticipantId: Number(r.pacticipant_id),
  pacticipant: r.pacticipant,
  number: r.number,
  buildUrl: r.build_url,
  createdAt: iso(r.created_at),
  branches: r.branches ?? [],
  tags: r.tags ?? [],
});

export interface EnvironmentRow {
  uuid: string;
  name: string;
  display_name: string | null;
  production: boolean;
  contacts: string | null;
  created_at: unknown;
  updated_at: unknown;
}

export const toEnvironment = (r: EnvironmentRow): Environment => ({
  uuid: r.uuid,
  name: r.name,
  displayName: r.display_name,
  production: r.production,
  contacts: r.contacts ? (JSON.parse(r.contacts) as unknown[]) : null,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});
