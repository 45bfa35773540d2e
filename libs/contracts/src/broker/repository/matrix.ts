import type { Sql } from '@interlock/store';
import type { MatrixSelector } from '../matrix-query.js';
import type { MatrixRow, MatrixVersion, ResolvedSelector } from '../matrix.js';
import { versionFacts } from './candidates.js';
import { iso } from './rows.js';

export interface Target {
  latest?: boolean | undefined;
  tag?: string | undefined;
  mainBranch?: boolean | undefined;
  environment?: string | undefined;
}

type Named = { id: number; name: string };
type Selection = MatrixSelector & { pacticipant: string };

interface VersionRow {
  id: string;
  pacticipant_id: string;
  number: string;
  created_at: unknown;
}

/** The versions, their branches and tags left empty: `fillVersionFacts` fills them once for a whole answer. */
function toVersions(rows: VersionRow[]): (MatrixVersion & { pacticipantId: number })[] {
  return rows.map((r) => ({
    id: Number(r.id),
    pacticipantId: Number(r.pacticipant_id),
    number: r.number,
    branches: [],
    tags: [],
    createdAt: iso(r.created_at),
  }));
}

/** Fills in the branches and tags of the versions in the rows (one query). */
export async function fillVersionFacts(sql: Sql, rows: MatrixRow[]): Promise<void> {
  const versions = new Map<number, MatrixVersion[]>();
  for (const r of rows)
    for (const v of [r.consumerVersion, r.providerVersion])
      if (v) versions.set(v.id, [...(versions.get(v.id) ?? []), v]);
  const { branches, tags } = await versionFacts(sql, [...versions.keys()], false);
  for (const [id, list] of versions)
    for (const v of list) {
      v.branches = branches.get(id) ?? [];
      v.tags = tags.get(id) ?? [];
    }
}

/** How the Pact Broker words a selector, and what it says when nothing matches. */
function wording(s: Selection, latest: boolean): { describe: (v?: string) => string; missing: string } {
  const name = s.pacticipant;
  if (s.version !== undefined)
    return {
      describe: () => `version ${s.version} of ${name}`,
      missing: `No pacts or verifications have been published for version ${s.version} of ${name}`,
    };
  if (s.environment !== undefined)
    return {
      describe: (v) =>
        v
          ? `the version of ${name} currently in ${s.environment} (${v})`
          : `a version of ${name} currently in ${s.environment} (no version is currently recorded as deployed/released in this environment)`,
      missing: `No version of ${name} is currently recorded as deployed or released in environment ${s.environment}`,
    };
  if (s.tag !== undefined)
    return {
      describe: (v) =>
        `${latest ? 'the latest version' : 'a version'} of ${name} with tag ${s.tag} (${v ?? 'no such version exists'})`,
      missing: `No version with tag ${s.tag} exists for ${name}`,
    };
  if (s.branch !== undefined || s.mainBranch) {
    const which = s.branch !== undefined ? `branch ${s.branch}` : 'the main branch';
    return {
      describe: (v) => `the latest version of ${name} from ${which} (${v ?? 'no such version exists'})`,
      missing:
        s.branch !== undefined
          ? `No version of ${name} from branch ${s.branch} exists`
          : `No version of ${name} from the main branch exists`,
    };
  }
  if (s.latest)
    return {
      describe: (v) => `the latest version of ${name} (${v ?? 'no such version exists'})`,
      missing: `No pacts or verifications have been published for ${name}`,
    };
  return {
    describe: (v) => (v ? `version ${v} of ${name}` : `any version of ${name}`),
    missing: `No pacts or verifications have been published for ${name}`,
  };
}

/**
 * Looks up the versions that one selector stands for, for several pacticipants at once (one query): the
 * specified selectors of a query, or every integration partner inferred from the target (its versions in the
 * environment, its latest with the tag, on its main branch, or its latest).
 */
