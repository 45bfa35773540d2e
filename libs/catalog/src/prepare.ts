import {
  isSpecError,
  loadSpec,
  loadSpecText,
  slug,
  type LoadedSpec,
  type LoadOptions,
} from '@interlock/openapi';
import { packVersion, type PackedVersion, type PublishInput } from '@interlock/store';
import { posix } from 'node:path';
import type { IndexFailure } from './index-folder.js';

/**
 * What the store needs of a loaded spec. Multi-file specs are kept as their bundled document, self-contained.
 * `deriveModel`: a single-file spec goes without its model, which the store derives from the text when first read.
 */
export function toPublishInput(spec: LoadedSpec, deriveModel = false): PublishInput {
  const root = spec.files[0] as LoadedSpec['files'][number];
  if (spec.files.length === 1) {
    const { text, bytes, mediaType, path } = root;
    return {
      api: spec.api,
      text,
      ...(bytes ? { bytes } : {}),
      mediaType,
      ...(deriveModel ? { sourceFile: path } : {}),
    };
  }
  return {
    api: spec.api,
    text: `${JSON.stringify(spec.document, null, 2)}\n`,
    mediaType: 'application/json',
  };
}

/**
 * The id of a spec found in a folder, from its path: `shop.openapi.yaml` → `shop`, `crm/crm.openapi.yaml` and
 * `crm/openapi.yaml` → `crm`, `acme.com/billing.json` → `acme.com-billing`. (`x-api-id` in the spec wins.)
 */
export function idForPath(relativePath: string): string {
  const parts = relativePath.split('/');
  const name = (parts.pop() as string)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/\.(openapi|swagger|oas)$/i, '');
  const folder = parts.pop();
  const generic = /^(openapi|swagger|oas|api|spec)$/i.test(name);
  if (!folder) return slug(name) || 'api';
  if (generic || slug(name) === slug(folder)) return slug(folder) || 'api';
  return slug(`${folder}-${name}`) || 'api';
}

/**
 * Loads one spec file of a folder for publishing: its id is `x-api-id`, else `pathId`, else from its path.
 * Loaded without locations (`locations: false`), a single-file spec is published without its model, which the store
 * derives from the text when first read; a spec of several files is loaded again with them, since its stored text,
 * the bundled document, is not where its nodes were written.
 */
export async function prepareFile(
  root: string,
  relativePath: string,
  pathId?: string,
  options?: LoadOptions,
): Promise<PublishInput> {
  return (await loadFile(root, relativePath, pathId, options)).input;
}

/** prepareFile, and the other files of the folder that the spec read through its `$ref`s, relative to `root`. */
async function loadFile(
  root: string,
  relativePath: string,
  pathId?: string,
  options?: LoadOptions,
): Promise<{ input: PublishInput; reads: string[] }> {
  const file = `${root}/${relativePath}`;
  let spec = await loadSpec(file, options);
  const deriveModel = options?.locations === false;
  if (deriveModel && spec.files.length > 1) spec = await loadSpec(file, { ...options, locations: true });
  if (typeof spec.api.extensions['x-api-id'] !== 'string') spec.api.id = pathId ?? idForPath(relativePath);
  const folder = posix.dirname(relativePath);
  const reads = spec.files
    .slice(1)
    .filter((f) => !/^https?:/.test(f.path))
    .map((f) => posix.join(folder, f.path));
  return { input: toPublishInput(spec, deriveModel), reads };
}

export async function prepareText(
  text: string,
  options?: LoadOptions & { filename?: string },
): Promise<PublishInput> {
  return toPublishInput(await loadSpecText(text, options));
}

/**
 * Loads and packs one spec file of a folder for indexing (on a worker or in this thread), with the files it read
 * (`reads`); a failure says why.
 */
export async function packFile(
  root: string,
  relativePath: string,
  pathId: string,
): Promise<(PackedVersion & { reads: string[] }) | IndexFailure['error']> {
  try {
    const { input, reads } = await loadFile(root, relativePath, pathId, { locations: false });
    return Object.assign(packVersion(input), { reads });
  } catch (error) {
    if (isSpecError(error)) return error.toJSON() as IndexFailure['error'];
    return { code: 'internal', message: (error as Error)?.message ?? String(error) };
  }
}
