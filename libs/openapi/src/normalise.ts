import { kindOf, SpecError } from './errors.js';
import { apiTitle, apiVersion } from './info.js';
import { getAt, joinPointer } from './pointer.js';
import type {
  Api,
  Header,
  HttpMethod,
  JsonSchema,
  Lifecycle,
  MediaType,
  Operation,
  Owner,
  Parameter,
  RequestBody,
  Response,
  SchemaSummary,
  SecurityRequirement,
  SecurityScheme,
  Server,
  SourceLocation,
  SpecFormat,
  Tag,
} from './types.js';

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const LIFECYCLES: Record<string, Lifecycle> = {
  experimental: 'experimental',
  alpha: 'experimental',
  preview: 'beta',
  beta: 'beta',
  stable: 'stable',
  ga: 'stable',
  production: 'stable',
  deprecated: 'deprecated',
  retired: 'retired',
  sunset: 'retired',
  decommissioned: 'retired',
};

export interface NormaliseInput {
  document: Obj;
  format: SpecFormat;
  specVersion: string;
  apiId: string;
  maxRefHops: number;
  /** `info.version` as written in the source, when it was a number (`1.10`, which YAML and JSON read as 1.1). */
  writtenVersion?: string;
}

/**
 * Builds the model from a bundled OpenAPI 3.x document. Locations are placeholders holding the bundled pointer;
 * the caller fills file, line and column for all of them in one pass per file (see `pendingLocations`).
 */
