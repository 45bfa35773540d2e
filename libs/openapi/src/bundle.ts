import { getAt, joinPointer, splitPointer } from './pointer.js';
import type { ParsedFile } from './parse.js';
import { refError, type FileSet, type RefSite } from './refs.js';

/** Where a subtree of the bundled document was written: bundled pointer prefix → file and pointer in it. */
export interface Origin {
  prefix: string;
  file: string;
  pointer: string;
}

export interface Bundle {
  document: Record<string, unknown>;
  origins: Origin[];
}

type Section =
  | 'schemas'
  | 'parameters'
  | 'responses'
  | 'requestBodies'
  | 'headers'
  | 'examples'
  | 'links'
  | 'callbacks'
  | 'securitySchemes';

/**
 * Makes one self-contained document out of a spec's files: every target of an external `$ref` is placed once
 * under `components` (`definitions`, … for Swagger 2.0) and referred to locally. Cycles keep their `$ref`.
 * Mutates the parsed values in place: they were parsed for this load alone.
 */
export function bundle(files: FileSet, maxRefHops: number): Bundle {
  const root = files.root;
  const document = root.value as Record<string, unknown>;
  const swagger2 = typeof document.swagger === 'string';
  const origins: Origin[] = [{ prefix: '', file: root.path, pointer: '' }];
  const placed = new Map<string, string>(); // file#pointer → local ref
  const visited = new WeakSet<object>();

  const sectionOf = (
    section: Section,
  ): { path: string[]; container: Record<string, unknown> } | undefined => {
    const path = swagger2
      ? (
          { schemas: ['definitions'], parameters: ['parameters'], responses: ['responses'] } as Record<
            string,
            string[]
          >
        )[section]
      : ['components', section];
    if (!path) return undefined;
    let node = document;
    for (const key of path) {
      if (node[key] === null || typeof node[key] !== 'object') node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    return { path, container: node };
  };

  const place = (site: RefSite, section: Section, hops: number): string | undefined => {
    const { file, path, fragment } = files.target(site);
    if (!file)
      throw refError(site, 'ref-not-found', `$ref target file ${path} was not loaded`, 'check the reference');
    const key = `${file.path}#${fragment}`;
    const done = placed.get(key);
    if (done) return done;
    const target = getAt(file.value, fragment);
    if (target === undefined) {
      throw refError(
        site,
        'ref-not-found',
        `$ref target ${site.ref} does not exist`,
        `check that ${file.path} has ${fragment || 'that pointer'}`,
      );
    }
    // A target that is itself a bare $ref: follow the chain, bounded.
    if (isRef(target)) {
      if (hops >= maxRefHops) {
        throw refError(
          site,
          'ref-limit',
          `$ref chain longer than ${maxRefHops} hops`,
          'shorten the chain of references (or break a reference loop)',
        );
      }
      const next: RefSite = { file, pointer: fragment, ref: target.$ref };
      const { filePart } = splitRefLocal(target.$ref);
      if (filePart === '' && file === root) return `#${fragment}`;
      const local = place(next, section, hops + 1);
      if (local) placed.set(key, local);
      return local;
    }
    const where = sectionOf(section);
    if (!where) return undefined; // no such section (Swagger 2.0 headers, examples): inline
    const name = uniqueName(where.container, nameFor(fragment, file.path));
    const pointer = joinPointer('', ...where.path, name);
    const local = `#${pointer}`;
    placed.set(key, local);
    where.container[name] = target;
    origins.push({ prefix: pointer, file: file.path, pointer: fragment });
    walk(target, file, splitPointer(pointer), splitPointer(fragment));
    return local;
  };

  // Pointers are kept as token stacks and joined only where a `$ref` is found: most nodes hold none.
  const shared = files.files.size > 1 || root.mediaType === 'application/yaml';
  const checkedLocal = new Set<string>();
  const entries = new Set<object>(); // component entries, walked first
  const walk = (node: unknown, file: ParsedFile, bundled: string[], inFile: string[]): void => {
    if (node === null || typeof node !== 'object') return;
    if (shared) {
      if (visited.has(node)) return;
      visited.add(node);
    } else if (bundled.length <= 3 && entries.has(node)) return;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const child: unknown = node[i];
        if (child === null || typeof child !== 'object') continue;
        bundled.push(String(i));
        inFile.push(String(i));
        walk(child, file, bundled, inFile);
        bundled.pop();
        inFile.pop();
      }
      return;
    }
    const obj = node as Record<string, unknown>;
    const ref = obj.$ref;
    if (typeof ref === 'string' && file === root && ref.startsWith('#')) {
      if (!checkedLocal.has(ref)) {
        const site: RefSite = { file, pointer: joinPointer('', ...inFile), ref };
        if (getAt(document, files.target(site).fragment) === undefined) {
          throw refError(
            site,
            'ref-not-found',
            `$ref target ${ref} does not exist`,
            'check the spelling of the pointer, or add the target',
          );
        }
        checkedLocal.add(ref);
      }
    } else if (typeof ref === 'string') {
      const site: RefSite = { file, pointer: joinPointer('', ...inFile), ref };
      const at = joinPointer('', ...bundled);
      if (file === root && isComponentEntry(bundled, swagger2)) {
        // `components/schemas/Customer: {$ref: schemas/customer.yaml}`: the entry becomes the target itself.
        const { file: target, fragment } = files.target(site);
        const key = `${target?.path}#${fragment}`;
        const done = placed.get(key);
        if (done) obj.$ref = done;
        else {
          placed.set(key, `#${at}`);
          inline(obj, site, bundled);
        }
        return;
      }
      const section = guessSection(bundled);
      if (section === 'inline') {
        inline(obj, site, bundled);
      } else {
        const local = place(site, section, 0);
        if (local) obj.$ref = local;
        else inline(obj, site, bundled);
      }
      return;
    }
    for (const key in obj) {
      const child = obj[key];
      if (child === null || typeof child !== 'object') continue;
      bundled.push(key);
      inFile.push(key);
      walk(child, file, bundled, inFile);
      bundled.pop();
      inFile.pop();
    }
  };

  // Path items and sections Swagger 2.0 lacks are copied in place rather than moved to components.
  const inline = (obj: Record<string, unknown>, site: RefSite, bundled: string[]): void => {
    const { file, path, fragment } = files.target(site);
    const target = file ? getAt(file.value, fragment) : undefined;
    if (!file || target === undefined || target === null || typeof target !== 'object') {
      throw refError(
        site,
        'ref-not-found',
        `$ref target ${site.ref} does not exist`,
        `check that ${path} has ${fragment || 'that pointer'}`,
      );
    }
    delete obj.$ref;
    Object.assign(obj, target);
    origins.push({ prefix: joinPointer('', ...bundled), file: file.path, pointer: fragment });
    visited.delete(obj);
    walk(obj, file, [...bundled], splitPointer(fragment));
  };

  // Component entries first, so a target named by an entry keeps that entry's name.
  const components = swagger2 ? document : (document.components as Record<string, unknown> | undefined);
  if (components && typeof components === 'object') {
    for (const section of swagger2 ? ['definitions', 'parameters', 'responses'] : Object.keys(components)) {
      const list = components[section];
      if (list && typeof list === 'object') {
        const base = swagger2 ? [section] : ['components', section];
        for (const name of Object.keys(list)) {
          const entry = (list as Record<string, unknown>)[name];
          walk(entry, root, [...base, name], [...base, name]);
          if (entry !== null && typeof entry === 'object') entries.add(entry);
        }
      }
    }
  }
  walk(document, root, [], []);
  origins.sort((a, b) => b.prefix.length - a.prefix.length);
  return { document, origins };
}

