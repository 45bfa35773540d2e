import { visit } from 'jsonc-parser';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { SpecError } from './errors.js';
import { jsonDepthExceeds, locateJson } from './json-locator.js';
import { overLimit } from './limits.js';
import { splitPointer } from './pointer.js';
import { LineIndex } from './position.js';
import { yamlDepthExceeds } from './yaml-depth.js';

export interface ParseLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

/** One file's text and value, and the way from a pointer in it back to a line and column. */
export interface ParsedFile {
  /** Relative to the spec's root folder, POSIX separators. */
  path: string;
  text: string;
  /** The text's UTF-8 as read from disk, when the file was exactly that: hashed and stored without encoding it again. */
  bytes?: Uint8Array;
  mediaType: 'application/yaml' | 'application/json';
  value: unknown;
  /** Where in `text` each pointer found is written (its key, or the value of the root), in one pass. */
  offsets(pointers: Iterable<string>): Map<string, number>;
  /** Line and column of each pointer found, in one pass. */
  positions(pointers: Iterable<string>): Map<string, { line: number; column: number }>;
}

/** A document over the size limit: refused before it is read (refs.ts) or parsed. */
export function tooLarge(file: string, size: number, maxBytes: number): SpecError {
  return new SpecError('too-large', `The document is ${overLimit(size, maxBytes)}`, {
    file,
    hint: 'split the spec into files joined by $ref, or raise the size limit',
  });
}

/** positions() from offsets(). */
function positionsOf(
  offsets: Map<string, number>,
  lines: LineIndex,
): Map<string, { line: number; column: number }> {
  const out = new Map<string, { line: number; column: number }>();
  for (const [pointer, offset] of offsets) out.set(pointer, lines.position(offset));
  return out;
}

export function parseFile(text: string, path: string, limits: ParseLimits, bytes?: Uint8Array): ParsedFile {
  const size = bytes?.length ?? Buffer.byteLength(text, 'utf8');
  if (size > limits.maxBytes) throw tooLarge(path, size, limits.maxBytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const first = text.trimStart()[0];
  const parsed =
    first === '{' || first === '[' ? parseJson(text, path, limits) : parseYaml(text, path, limits);
  if (bytes) parsed.bytes = bytes;
  return parsed;
}

function parseJson(text: string, path: string, limits: ParseLimits): ParsedFile {
  const lines = new LineIndex(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const reason = message
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '');
    throw new SpecError('syntax', `Invalid JSON: ${reason}`, {
      file: path,
      ...lines.position(at ? Number(at[1]) : firstJsonError(text)),
      hint: 'fix the JSON syntax at that position',
    });
  }
  const deep = jsonDepthExceeds(text, limits.maxDepth);
  if (deep !== undefined) throw tooDeep(path, lines.position(deep), limits.maxDepth);
  return {
    path,
    text,
    mediaType: 'application/json',
    value,
    offsets: (pointers) => locateJson(text, pointers),
    positions: (pointers) => positionsOf(locateJson(text, pointers), lines),
  };
}

/** Where a text that is not JSON goes wrong, for errors V8 gives without a position ("Unexpected token"). */
function firstJsonError(text: string): number {
  let offset = text.length;
  try {
    visit(
      text,
      { onError: (_error, at) => void (offset = Math.min(offset, at)) },
      { disallowComments: true, allowTrailingComma: false },
    );
  } catch {
    // nested too deep for its parser: the end of the text, as before
  }
  return offset;
}

function parseYaml(text: string, path: string, limits: ParseLimits): ParsedFile {
  const lines = new LineIndex(text);
  const deep = yamlDepthExceeds(text, limits.maxDepth);
  if (deep !== undefined) throw tooDeep(path, lines.position(deep), limits.maxDepth);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, merge: true, prettyErrors: false });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    throw new SpecError('syntax', `Invalid YAML: ${problem.message.split('\n')[0]}`, {
      file: path,
      ...(pos ? { line: pos.line, column: pos.col } : lines.position(problem.pos[0])),
      hint: 'fix the YAML syntax at that position',
    });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: limits.maxAliases });
  } catch (error) {
    const message = (error as Error).message;
    if (/alias/i.test(message)) {
      throw new SpecError('alias-limit', 'YAML aliases expand beyond the limit (an alias bomb?)', {
        file: path,
        hint: `write the repeated parts out or use $ref; at most ${limits.maxAliases} alias expansions are allowed`,
      });
    }
    throw new SpecError('syntax', `Invalid YAML: ${message}`, { file: path });
  }
  const offsets = (pointers: Iterable<string>) => {
    const out = new Map<string, number>();
    for (const pointer of pointers) {
      const offset = yamlOffset(doc, pointer);
      if (offset !== undefined) out.set(pointer, offset);
    }
    return out;
  };
  return {
    path,
    text,
    mediaType: 'application/yaml',
    value,
    offsets,
    positions: (pointers) => positionsOf(offsets(pointers), lines),
  };
}

function yamlOffset(doc: Document, pointer: string): number | undefined {
  let node: Node | null | undefined = doc.contents as Node | null;
  let at = node?.range?.[0] ?? 0;
  for (const token of splitPointer(pointer)) {
    if (node && isAlias(node)) node = node.resolve(doc) as Node | undefined;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === token);
      if (!pair) return undefined;
      at = (isScalar(pair.key) ? pair.key.range?.[0] : undefined) ?? at;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const item = node.items[Number(token)] as Node | undefined;
      if (!item) return undefined;
      at = item.range?.[0] ?? at;
      node = item;
    } else return undefined;
  }
  return at;
}

function tooDeep(path: string, pos: { line: number; column: number }, limit: number): SpecError {
  return new SpecError('too-deep', `Document nests deeper than ${limit} levels`, {
    file: path,
    ...pos,
    hint: 'flatten the structure or move nested schemas into components',
  });
}
