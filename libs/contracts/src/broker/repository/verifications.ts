import type { Sql } from '@interlock/store';
import type { Verification } from '../types.js';
import { iso } from './rows.js';

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