export function normalise(input: NormaliseInput): { api: Api; locations: SourceLocation[] } {
  const { document: doc, maxRefHops } = input;
  const locations: SourceLocation[] = [];
  const at = (pointer: string): SourceLocation => {
    const loc = { file: '', line: 0, column: 0, pointer };
    locations.push(loc);
    return loc;
  };
  const deref = (value: unknown, pointer: string): { value: unknown; pointer: string } => {
    let hops = 0;
    while (isObj(value) && typeof value.$ref === 'string') {
      const ref = value.$ref;
      if (!ref.startsWith('#')) return { value, pointer };
      if (++hops > maxRefHops) {
        throw new SpecError('ref-limit', `$ref chain longer than ${maxRefHops} hops`, {
          pointer,
          hint: 'shorten the chain of references (or break a reference loop)',
        });
      }
      const target = decodePointer(ref.slice(1));
      const next = getAt(doc, target);
      if (next === undefined) {
        throw new SpecError('ref-not-found', `$ref target ${ref} does not exist`, {
          pointer: `${pointer}/$ref`,
          hint: 'check the reference',
        });
      }
      value = next;
      pointer = target;
    }
    return { value, pointer };
  };

  const version = apiVersion(doc, input.writtenVersion);
  const info = isObj(doc.info) ? doc.info : {};
  const securitySchemes: SecurityScheme[] = [];
  const components = isObj(doc.components) ? doc.components : {};
  for (const [name, raw] of entries(components.securitySchemes)) {
    const { value, pointer } = deref(raw, joinPointer('/components/securitySchemes', name));
    if (!isObj(value)) continue;
    securitySchemes.push(
      clean({
        name,
        type: str(value.type) ?? 'unknown',
        in: str(value.in),
        scheme: str(value.scheme),
        location: at(pointer),
      }),
    );
  }

  const globalSecurity = security(doc.security) ?? [];
  const operations: Operation[] = [];
  const usedTags = new Set<string>();
  for (const [path, rawItem] of entries(doc.paths)) {
    const { value: item, pointer: itemPointer } = deref(rawItem, joinPointer('/paths', path));
    if (!isObj(item)) continue;
    const shared = parameters(item.parameters, joinPointer(itemPointer, 'parameters'));
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const opPointer = joinPointer(itemPointer, method);
      const own = parameters(op.parameters, joinPointer(opPointer, 'parameters'));
      const merged = new Map<string, Parameter>();
      for (const p of [...shared, ...own])
        merged.set(`${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`, p);
      const tags = strs(op.tags);
      for (const t of tags) usedTags.add(t);
      const upper = method.toUpperCase() as HttpMethod;
      operations.push(
        clean({
          key: `${upper} ${path}`,
          method: upper,
          path,
          operationId: str(op.operationId),
          summary: str(op.summary),
          description: str(op.description),
          tags,
          deprecated: op.deprecated === true,
          sunset: str(op['x-sunset']),
          parameters: [...merged.values()],
          requestBody: requestBody(op.requestBody, joinPointer(opPointer, 'requestBody')),
          responses: responses(op.responses, joinPointer(opPointer, 'responses')),
          security: security(op.security) ?? globalSecurity,
          extensions: extensions(op),
          location: at(opPointer),
        }),
      );
    }
  }

  const schemas: SchemaSummary[] = [];
  for (const [name, raw] of entries(components.schemas)) {
    const pointer = joinPointer('/components/schemas', name);
    const value = deref(raw, pointer).value;
    if (!isObj(value)) continue;
    schemas.push(
      clean({
        name,
        title: str(value.title),
        description: str(value.description),
        type: typeName(value.type),
        properties: propertyNames(value, deref, pointer),
        location: at(pointer),
      }),
    );
  }

  const tags: Tag[] = [];
  for (const t of Array.isArray(doc.tags) ? doc.tags : []) {
    if (isObj(t) && typeof t.name === 'string')
      tags.push(clean({ name: t.name, description: str(t.description) }));
  }
  for (const t of usedTags) if (!tags.some((x) => x.name === t)) tags.push({ name: t });

  const api: Api = clean({
    id: input.apiId,
    title: apiTitle(doc, input.apiId),
    version,
    description: str(info.description),
    format: input.format,
    specVersion: input.specVersion,
    servers: servers(doc.servers),
    tags,
    owner: owner(doc, info),
    lifecycle: lifecycle(doc, info),
    serviceName: str(doc['x-service-name']) ?? str(info['x-service-name']),
    operations,
    schemas,
    securitySchemes,
    extensions: { ...extensions(info), ...extensions(doc) },
    location: at(''),
  });
  return { api, locations };

  function parameters(raw: unknown, base: string): Parameter[] {
    // Dropping them silently would hide required parameters from diffs and type generation; null reads as none.
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
      throw new SpecError('invalid', `\`parameters\` is ${kindOf(raw)}, not an array`, {
        pointer: base,
        hint: 'list them, such as `parameters: [{ name: limit, in: query }]`, or remove the field',
      });
    }
    const out: Parameter[] = [];
    (raw ?? []).forEach((r, i) => {
      const { value, pointer } = deref(r, `${base}/${i}`);
      if (!isObj(value) || typeof value.name !== 'string') return;
      const where = value.in;
      if (where !== 'path' && where !== 'query' && where !== 'header' && where !== 'cookie') return;
      out.push(
        clean({
          name: value.name,
          in: where,
          required: where === 'path' || value.required === true,
          deprecated: value.deprecated === true,
          description: str(value.description),
          style: str(value.style),
          explode: typeof value.explode === 'boolean' ? value.explode : undefined,
          schema: schemaOf(value.schema ?? firstSchema(value.content)),
          location: at(pointer),
        }),
      );
    });
    return out;
  }

  function requestBody(raw: unknown, base: string): RequestBody | undefined {
    if (raw === undefined) return undefined;
    const { value, pointer } = deref(raw, base);
    if (!isObj(value)) return undefined;
    return clean({
      required: value.required === true,
      description: str(value.description),
      content: content(value.content, joinPointer(pointer, 'content')),
      location: at(pointer),
    });
  }

  function responses(raw: unknown, base: string): Response[] {
    const out: Response[] = [];
    for (const [status, r] of entries(raw)) {
      const { value, pointer } = deref(r, joinPointer(base, status));
      if (!isObj(value)) continue;
      const headers: Header[] = [];
      for (const [name, h] of entries(value.headers)) {
        const hd = deref(h, joinPointer(pointer, 'headers', name));
        if (!isObj(hd.value)) continue;
        headers.push(
          clean({
            name,
            required: hd.value.required === true,
            deprecated: hd.value.deprecated === true,
            description: str(hd.value.description),
            schema: schemaOf(hd.value.schema),
            location: at(hd.pointer),
          }),
        );
      }
      out.push(
        clean({
          status,
          description: str(value.description),
          content: content(value.content, joinPointer(pointer, 'content')),
          headers,
          location: at(pointer),
        }),
      );
    }
    return out;
  }

  function content(raw: unknown, base: string): MediaType[] {
    const out: MediaType[] = [];
    for (const [mediaType, m] of entries(raw)) {
      const pointer = joinPointer(base, mediaType);
      if (!isObj(m)) continue;
      const examples: unknown[] = [];
      if ('example' in m) examples.push(m.example);
      for (const [name, ex] of entries(m.examples)) {
        const e = deref(ex, joinPointer(pointer, 'examples', name)).value;
        if (isObj(e) && 'value' in e) examples.push(e.value);
      }
      out.push(clean({ mediaType, schema: schemaOf(m.schema), examples, location: at(pointer) }));
    }
    return out;
  }
}