export async function resolveSelectors(
  sql: Sql,
  pacticipants: Named[],
  s: MatrixSelector,
  specified: boolean,
): Promise<ResolvedSelector[]> {
  const ids = pacticipants.map((p) => p.id);
  const params: unknown[] = [ids];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  let filter: string;
  let latest = false;
  if (s.version !== undefined) filter = `v.number = ${add(s.version)}`;
  else if (s.environment !== undefined) {
    const env = add(s.environment);
    filter = `v.id IN (
      SELECT d.version_id FROM broker_deployed_versions d JOIN broker_environments e ON e.uuid = d.environment_uuid
      WHERE e.name = ${env} AND d.undeployed_at IS NULL AND d.pacticipant_id = ANY ($1)
      UNION SELECT r.version_id FROM broker_released_versions r JOIN broker_environments e ON e.uuid = r.environment_uuid
      WHERE e.name = ${env} AND r.support_ended_at IS NULL AND r.pacticipant_id = ANY ($1))`;
  } else if (s.tag !== undefined) {
    filter = `v.id IN (SELECT version_id FROM broker_tags WHERE name = ${add(s.tag)})`;
    latest = Boolean(s.latest);
  } else if (s.branch !== undefined || s.mainBranch) {
    filter = `v.id IN (SELECT bv.version_id FROM broker_branch_versions bv JOIN broker_branches b ON b.id = bv.branch_id
      JOIN broker_pacticipants p ON p.id = b.pacticipant_id
      WHERE b.pacticipant_id = ANY ($1) AND b.name = ${s.branch !== undefined ? add(s.branch) : 'p.main_branch'})`;
    latest = s.latest !== false;
  } else if (s.latest) {
    filter = 'true';
    latest = true;
  } else {
    return pacticipants.map((p) => ({
      pacticipant: p.name,
      pacticipantId: p.id,
      versions: null,
      specified,
      versionSpecified: false,
      ...wording({ ...s, pacticipant: p.name }, false),
    }));
  }
  const { rows } = await sql.query<VersionRow>(
    latest
      ? `SELECT DISTINCT ON (v.pacticipant_id) v.id, v.pacticipant_id, v.number, v.created_at FROM broker_versions v
         WHERE v.pacticipant_id = ANY ($1) AND ${filter} ORDER BY v.pacticipant_id, v.id DESC`
      : `SELECT v.id, v.pacticipant_id, v.number, v.created_at FROM broker_versions v
         WHERE v.pacticipant_id = ANY ($1) AND ${filter} ORDER BY v.id DESC`,
    params,
  );
  const versions = toVersions(rows);
  return pacticipants.map((p) => ({
    pacticipant: p.name,
    pacticipantId: p.id,
    versions: versions.filter((v) => v.pacticipantId === p.id).map(({ pacticipantId: _, ...v }) => v),
    specified,
    versionSpecified: s.version !== undefined,
    ...wording({ ...s, pacticipant: p.name }, latest),
  }));
}

/** The pacticipants with pacts with this selector's versions (as consumer) or with the pacticipant (as provider). */
export async function integrationsOf(
  sql: Sql,
  selector: ResolvedSelector,
): Promise<{ asConsumer: Named[]; asProvider: Named[] }> {
  const versionIds = selector.versions?.map((v) => v.id) ?? null;
  const { rows } = await sql.query<{ role: string; id: string; name: string }>(
    `SELECT DISTINCT 'consumer' AS role, pr.id, pr.name FROM broker_pact_versions pv JOIN broker_pacticipants pr ON pr.id = pv.provider_id
     WHERE pv.consumer_id = $1 AND ($2::bigint[] IS NULL OR EXISTS (
       SELECT 1 FROM broker_pact_publications pp WHERE pp.pact_version_id = pv.id AND pp.consumer_version_id = ANY ($2)))
     UNION
     SELECT DISTINCT 'provider', c.id, c.name FROM broker_pact_versions pv JOIN broker_pacticipants c ON c.id = pv.consumer_id
     WHERE pv.provider_id = $1`,
    [selector.pacticipantId, versionIds],
  );
  const pick = (role: string) =>
    rows.filter((r) => r.role === role).map((r) => ({ id: Number(r.id), name: r.name }));
  return { asConsumer: pick('consumer'), asProvider: pick('provider') };
}

interface PairRow {
  cv_id: string;
  provider_id: string;
  pact_version_id: string;
  sha: string;
  pact_created_at: unknown;
  vr_id: string | null;
  vr_number: string | null;
  success: boolean | null;
  vr_created_at: unknown;
  pv_id: string | null;
}

/**
 * Rows of the matrix for integrations (consumer selector, provider selector), in one query: each pact of the
 * consumer's selected versions with each verification of its content by the provider's selected versions; a
 * pact no selected provider version verified gives a row without verification (for each selected provider
 * version, when they are known).
 */
