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
  const refused = publishRefusal(response.status);
  print(
    io.stderr,
    `Publishing ${apiId} ${version} to ${url.origin} failed (${response.status}): ${detail}${refused.hint ? ` ${refused.hint}` : ''}`,
  );
  return refused.exit;
}

/**
 * 1 when the catalog refused the spec (already published with other content, invalid, a breaking change under
 * x-compatibility): the check CI runs failed, as with `diff` or `lint`. 2 when the publish could not be judged: the
 * token was refused (like a missing one, a set-up error) or the catalog failed.
 */
function publishRefusal(status: number): { exit: number; hint?: string } {
  if (status === 401 || status === 403)
    return {
      exit: EXIT.usage,
      hint: "Check --token or INTERLOCK_TOKEN: it must be the catalog's admin token (INTERLOCK_ADMIN_TOKEN, or the one `interlock serve` printed at its first start).",
    };
  if (status >= 500) return { exit: EXIT.usage, hint: "The catalog's own log says why." };
  return { exit: EXIT.failed };
}
