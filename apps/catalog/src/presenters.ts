import type { Api } from '@interlock/openapi';
import type { ApiSummary, StoredLint, StoredVersion, VersionKey, VersionSummary } from '@interlock/store';
import type { ApiDetail, LintResult, VersionDetail } from './api-types.js';

export function presentApiDetail(api: ApiSummary, versions: VersionSummary[]): ApiDetail {
  return { ...api, versions };
}

/** The version's metadata and model, without the spec-internal parts (extensions, raw schemas of components). */
export function presentVersion(stored: StoredVersion): VersionDetail {
  const api: Api = stored.api;
  return strip({
    apiId: stored.apiId,
    version: stored.version,
    hash: stored.hash,
    format: stored.format,
    operationCount: stored.operationCount,
    publishedAt: stored.publishedAt,
    title: api.title,
    description: api.description,
    owner: api.owner,
    lifecycle: api.lifecycle,
    serviceName: api.serviceName,
    servers: api.servers,
    tags: api.tags,
    operations: api.operations.map(
      ({ extensions: _extensions, ...op }) => op,
    ) as unknown as VersionDetail['operations'], // the spec describes media types and headers loosely
    schemas: api.schemas,
  });
}

/** A version's lint; a version without a row waits for its first lint (the queue sweeps such versions at start). */
export function presentLint(key: VersionKey, lint: StoredLint | undefined): LintResult {
  if (!lint)
    return {
      ...key,
      status: 'queued',
      grade: null,
      counts: { error: 0, warn: 0, info: 0, hint: 0 },
      findings: [],
      rulesetHash: null,
      lintedAt: null,
    };
  return {
    ...key,
    status: lint.status,
    grade: lint.grade,
    counts: lint.counts,
    findings: lint.findings,
    rulesetHash: lint.rulesetHash,
    lintedAt: lint.lintedAt ?? null,
    ...(lint.durationMs !== undefined ? { durationMs: lint.durationMs } : {}),
    ...(lint.message !== undefined ? { message: lint.message } : {}),
  };
}

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
