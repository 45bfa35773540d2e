import type { Sql } from '@interlock/store';
import type { MatrixSelector } from '../matrix-query.js';
import type { MatrixRow, MatrixVersion, ResolvedSelector } from '../matrix.js';
import { iso, VERSION_SELECT, type VersionRow } from './rows.js';

const toMatrixVersion = (r: VersionRow): MatrixVersion => ({
  id: Number(r.id),
  number: r.number,
  branches: r.branches ?? [],
  tags: r.tags ?? [],
  createdAt: iso(r.created_at),
});

export interface Target {
  latest?: boolean | undefined;
  tag?: string | undefined;
  mainBranch?: boolean | undefined;
  environment?: string | undefined;
}

/**
 * Looks up the versions a selector stands for. `specified` selectors come from the query; the others are
 * inferred for an integration partner from the target (its versions in the environment, its latest with the
 * tag, on its main branch, or its latest).
 */
export async function resolveSelector(
  sql: Sql,
  pacticipantId: number,
  s: MatrixSelector & { pacticipant: string },
  specified: boolean,
): Promise<ResolvedSelector> {
  const name = s.pacticipant;
  const where: string[] = ['v.pacticipant_id = $1'];
  const params: unknown[] = [pacticipantId];
  const add = (clause: string, value?: unknown) => {
    if (value !== undefined) params.push(value);
    where.push(clause.replaceAll('$?', `$${params.length}`));
  };
  let latest = false;
  let describe: (v?: string) => string;
  let missing: string;
  if (s.version !== undefined) {
    add('v.number = $?', s.version);
    describe = () => `version ${s.version} of ${name}`;
    missing = `No pacts or verifications have been published for version ${s.version} of ${name}`;
  } else if (s.environment !== undefined) {
    add(
      `(EXISTS (SELECT 1 FROM broker_deployed_versions d JOIN broker_environments e ON e.uuid = d.environment_uuid
                WHERE d.version_id = v.id AND d.undeployed_at IS NULL AND e.name = $?)
        OR EXISTS (SELECT 1 FROM broker_released_versions r JOIN broker_environments e ON e.uuid = r.environment_uuid
                WHERE r.version_id = v.id AND r.support_ended_at IS NULL AND e.name = $?))`,
      s.environment,
    );
    describe = (v) =>
      v
        ? `the version of ${name} currently in ${s.environment} (${v})`
        : `a version of ${name} currently in ${s.environment} (no version is currently recorded as deployed/released in this environment)`;
    missing = `No version of ${name} is currently recorded as deployed or released in environment ${s.environment}`;
  } else if (s.tag !== undefined) {
    add('EXISTS (SELECT 1 FROM broker_tags t WHERE t.version_id = v.id AND t.name = $?)', s.tag);
    latest = Boolean(s.latest);
    describe = (v) =>
      latest
        ? v
          ? `the latest version of ${name} with tag ${s.tag} (${v})`
          : `the latest version of ${name} with tag ${s.tag} (no such version exists)`
        : v
          ? `a version of ${name} with tag ${s.tag} (${v})`
          : `a version of ${name} with tag ${s.tag} (no such version exists)`;
    missing = `No version with tag ${s.tag} exists for ${name}`;
  } else if (s.branch !== undefined || s.mainBranch) {
    const branch = s.branch;
    add(
      `EXISTS (SELECT 1 FROM broker_branch_versions bv JOIN broker_branches b ON b.id = bv.branch_id
               WHERE bv.version_id = v.id AND b.name = ${branch !== undefined ? '$?' : '(SELECT main_branch FROM broker_pacticipants WHERE id = $1)'})`,
      branch,
    );
    latest = s.latest !== false;
    const which = branch !== undefined ? `branch ${branch}` : 'the main branch';
    describe = (v) =>
      v
        ? `the latest version of ${name} from ${which} (${v})`
        : `the latest version of ${name} from ${which} (no such version exists)`;
    missing =
      branch !== undefined
        ? `No version of ${name} from branch ${branch} exists`
        : `No version of ${name} from the main branch exists`;
  } else if (s.latest) {
    latest = true;
    describe = (v) =>
      v ? `the latest version of ${name} (${v})` : `the latest version of ${name} (no such version exists)`;
    missing = `No pacts or verifications have been published for ${name}`;
  } else {
    return {
      pacticipant: name,
      pacticipantId,
      versions: null,
      specified,
      versionSpecified: false,
      describe: (v) => (v ? `version ${v} of ${name}` : `any version of ${name}`),
      missing: `No pacts or verifications have been published for ${name}`,
    };
  }
  const { rows } = await sql.query<VersionRow>(
    `${VERSION_SELECT} WHERE ${where.join(' AND ')} ORDER BY v.id DESC ${latest ? 'LIMIT 1' : ''}`,
    params,
  );
  return {
    pacticipant: name,
    pacticipantId,
    versions: rows.map(toMatrixVersion),
    specified,
    versionSpecified: s.version !== undefined,
    describe,
    missing,
  };
}

