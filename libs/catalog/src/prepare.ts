import {
  loadSpec,
  loadSpecText,
  slug,
  type Api,
  type LoadedSpec,
  type LoadOptions,
} from '@interlock/openapi';
import type { PublishInput } from '@interlock/store';

/** What the store needs of a loaded spec. Multi-file specs are kept as their bundled document, self-contained. */
export function toPublishInput(spec: LoadedSpec): PublishInput {
  const root = spec.files[0] as LoadedSpec['files'][number];
  if (spec.files.length === 1)
    return { api: spec.api, document: spec.document, text: root.text, mediaType: root.mediaType };
  return {
    api: spec.api,
    document: spec.document,
    text: `${JSON.stringify(spec.document, null, 2)}\n`,
    mediaType: 'application/json',
  };
}

/**
 * The id of a spec found in a folder: `x-api-id`, else from its path: `shop.openapi.yaml` → `shop`,
 * `crm/crm.openapi.yaml` and `crm/openapi.yaml` → `crm`, `acme.com/billing.json` → `acme.com-billing`.
 */
export function idForPath(relativePath: string, api: Api): string {
  if (typeof api.extensions['x-api-id'] === 'string' && slug(api.extensions['x-api-id'])) return api.id;
  const parts = relativePath.split('/');
  const name = (parts.pop() as string)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/\.(openapi|swagger|oas)$/i, '');
  const folder = parts.pop();
  const generic = /^(openapi|swagger|oas|api|spec)$/i.test(name);
  if (!folder) return generic ? api.id : slug(name) || api.id;
  if (generic || slug(name) === slug(folder)) return slug(folder) || api.id;
  return slug(`${folder}-${name}`) || api.id;
}

/** Loads one spec file of a folder for publishing, with its path-derived id. */
export async function prepareFile(
  root: string,
  relativePath: string,
  options?: LoadOptions,
): Promise<PublishInput> {
  const spec = await loadSpec(`${root}/${relativePath}`, options);
  spec.api.id = idForPath(relativePath, spec.api);
  return toPublishInput(spec);
}

export async function prepareText(
  text: string,
  options?: LoadOptions & { filename?: string },
): Promise<PublishInput> {
  return toPublishInput(await loadSpecText(text, options));
}
