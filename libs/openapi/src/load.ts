import { basename } from 'node:path';
import { bundle, type Origin } from './bundle.js';
import { SpecError } from './errors.js';
import { resolveLoadOptions, type ResolvedLoadOptions } from './limits.js';
import { normalise } from './normalise.js';
import { FileSet } from './refs.js';
import { convertSwagger2, type Remap } from './swagger2.js';
import type { LoadedSpec, LoadOptions, SourceLocation, SpecFormat } from './types.js';

/** Loads a spec from disk: its root file and every file its `$ref`s reach inside the root's folder. */
export async function loadSpec(rootFile: string, options?: LoadOptions): Promise<LoadedSpec> {
  const resolved = resolveLoadOptions(options);
  return build(await FileSet.fromDisk(rootFile, resolved), resolved);
}

/** Loads one document given as text (a publish over HTTP). References to other files are refused. */
export async function loadSpecText(
  text: string,
  options?: LoadOptions & { filename?: string },
): Promise<LoadedSpec> {
  const resolved = resolveLoadOptions(options);
  const files = await FileSet.fromText(text, options?.filename ?? 'openapi', resolved);
  return build(files, resolved);
}

function build(
  files: FileSet,
  { maxRefHops, apiId, locations: withLocations }: ResolvedLoadOptions,
): LoadedSpec {
  const root = files.root;
  const { format, specVersion } = detect(root.value, root.path);
  const { document: bundled, origins } = bundle(files, maxRefHops);
  let document = bundled;
  let remaps: Remap[] = [];
  if (format === 'swagger-2.0') ({ document, remaps } = convertSwagger2(bundled));

  const source = (pointer: string): { file: string; pointer: string } => {
    const original = rewrite(pointer, remaps);
    const origin = origins.find((o) => isPrefix(o.prefix, original)) as Origin;
    return { file: origin.file, pointer: origin.pointer + original.slice(origin.prefix.length) };
  };

  const info = document.info as Record<string, unknown> | undefined;
  let normalised: ReturnType<typeof normalise>;
  try {
    normalised = normalise({
      document,
      format,
      specVersion,
      apiId: apiId ?? deriveId(root.value as Record<string, unknown>, root.path),
      maxRefHops,
      ...(typeof info?.version === 'number'
        ? { writtenVersion: writtenNumber('/info/version', info.version, source, files) }
        : {}),
    });
  } catch (error) {
    throw error instanceof SpecError && error.pointer !== undefined && error.file === undefined
      ? withLocation(error, source, files)
      : error;
  }
  const { api, locations } = normalised;
  if (withLocations) fill(locations, source, files);

  return {
    api,
    document,
    files: [...files.files.values()].map(({ path, text, bytes, mediaType }) => ({
      path,
      text,
      ...(bytes ? { bytes } : {}),
      mediaType,
    })),
    locate(pointer) {
      const loc: SourceLocation = { file: '', line: 0, column: 0, pointer };
      fill([loc], source, files);
      return loc.line ? loc : undefined;
    },
    locateAll(pointers) {
      const locs = pointers.map((pointer): SourceLocation => ({ file: '', line: 0, column: 0, pointer }));
      fill(locs, source, files);
      return locs.map((loc) => (loc.line ? loc : undefined));
    },
  };
}

function withLocation(
  error: SpecError,
  source: (p: string) => { file: string; pointer: string },
  files: FileSet,
): SpecError {
  const loc: SourceLocation = { file: '', line: 0, column: 0, pointer: error.pointer as string };
  fill([loc], source, files);
  return new SpecError(error.code, error.message, { ...loc, ...(error.hint ? { hint: error.hint } : {}) });
}

/** Resolves bundled pointers to file, line and column: one pass per file, whatever the number of locations. */
function fill(
  locations: SourceLocation[],
  source: (p: string) => { file: string; pointer: string },
  files: FileSet,
): void {
  const byFile = new Map<string, { loc: SourceLocation; pointer: string }[]>();
  for (const loc of locations) {
    const s = source(loc.pointer);
    let list = byFile.get(s.file);
    if (!list) byFile.set(s.file, (list = []));
    list.push({ loc, pointer: s.pointer });
  }
  for (const [path, list] of byFile) {
    const file = files.files.get(path);
    if (!file) continue;
    const positions = file.positions(list.map((x) => x.pointer));
    for (const { loc, pointer } of list) {
      const pos = positions.get(pointer) ?? nearest(positions, pointer, file);
      loc.file = path;
      loc.pointer = pointer;
      loc.line = pos.line;
      loc.column = pos.column;
    }
  }
}