function propertyNames(
  schema: Obj,
  deref: (v: unknown, p: string) => { value: unknown },
  pointer: string,
): string[] {
  const names = new Set<string>();
  const visit = (s: unknown, depth: number): void => {
    const v = deref(s, pointer).value;
    if (!isObj(v) || depth > 4) return;
    for (const k of Object.keys(isObj(v.properties) ? v.properties : {})) names.add(k);
    for (const part of Array.isArray(v.allOf) ? v.allOf : []) visit(part, depth + 1);
  };
  visit(schema, 0);
  return [...names];
}

function security(raw: unknown): SecurityRequirement[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  return raw
    .filter(isObj)
    .map((req) => Object.entries(req).map(([scheme, scopes]) => ({ scheme, scopes: strs(scopes) })));
}

function servers(raw: unknown): Server[] {
  const out: Server[] = [];
  for (const s of Array.isArray(raw) ? raw : []) {
    if (!isObj(s) || typeof s.url !== 'string') continue;
    let url = s.url;
    for (const [name, v] of entries(s.variables)) {
      if (isObj(v) && v.default !== undefined) url = url.split(`{${name}}`).join(String(v.default));
    }
    let basePath = '';
    try {
      basePath = new URL(url, 'http://localhost').pathname;
    } catch {
      basePath = url.startsWith('/') ? url : '';
    }
    basePath = decodeURI(basePath).replace(/\/+$/, '');
    out.push(clean({ url: s.url, description: str(s.description), basePath }));
  }
  return out;
}

function owner(doc: Obj, info: Obj): Owner | undefined {
  const raw = doc['x-owner'] ?? info['x-owner'];
  if (typeof raw === 'string' && raw) return { name: raw };
  if (isObj(raw))
    return clean({ name: str(raw.name) ?? str(raw.team), email: str(raw.email), url: str(raw.url) });
  const contact = info.contact;
  if (isObj(contact)) {
    const o = clean({ name: str(contact.name), email: str(contact.email), url: str(contact.url) });
    return Object.keys(o).length ? o : undefined;
  }
  return undefined;
}

function lifecycle(doc: Obj, info: Obj): Lifecycle {
  for (const key of ['x-lifecycle', 'x-api-lifecycle', 'x-status']) {
    const raw = doc[key] ?? info[key];
    const value = typeof raw === 'string' ? LIFECYCLES[raw.toLowerCase()] : undefined;
    if (value) return value;
  }
  return info['x-deprecated'] === true ? 'deprecated' : 'stable';
}

function schemaOf(raw: unknown): JsonSchema | undefined {
  return isObj(raw) || typeof raw === 'boolean' ? (raw as JsonSchema) : undefined;
}

function firstSchema(content: unknown): unknown {
  for (const [, m] of entries(content)) if (isObj(m)) return m.schema;
  return undefined;
}

function typeName(t: unknown): string | undefined {
  if (typeof t === 'string') return t;
  if (Array.isArray(t)) return t.filter((x) => x !== 'null').join('|') || undefined;
  return undefined;
}

function extensions(o: Obj): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) if (k.startsWith('x-')) out[k] = o[k];
  return out;
}

function entries(v: unknown): [string, unknown][] {
  return isObj(v) ? Object.entries(v) : [];
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function strs(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function decodePointer(p: string): string {
  try {
    return decodeURIComponent(p);
  } catch {
    return p;
  }
}

/**
 * Copies the defined properties: the model serialises the same as it compares, and stays in V8's fast object mode
 * (deleting properties would turn every node into a slow dictionary).
 */
function clean<T extends object>(o: T): T {
  const out = {} as T;
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
