// The consumer side of a comparison: a pact file (Pact specification V2, V3 or V4) reduced to its HTTP interactions.
// Parsing is permissive where the Pact clients differ (header and query shapes, V4 bodies) and strict where a
// comparison would be meaningless (no method, no path, no status).
import { LineCounter, parseDocument } from 'yaml';
import { jsonErrorOffset } from './json-position.js';

export interface PactRequest {
  method: string;
  path: string;
  /** As written (V2: `a=1&b=2`) or flattened to one string per name (V3/V4 arrays joined with `,`). */
  query?: string | Record<string, string>;
  /** Header values flattened to one string per name (V4 arrays joined with `,`). */
  headers?: Record<string, string>;
  /** The body as a value; V4 `{ content, contentType, encoded }` is decoded. `undefined` when absent. */
  body?: unknown;
}

export interface PactResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface PactInteraction {
  /** Position in the pact's `interactions` array. */
  index: number;
  description: string;
  providerState?: string;
  request: PactRequest;
  response: PactResponse;
}

export interface Pact {
  consumer?: string;
  provider?: string;
  /** `metadata.pactSpecification.version` (or its older spellings); `undefined` when not stated. */
  specification?: string;
  /** The HTTP interactions. Message interactions (V3/V4) are not compared against OpenAPI and are skipped. */
  interactions: PactInteraction[];
  /** Indexes of interactions that were skipped (messages, unknown types). */
  skipped: number[];
}

export interface PactErrorDetails {
  file?: string;
  line?: number;
  column?: number;
  /** JSON pointer of the offending node. */
  pointer?: string;
  hint?: string;
}

/** A pact that cannot be read: what was wrong, where, and what to do. */
export class PactError extends Error {
  override readonly name = 'PactError';
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly pointer?: string;
  readonly hint?: string;

  constructor(message: string, details: PactErrorDetails = {}) {
    super(message);
    for (const [k, v] of Object.entries(details)) if (v !== undefined) Object.assign(this, { [k]: v });
  }

  /** `file:line:column: message (hint)`. */
  format(): string {
    let where = this.file ?? '';
    if (this.line !== undefined) where += `:${this.line}:${this.column ?? 1}`;
    else if (this.pointer !== undefined) where += `#${this.pointer}`;
    return `${where ? `${where}: ` : ''}${this.message}${this.hint ? ` (${this.hint})` : ''}`;
  }
}

export function isPactError(error: unknown): error is PactError {
  return error instanceof PactError;
}

/** Parses pact JSON text; errors carry the file, line and column. */
export function parsePactText(text: string, options: { filename?: string } = {}): Pact {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    const at = offset !== undefined ? lineColumn(text, offset) : {};
    throw new PactError(`The pact is not valid JSON: ${(error as Error).message}`, {
      file: options.filename,
      ...at,
      hint: 'a pact file is the JSON a Pact consumer test writes',
    });
  }
  try {
    return parsePact(value);
  } catch (error) {
    if (!(error instanceof PactError) || error.pointer === undefined) throw error;
    throw new PactError(error.message, {
      file: options.filename,
      pointer: error.pointer,
      hint: error.hint,
      ...locate(text, error.pointer),
    });
  }
}

/** Reads a parsed pact document. */
export function parsePact(value: unknown): Pact {
  if (!isObj(value))
    throw shape('The pact is not a JSON object', '', 'a pact has `consumer`, `provider`, `interactions`');
  const metadata = isObj(value.metadata) ? value.metadata : {};
  const spec =
    (isObj(metadata.pactSpecification) ? metadata.pactSpecification.version : undefined) ??
    metadata.pactSpecificationVersion ??
    (isObj(metadata['pact-specification']) ? metadata['pact-specification'].version : undefined);
  const specification = typeof spec === 'string' ? spec : undefined;
  const v4 = specification !== undefined && Number.parseInt(specification, 10) >= 4;
  const raw = value.interactions ?? [];
  if (!Array.isArray(raw))
    throw shape('`interactions` is not an array', '/interactions', 'list the interactions in an array');
  const interactions: PactInteraction[] = [];
  const skipped: number[] = [];
  raw.forEach((item, index) => {
    const at = `/interactions/${index}`;
    if (!isObj(item)) throw shape(`Interaction ${index} is not an object`, at);
    const type = item.type;
    if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'synchronous/http')) {
      skipped.push(index);
      return;
    }
    interactions.push(interaction(item, index, at, v4));
  });
  return {
    consumer: name(value.consumer),
    provider: name(value.provider),
    specification,
    interactions,
    skipped,
  };
}