function nearest(
  found: Map<string, { line: number; column: number }>,
  pointer: string,
  file: { positions(p: string[]): Map<string, { line: number; column: number }> },
): { line: number; column: number } {
  let p = pointer;
  while (p) {
    p = p.slice(0, p.lastIndexOf('/'));
    const hit = found.get(p) ?? file.positions([p]).get(p);
    if (hit) return hit;
  }
  return { line: 1, column: 1 };
}

/**
 * A number as written in its file (`1.10`), read after its key on the key's line; undefined when it is not written
 * there as a plain scalar that reads back as the same number.
 */
function writtenNumber(
  pointer: string,
  value: number,
  source: (p: string) => { file: string; pointer: string },
  files: FileSet,
): string | undefined {
  const at = source(pointer);
  const file = files.files.get(at.file);
  const from = file?.offsets([at.pointer]).get(at.pointer);
  if (!file || from === undefined) return undefined;
  const written = /^["']?[^"':\s]+["']?[ \t]*:[ \t]*([^\s,#}\]]+)/.exec(
    file.text.slice(from, from + 200),
  )?.[1];
  return written !== undefined && Number(written) === value ? written : undefined;
}

function rewrite(pointer: string, remaps: Remap[]): string {
  for (const r of remaps) if (isPrefix(r.from, pointer)) return r.to + pointer.slice(r.from.length);
  return pointer;
}

function isPrefix(prefix: string, pointer: string): boolean {
  return prefix === '' || pointer === prefix || pointer.startsWith(`${prefix}/`);
}

function detect(value: unknown, file: string): { format: SpecFormat; specVersion: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SpecError('not-openapi', 'The document is not an object, so it is not an OpenAPI description', {
      file,
      hint: 'a spec starts with `openapi: 3.x` or `swagger: "2.0"`',
    });
  }
  const doc = value as Record<string, unknown>;
  const version = doc.openapi ?? doc.swagger;
  if (version === undefined) {
    throw new SpecError('not-openapi', 'The document has neither an `openapi` nor a `swagger` field', {
      file,
      hint: 'a spec starts with `openapi: 3.x` or `swagger: "2.0"`',
    });
  }
  const text = String(version);
  if (doc.swagger !== undefined && text === '2.0') return { format: 'swagger-2.0', specVersion: text };
  if (doc.openapi !== undefined && /^3\.0(\.\d+)?$/.test(text))
    return { format: 'openapi-3.0', specVersion: text };
  if (doc.openapi !== undefined && /^3\.1(\.\d+)?$/.test(text))
    return { format: 'openapi-3.1', specVersion: text };
  throw new SpecError('unsupported-version', `OpenAPI version ${text} is not supported`, {
    file,
    pointer: doc.openapi !== undefined ? '/openapi' : '/swagger',
    hint: 'Interlock reads Swagger 2.0, OpenAPI 3.0 and 3.1',
  });
}

/** `x-api-id`, else the file name (`shop.openapi.yaml` → `shop`; `crm/openapi.yaml` → `crm`), else the title. */
export function deriveId(doc: Record<string, unknown>, path: string): string {
  const info = (doc.info ?? {}) as Record<string, unknown>;
  const explicit = doc['x-api-id'] ?? info['x-api-id'];
  if (typeof explicit === 'string' && slug(explicit)) return slug(explicit);
  const name = basename(path)
    .replace(/\.(ya?ml|json)$/i, '')
    .replace(/\.(openapi|swagger|oas)$/i, '');
  if (name && !/^(openapi|swagger|oas|api|spec)$/i.test(name)) return slug(name);
  const title = typeof info.title === 'string' ? slug(info.title) : '';
  return title || 'api';
}

export function slug(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100);
}