function isComponentEntry(t: string[], swagger2: boolean): boolean {
  return swagger2
    ? t.length === 2 && (t[0] === 'definitions' || t[0] === 'parameters' || t[0] === 'responses')
    : t.length === 3 && t[0] === 'components';
}

function isRef(value: unknown): value is { $ref: string } {
  return (
    value !== null && typeof value === 'object' && typeof (value as { $ref?: unknown }).$ref === 'string'
  );
}

function splitRefLocal(ref: string): { filePart: string } {
  const hash = ref.indexOf('#');
  return { filePart: hash === -1 ? ref : ref.slice(0, hash) };
}

/** Which components section a `$ref` at this bundled pointer belongs in. */
function guessSection(t: string[]): Section | 'inline' {
  const last = t[t.length - 1];
  const parent = t[t.length - 2];
  const grand = t[t.length - 3];
  if (t.length === 2 && t[0] === 'paths') return 'inline';
  if (parent === 'properties' || grand === 'properties') return 'schemas';
  if (parent === 'parameters' || (t[0] === 'components' && t[1] === 'parameters' && t.length === 3))
    return 'parameters';
  if (last === 'requestBody' || (t[1] === 'requestBodies' && t.length === 3)) return 'requestBodies';
  if (parent === 'responses') return 'responses';
  if (parent === 'headers') return 'headers';
  if (parent === 'examples') return 'examples';
  if (parent === 'links') return 'links';
  if (parent === 'callbacks') return 'callbacks';
  if (parent === 'securitySchemes') return 'securitySchemes';
  return 'schemas';
}

function nameFor(fragment: string, filePath: string): string {
  const tokens = splitPointer(fragment);
  const last = tokens[tokens.length - 1];
  const base =
    last && !/^\d+$/.test(last)
      ? last
      : (filePath.split('/').pop() ?? 'Schema').replace(/(\.openapi)?\.(ya?ml|json)$/i, '');
  return base.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
}

function uniqueName(container: Record<string, unknown>, wanted: string): string {
  if (!(wanted in container)) return wanted;
  for (let i = 2; ; i++) if (!(`${wanted}${i}` in container)) return `${wanted}${i}`;
}
