import { loadSpec } from '@interlock/openapi';
import { resolve } from 'node:path';
import { DEFAULT_CATALOG, fetchCatalog } from '../catalog-client.js';
import { EXIT, print, UsageError, type Io } from '../io.js';

export interface PublishOptions {
  api?: string;
  version?: string;
  catalog?: string;
  token?: string;
}

/**
 * Loads the spec locally first (so errors show with file:line:column before anything is sent), then PUTs it:
 * a single file as written, a multi-file spec as its bundled document.
 */
export async function publishCommand(file: string, options: PublishOptions, io: Io): Promise<number> {
  const token = options.token ?? io.env.INTERLOCK_TOKEN;
  if (!token) throw new UsageError('publishing needs the catalog admin token: --token T or INTERLOCK_TOKEN');
  const spec = await loadSpec(resolve(io.cwd, file), options.api ? { apiId: options.api } : {});
  const apiId = options.api ?? spec.api.id;
  const version = options.version ?? spec.api.version;
  const root = spec.files[0] as (typeof spec.files)[number];
  const single = spec.files.length === 1;
  const body = single ? root.text : JSON.stringify(spec.document);
  const url = new URL(
    `/api/apis/${encodeURIComponent(apiId)}/versions/${encodeURIComponent(version)}`,
    options.catalog ?? DEFAULT_CATALOG,
  );
  const response = await fetchCatalog(url, {
    method: 'PUT',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': single ? root.mediaType : 'application/json',
    },
    body,
  });
  const text = await response.text();
  if (response.status === 201 || response.status === 200) {
    print(
      io.stdout,
      `${response.status === 201 ? 'Published' : 'Already published, unchanged:'} ${apiId} ${version} to ${url.origin}`,
    );
    return EXIT.ok;
  }
  let detail = text;
  try {
    const problem = JSON.parse(text) as { title?: string; detail?: string };
    detail = [problem.title, problem.detail].filter(Boolean).join(': ');
  } catch {
    // not a problem document: show the text
  }
  print(io.stderr, `Publishing ${apiId} ${version} failed (${response.status}): ${detail}`);
  return response.status === 401 || response.status === 403 ? EXIT.usage : EXIT.failed;
}