export async function matrixRows(
  sql: Sql,
  pairs: [ResolvedSelector, ResolvedSelector][],
): Promise<MatrixRow[]> {
  if (pairs.length === 0) return [];
  // Consumers named without versions stand for all their versions.
  const anyConsumer = [...new Set(pairs.filter(([c]) => c.versions === null).map(([c]) => c.pacticipantId))];
  const allVersions = new Map<number, number[]>();
  if (anyConsumer.length) {
    const { rows } = await sql.query<{ id: string; pacticipant_id: string }>(
      'SELECT id, pacticipant_id FROM broker_versions WHERE pacticipant_id = ANY ($1)',
      [anyConsumer],
    );
    for (const r of rows)
      allVersions.set(Number(r.pacticipant_id), [
        ...(allVersions.get(Number(r.pacticipant_id)) ?? []),
        Number(r.id),
      ]);
  }
  const wantedCv: number[] = [];
  const wantedProvider: number[] = [];
  const allowedProvider: number[] = [];
  const allowedVersion: number[] = [];
  const anyProvider: number[] = [];
  for (const [c, p] of pairs) {
    for (const id of c.versions?.map((v) => v.id) ?? allVersions.get(c.pacticipantId as number) ?? []) {
      wantedCv.push(id);
      wantedProvider.push(p.pacticipantId as number);
    }
    if (p.versions === null) anyProvider.push(p.pacticipantId as number);
    else
      for (const v of p.versions) {
        allowedProvider.push(p.pacticipantId as number);
        allowedVersion.push(v.id);
      }
  }
  if (wantedCv.length === 0) return [];
  const { rows } = await sql.query<PairRow>(
    `WITH wanted AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS w (consumer_version_id, provider_id)),
          allowed AS (SELECT * FROM unnest($3::bigint[], $4::bigint[]) AS a (provider_id, provider_version_id))
     SELECT pp.consumer_version_id AS cv_id, pp.provider_id, pv.id AS pact_version_id, pv.sha, pv.created_at AS pact_created_at,
       vr.id AS vr_id, vr.success, vr.created_at AS vr_created_at, vr.provider_version_id AS pv_id,
       CASE WHEN vr.id IS NULL THEN NULL ELSE
         (SELECT count(*) FROM broker_verifications o WHERE o.pact_version_id = vr.pact_version_id AND o.id <= vr.id) END AS vr_number
     FROM wanted w
     JOIN broker_pact_publications pp ON pp.consumer_version_id = w.consumer_version_id AND pp.provider_id = w.provider_id
     JOIN broker_pact_versions pv ON pv.id = pp.pact_version_id
     LEFT JOIN broker_verifications vr ON vr.pact_version_id = pp.pact_version_id AND (
       pp.provider_id = ANY ($5::bigint[])
       OR EXISTS (SELECT 1 FROM allowed a WHERE a.provider_id = pp.provider_id AND a.provider_version_id = vr.provider_version_id))
     ORDER BY pp.consumer_version_id, vr.id`,
    [wantedCv, wantedProvider, allowedProvider, allowedVersion, anyProvider],
  );
  const known = new Map<number, MatrixVersion>();
  for (const [c, p] of pairs)
    for (const v of [...(c.versions ?? []), ...(p.versions ?? [])]) known.set(v.id, v);
  const missing = [
    ...new Set(rows.flatMap((r) => [Number(r.cv_id), ...(r.pv_id ? [Number(r.pv_id)] : [])])),
  ].filter((id) => !known.has(id));
  if (missing.length) {
    const found = await sql.query<VersionRow>(
      'SELECT id, pacticipant_id, number, created_at FROM broker_versions WHERE id = ANY ($1)',
      [missing],
    );
    for (const v of toVersions(found.rows)) known.set(v.id, v);
  }
  const out: MatrixRow[] = [];
  for (const [consumer, provider] of pairs) {
    const byPact = new Map<number, PairRow[]>();
    const cvIds = new Set(
      consumer.versions?.map((v) => v.id) ?? allVersions.get(consumer.pacticipantId as number) ?? [],
    );
    for (const r of rows)
      if (Number(r.provider_id) === provider.pacticipantId && cvIds.has(Number(r.cv_id)))
        byPact.set(Number(r.cv_id), [...(byPact.get(Number(r.cv_id)) ?? []), r]);
    for (const [cvId, list] of byPact) {
      const first = list[0] as PairRow;
      const base = {
        consumer: consumer.pacticipant,
        consumerVersion: known.get(cvId) as MatrixVersion,
        provider: provider.pacticipant,
        pact: { id: Number(first.pact_version_id), sha: first.sha, createdAt: iso(first.pact_created_at) },
        ignored: false,
      };
      const verified = list.filter((r) => r.vr_id !== null);
      for (const r of verified)
        out.push({
          ...base,
          providerVersion: known.get(Number(r.pv_id)) ?? null,
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
  }
  return out;
}
