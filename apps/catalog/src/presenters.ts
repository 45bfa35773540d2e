import type { Api } from '@interlock/openapi';
import type { ApiSummary, StoredVersion, VersionSummary } from '@interlock/store';
import type { ApiDetail, VersionDetail } from './api-types.js';

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

function strip<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}