function interaction(item: Record<string, unknown>, index: number, at: string, v4: boolean): PactInteraction {
  const request = item.request;
  const response = item.response;
  if (!isObj(request)) throw shape(`Interaction ${index} has no \`request\` object`, `${at}/request`);
  if (!isObj(response)) throw shape(`Interaction ${index} has no \`response\` object`, `${at}/response`);
  if (typeof request.method !== 'string' || request.method === '')
    throw shape(`Interaction ${index}: \`request.method\` must be a string`, `${at}/request/method`);
  if (typeof request.path !== 'string')
    throw shape(`Interaction ${index}: \`request.path\` must be a string`, `${at}/request/path`);
  if (typeof response.status !== 'number' || !Number.isInteger(response.status))
    throw shape(`Interaction ${index}: \`response.status\` must be an integer`, `${at}/response/status`);
  const description = item.description;
  if (description !== undefined && typeof description !== 'string')
    throw shape(`Interaction ${index}: \`description\` must be a string`, `${at}/description`);
  return {
    index,
    description: description ?? '',
    providerState: providerState(item),
    request: {
      method: request.method,
      path: request.path,
      query: values(request.query, `${at}/request/query`, true),
      headers: values(request.headers, `${at}/request/headers`, false) as Record<string, string> | undefined,
      body: body(request, v4),
    },
    response: {
      status: response.status,
      headers: values(response.headers, `${at}/response/headers`, false) as
        Record<string, string> | undefined,
      body: body(response, v4),
    },
  };
}

function providerState(item: Record<string, unknown>): string | undefined {
  if (typeof item.providerState === 'string') return item.providerState;
  const states = item.providerStates;
  if (Array.isArray(states)) {
    const names = states
      .map((s) => (isObj(s) && typeof s.name === 'string' ? s.name : undefined))
      .filter(Boolean);
    if (names.length) return names.join(', ');
  }
  return undefined;
}

function values(
  raw: unknown,
  pointer: string,
  allowString: boolean,
): string | Record<string, string> | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string' && allowString) return raw;
  if (!isObj(raw)) throw shape(`\`${pointer.split('/').pop()}\` must be an object of strings`, pointer);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') out[key] = clean(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      out[key] = value.map(clean).join(',');
    else throw shape(`\`${key}\` must be a string or an array of strings`, `${pointer}/${escape(key)}`);
  }
  return out;
}

// Header and query values cannot hold line breaks or NUL; pact writers sometimes leave them in.
const clean = (s: string): string => s.replace(/[\r\n\0]/g, '');

function body(part: Record<string, unknown>, v4: boolean): unknown {
  if (!('body' in part)) return undefined;
  const raw = part.body;
  if (!v4) return raw;
  // V4: { content, contentType, encoded }, `encoded` being false, "JSON" or a Buffer encoding (base64).
  if (!isObj(raw)) return raw ?? undefined;
  const content = raw.content ?? '';
  const encoded = raw.encoded;
  if (!encoded || typeof content !== 'string') return content;
  if (typeof encoded === 'string' && encoded.toUpperCase() === 'JSON') {
    try {
      return JSON.parse(content);
    } catch {
      return content;
    }
  }
  if (typeof encoded === 'string' && Buffer.isEncoding(encoded))
    return Buffer.from(content, encoded).toString();
  return content;
}

function name(party: unknown): string | undefined {
  return isObj(party) && typeof party.name === 'string' ? party.name : undefined;
}

function shape(message: string, pointer: string, hint?: string): PactError {
  return new PactError(message, {
    pointer,
    hint: hint ?? 'see the Pact specification for the interaction format',
  });
}

function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** Where the node at a pointer was written (the nearest existing ancestor when the node itself is missing). */
function locate(text: string, pointer: string): { line?: number; column?: number } {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: false });
  const tokens =
    pointer === ''
      ? []
      : pointer
          .slice(1)
          .split('/')
          .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = tokens.length; n >= 0; n--) {
    const path = tokens.slice(0, n).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
    const node = (n === 0 ? doc.contents : doc.getIn(path, true)) as
      { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const pos = counter.linePos(node.range[0]);
      return { line: pos.line, column: pos.col };
    }
  }
  return {};
}