/** The pacticipants with pacts between them: consumer id → provider ids, from the given consumer versions. */
export async function integrationsOf(
  sql: Sql,
  selector: ResolvedSelector,
): Promise<{ asConsumer: { id: number; name: string }[]; asProvider: { id: number; name: string }[] }> {
  const versionIds = selector.versions?.map((v) => v.id);
  const asConsumer = await sql.query<{ id: string; name: string }>(
    versionIds
      ? `SELECT DISTINCT pr.id, pr.name FROM broker_pact_publications pp JOIN broker_pacticipants pr ON pr.id = pp.provider_id
         WHERE pp.consumer_version_id = ANY ($1)`
      : `SELECT DISTINCT pr.id, pr.name FROM broker_pact_versions pv JOIN broker_pacticipants pr ON pr.id = pv.provider_id
         WHERE pv.consumer_id = $1`,
    [versionIds ?? selector.pacticipantId],
  );
  const asProvider = await sql.query<{ id: string; name: string }>(
    `SELECT DISTINCT c.id, c.name FROM broker_pact_versions pv JOIN broker_pacticipants c ON c.id = pv.consumer_id
     WHERE pv.provider_id = $1`,
    [selector.pacticipantId],
  );
  const map = (rows: { id: string; name: string }[]) => rows.map((r) => ({ id: Number(r.id), name: r.name }));
  return { asConsumer: map(asConsumer.rows), asProvider: map(asProvider.rows) };
}

interface PairRow {
  cv_id: string;
  sha: string;
  pact_created_at: unknown;
  vr_id: string | null;
  vr_number: string | null;
  success: boolean | null;
  vr_created_at: unknown;
  pv_id: string | null;
}

/**
 * Rows of the matrix for one integration: each pact of the consumer's selected versions with each verification
 * of its content by the provider's selected versions; a pact no selected provider version verified gives a row
 * without verification (for each selected provider version, when they are known).
 */
export async function integrationRows(
  sql: Sql,
  consumer: ResolvedSelector,
  provider: ResolvedSelector,
): Promise<MatrixRow[]> {
  const consumerIds = consumer.versions?.map((v) => v.id);
  const providerIds = provider.versions?.map((v) => v.id);
  if (consumerIds?.length === 0) return [];
  const params: unknown[] = [consumer.pacticipantId, provider.pacticipantId];
  let cvFilter = '';
  if (consumerIds) {
    params.push(consumerIds);
    cvFilter = `AND cv.id = ANY ($${params.length})`;
  }
  let pvFilter = '';
  if (providerIds) {
    params.push(providerIds);
    pvFilter = `AND vr.provider_version_id = ANY ($${params.length})`;
  }
  const { rows } = await sql.query<PairRow>(
    `SELECT cv.id AS cv_id, pv.sha, pv.created_at AS pact_created_at, vr.id AS vr_id, vr.success, vr.created_at AS vr_created_at,
       vr.provider_version_id AS pv_id,
       CASE WHEN vr.id IS NULL THEN NULL ELSE
         (SELECT count(*) FROM broker_verifications o WHERE o.pact_version_id = vr.pact_version_id AND o.id <= vr.id) END AS vr_number
     FROM broker_pact_publications pp
     JOIN broker_versions cv ON cv.id = pp.consumer_version_id
     JOIN broker_pact_versions pv ON pv.id = pp.pact_version_id
     LEFT JOIN broker_verifications vr ON vr.pact_version_id = pp.pact_version_id ${pvFilter}
     WHERE cv.pacticipant_id = $1 AND pp.provider_id = $2 ${cvFilter}
     ORDER BY cv.id, vr.id`,
    params,
  );
  const versionIds = new Set<number>();
  for (const r of rows) {
    versionIds.add(Number(r.cv_id));
    if (r.pv_id) versionIds.add(Number(r.pv_id));
  }
  const versions = await versionsById(
    sql,
    [...versionIds],
    [...(consumer.versions ?? []), ...(provider.versions ?? [])],
  );
  const out: MatrixRow[] = [];
  const byPact = new Map<number, PairRow[]>();
  for (const r of rows) byPact.set(Number(r.cv_id), [...(byPact.get(Number(r.cv_id)) ?? []), r]);
  for (const [cvId, list] of byPact) {
    const first = list[0] as PairRow;
    const base = {
      consumer: consumer.pacticipant,
      consumerVersion: versions.get(cvId) as MatrixVersion,
      provider: provider.pacticipant,
      pact: { sha: first.sha, createdAt: iso(first.pact_created_at) },
      ignored: false,
    };
    const verified = list.filter((r) => r.vr_id !== null);
    for (const r of verified)
      out.push({
        ...base,
        providerVersion: versions.get(Number(r.pv_id)) ?? null,
        verification: {
          id: Number(r.vr_id),
          number: Number(r.vr_number),
          success: Boolean(r.success),
          createdAt: iso(r.vr_created_at),
        },
      });
    if (provider.versions) {
      const seen = new Set(verified.map((r) => Number(r.pv_id)));
      for (const pv of provider.versions)
        if (!seen.has(pv.id)) out.push({ ...base, providerVersion: pv, verification: null });
      if (provider.versions.length === 0) out.push({ ...base, providerVersion: null, verification: null });
    } else if (verified.length === 0) out.push({ ...base, providerVersion: null, verification: null });
  }
  return out;
}

async function versionsById(
  sql: Sql,
  ids: number[],
  known: MatrixVersion[],
): Promise<Map<number, MatrixVersion>> {
  const map = new Map(known.map((v) => [v.id, v]));
  const missing = ids.filter((id) => !map.has(id));
  if (missing.length) {
    const { rows } = await sql.query<VersionRow>(`${VERSION_SELECT} WHERE v.id = ANY ($1)`, [missing]);
    for (const r of rows) map.set(Number(r.id), toMatrixVersion(r));
  }
  return map;
}
