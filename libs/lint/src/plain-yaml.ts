import { createRequire } from 'node:module';
import type { Yaml as SpectralYaml } from '@stoplight/spectral-parsers';

// The modules spectral-parsers' `Yaml` parses with: the same YAML parser, and the same ordered-object module (its
// order key is a symbol named after the hour the module was loaded, so it must be this instance).
const fromParsers = createRequire(createRequire(import.meta.url).resolve('@stoplight/spectral-parsers'));
const fromYaml = createRequire(fromParsers.resolve('@stoplight/yaml'));
const { Yaml } = fromParsers('@stoplight/spectral-parsers') as { Yaml: YamlParser };
const { buildJsonPath, lineForPosition } = fromParsers('@stoplight/yaml') as {
  buildJsonPath(node: Node): (string | number)[];
  lineForPosition(position: number, lineMap: number[]): number;
};
const ast = fromYaml('@stoplight/yaml-ast-parser') as AstParser;
const { default: createOrderedObject } = fromYaml('@stoplight/ordered-object-literal') as {
  default: <T extends object>(target: T) => T;
};

type YamlParser = typeof SpectralYaml;
type ParseResult = ReturnType<YamlParser['parse']>;
type Diagnostic = ParseResult['diagnostics'][number];

interface Node {
  kind: number;
  value?: unknown;
  valueObject?: unknown;
  startPosition: number;
  endPosition: number;
  mappings?: { key: Node | null; value: Node | null }[];
  items?: (Node | null)[];
  errors?: unknown[];
}
interface AstParser {
  load(input: string, options: object): Node | undefined;
  Kind: Record<'SCALAR' | 'MAPPING' | 'MAP' | 'SEQ' | 'ANCHOR_REF' | 'INCLUDE_REF', number>;
  ScalarType: Record<'null' | 'bool' | 'int' | 'float' | 'string', number>;
  determineScalarType(node: Node): number;
  parseYamlBoolean(input: unknown): boolean;
  parseYamlBigInteger(input: unknown): number | bigint;
  parseYamlFloat(input: unknown): number;
}

// As spectral-parsers' `parseYaml` gives them to @stoplight/yaml's `parseWithPointers`.
const OPTIONS = {
  ignoreDuplicateKeys: false,
  mergeKeys: true,
  preserveKeyOrder: true,
  attachComments: false,
};
const LOAD_OPTIONS = { ...OPTIONS, ignoreDuplicateKeys: true };
const { Kind, ScalarType } = ast;

/** Thrown by the walk at anything it does not do as @stoplight/yaml does; the spec is then parsed by Spectral's parser. */
class Unusual extends Error {}

/**
 * spectral-parsers' `Yaml` parser (which Spectral's CLI parses JSON and YAML specs with) builds every mapping as an
 * ordered-object Proxy, so that keys keep the order they were written in; every later read of the document (Spectral's
 * JSONPath walk, the `$ref` resolver, each rule) goes through the Proxy. A plain object keeps that order too, except
 * for integer-like keys ("200", "404": JavaScript lists them first, ascending). This parser builds the same data from
 * the same syntax tree, with a plain object for each mapping whose keys a plain object lists in the written order, and
 * the ordered Proxy, built as @stoplight/yaml builds it, for the others. Anything less common (a parser diagnostic,
 * a duplicate or non-string key, a YAML merge key `<<`, an anchor reference, a `__proto__` key) is left to Spectral's
 * parser, so the data, diagnostics, syntax tree and locations are the same as its own.
 */
export const plainYaml: YamlParser = {
  parse(input: string): ParseResult {
    const lineMap = computeLineMap(input);
    const root = ast.load(input, { ...LOAD_OPTIONS });
    if (!root || (root.errors !== undefined && root.errors.length > 0)) return Yaml.parse(input);
    const diagnostics: Diagnostic[] = [];
    let data: unknown;
    try {
      data = walk(root, { lineMap, diagnostics });
    } catch (error) {
      if (error instanceof Unusual) return Yaml.parse(input);
      throw error;
    }
    if (diagnostics.length > 0) diagnostics.sort((a, b) => a.range.start.line - b.range.start.line);
    return {
      ast: root,
      lineMap,
      data,
      diagnostics,
      metadata: { ...OPTIONS },
      comments: {},
    } as unknown as ParseResult;
  },
  getLocationForJsonPath: Yaml.getLocationForJsonPath,
  trapAccess: Yaml.trapAccess,
};

interface Context {
  lineMap: number[];
  diagnostics: Diagnostic[];
}

function walk(node: Node | null | undefined, context: Context): unknown {
  if (!node) return node;
  switch (node.kind) {
    case Kind.MAP:
      return walkMap(node.mappings ?? [], context);
    case Kind.SEQ:
      return (node.items ?? []).map((item) => (item !== null ? walk(item, context) : null));
    case Kind.SCALAR: {
      const value = scalarValue(node);
      return typeof value === 'bigint' ? Number(value) : value;
    }
    case Kind.ANCHOR_REF:
      throw new Unusual();
    default:
      return null;
  }
}

function walkMap(mappings: NonNullable<Node['mappings']>, context: Context): object {
  const map: Record<string, unknown> = {};
  const written: string[] = [];
  // Whether a key starts with a digit: only then may JavaScript list the keys in another order (integers first).
  let digits = false;
  for (const mapping of mappings) {
    const keyNode = mapping.key;
    // A key that is not a scalar is left out, with a diagnostic.
    if (keyNode?.kind !== Kind.SCALAR) throw new Unusual();
    const scalar = scalarValue(keyNode);
    // One that is not a string (YAML's `200:`) is kept as a string, with a diagnostic (JSON mode, as Spectral's).
    if (typeof scalar !== 'string')
      context.diagnostics.push(keyNotString(keyNode, typeof scalar, context.lineMap));
    const key = String(scalar);
    if (key === '<<' || key === '__proto__' || Object.hasOwn(map, key)) throw new Unusual();
    const first = key.charCodeAt(0);
    if (first >= 48 && first <= 57) digits = true;
    map[key] = walk(mapping.value, context);
    written.push(key);
  }
  if (!digits || Object.keys(map).every((key, i) => key === written[i])) return map;
  // As @stoplight/yaml builds it: an ordered object, its keys set in the written order.
  const ordered = createOrderedObject<Record<string, unknown>>({});
  for (const key of written) ordered[key] = map[key];
  return ordered;
}

// As @stoplight/yaml's createYAMLIncompatibilityException for a key in JSON mode.
function keyNotString(node: Node, type: string, lineMap: number[]): Diagnostic {
  const start = lineForPosition(node.startPosition, lineMap);
  const end = lineForPosition(node.endPosition, lineMap);
  return {
    code: 'YAMLIncompatibleValue',
    message: `mapping key must be a string scalar rather than ${node.valueObject === null ? 'null' : type}`,
    severity: 1, // DiagnosticSeverity.Warning
    path: buildJsonPath(node),
    range: {
      start: {
        line: start,
        character: start === 0 ? node.startPosition : node.startPosition - (lineMap[start - 1] as number),
      },
      end: {
        line: end,
        character: end === 0 ? node.endPosition : node.endPosition - (lineMap[end - 1] as number),
      },
    },
  };
}

// As @stoplight/yaml's getScalarValue.
function scalarValue(node: Node): unknown {
  switch (ast.determineScalarType(node)) {
    case ScalarType.null:
      return null;
    case ScalarType.string:
      return String(node.value);
    case ScalarType.bool:
      return ast.parseYamlBoolean(node.value);
    case ScalarType.int:
      return ast.parseYamlBigInteger(node.value);
    case ScalarType.float:
      return ast.parseYamlFloat(node.value);
    default:
      return undefined;
  }
}

// As @stoplight/yaml's computeLineMap.
function computeLineMap(input: string): number[] {
  const lineMap: number[] = [];
  let i = 0;
  for (; i < input.length; i++) if (input.charCodeAt(i) === 10) lineMap.push(i + 1);
  lineMap.push(i + 1);
  return lineMap;
}
