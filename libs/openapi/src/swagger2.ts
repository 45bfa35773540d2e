import { joinPointer } from './pointer.js';

/** newPrefix in the converted document → oldPrefix in the Swagger 2.0 one. */
export interface Remap {
  from: string;
  to: string;
}

type Obj = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];
const SCHEMA_KEYS = [
  'type',
  'format',
  'items',
  'collectionFormat',
  'default',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'enum',
  'multipleOf',
];

/** Converts a bundled Swagger 2.0 document to the OpenAPI 3.0 shape, recording where each moved node came from. */
export function convertSwagger2(doc: Obj): { document: Obj; remaps: Remap[] } {
  const remaps: Remap[] = [
    { from: '/components/schemas', to: '/definitions' },
    { from: '/components/securitySchemes', to: '/securityDefinitions' },
  ];
  const consumes = strings(doc.consumes) ?? ['application/json'];
  const produces = strings(doc.produces) ?? ['application/json'];
  const out: Obj = { openapi: '3.0.3' };
  for (const [k, v] of Object.entries(doc)) {
    if (k === 'info' || k === 'tags' || k === 'externalDocs' || k === 'security' || k.startsWith('x-'))
      out[k] = v;
  }
  out.servers = servers(doc);

  const components: Obj = {};
  if (isObj(doc.definitions)) components.schemas = doc.definitions;
  const parameters: Obj = {};
  const requestBodies: Obj = {};
  for (const [name, p] of Object.entries(isObj(doc.parameters) ? doc.parameters : {})) {
    if (!isObj(p)) continue;
    if (p.in === 'body') {
      requestBodies[name] = bodyOf(p, consumes);
      remaps.push({
        from: joinPointer('/components/requestBodies', name, 'content'),
        to: joinPointer('/parameters', name),
      });
      remaps.push({
        from: joinPointer('/components/requestBodies', name),
        to: joinPointer('/parameters', name),
      });
    } else {
      parameters[name] = param(p);
      remaps.push({
        from: joinPointer('/components/parameters', name),
        to: joinPointer('/parameters', name),
      });
    }
  }
  if (Object.keys(parameters).length) components.parameters = parameters;
  if (Object.keys(requestBodies).length) components.requestBodies = requestBodies;
  const responses: Obj = {};
  for (const [name, r] of Object.entries(isObj(doc.responses) ? doc.responses : {})) {
    responses[name] = response(
      r,
      produces,
      joinPointer('/components/responses', name),
      joinPointer('/responses', name),
      remaps,
    );
  }
  if (Object.keys(responses).length) components.responses = responses;
  const schemes: Obj = {};
  for (const [name, s] of Object.entries(isObj(doc.securityDefinitions) ? doc.securityDefinitions : {})) {
    if (isObj(s)) schemes[name] = securityScheme(s);
  }
  if (Object.keys(schemes).length) components.securitySchemes = schemes;

  const paths: Obj = {};
  for (const [path, item] of Object.entries(isObj(doc.paths) ? doc.paths : {})) {
    if (!isObj(item)) continue;
    const base = joinPointer('/paths', path);
    const outItem: Obj = {};
    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    const sharedBody = shared.find((p) => isObj(p) && (p.in === 'body' || p.in === 'formData'));
    // A wrong type passes through as it is, for normalise to refuse where it was written.
    outItem.parameters = wrongType(item.parameters)
      ? item.parameters
      : convertParams(shared, joinPointer(base, 'parameters'), remaps);
    for (const [k, v] of Object.entries(item)) {
      if (k.startsWith('x-') || k === 'summary' || k === 'description') outItem[k] = v;
      if (!METHODS.includes(k) || !isObj(v)) continue;
      const opBase = joinPointer(base, k);
      const op: Obj = {};
      for (const [ok, ov] of Object.entries(v)) {
        if (!['parameters', 'responses', 'consumes', 'produces', 'schemes'].includes(ok)) op[ok] = ov;
      }
      const params = Array.isArray(v.parameters) ? v.parameters : [];
      op.parameters = wrongType(v.parameters)
        ? v.parameters
        : convertParams(params, joinPointer(opBase, 'parameters'), remaps);
      const opConsumes = strings(v.consumes) ?? consumes;
      const body =
        requestBody(params, opConsumes, doc) ?? requestBody(sharedBody ? [sharedBody] : [], opConsumes, doc);
      if (body) {
        op.requestBody = body.value;
        remaps.push({
          from: joinPointer(opBase, 'requestBody'),
          to: joinPointer(opBase, 'parameters', body.index),
        });
      }
      const opResponses: Obj = {};
      const opProduces = strings(v.produces) ?? produces;
      // OpenAPI 3 has no place for the media types of responses without a schema; keep them as Swagger stated.
      const declared = strings(v.produces) ?? strings(doc.produces);
      if (declared) op['x-produces'] = declared;
      for (const [code, r] of Object.entries(isObj(v.responses) ? v.responses : {})) {
        opResponses[code] = response(
          r,
          opProduces,
          joinPointer(opBase, 'responses', code),
          joinPointer(opBase, 'responses', code),
          remaps,
        );
      }
      op.responses = opResponses;
      outItem[k] = op;
    }
    if (Array.isArray(outItem.parameters) && outItem.parameters.length === 0) delete outItem.parameters;
    paths[path] = outItem;
  }
  out.paths = paths;
  if (Object.keys(components).length) out.components = components;
  rewriteRefs(out);
  return { document: out, remaps: remaps.sort((a, b) => b.from.length - a.from.length) };
}

function convertParams(params: unknown[], base: string, remaps: Remap[]): unknown[] {
  const out: unknown[] = [];
  params.forEach((p, i) => {
    if (!isObj(p)) return;
    if (typeof p.$ref === 'string') {
      if (!p.$ref.startsWith('#/parameters/')) out.push(p);
      else out.push({ $ref: p.$ref }); // body refs are dropped in requestBody(); others stay refs
    } else if (p.in === 'body' || p.in === 'formData') {
      return;
    } else {
      out.push(param(p));
    }
    remaps.push({ from: `${base}/${out.length - 1}`, to: `${base}/${i}` });
  });
  return out;
}

function param(p: Obj): Obj {
  const out: Obj = { name: p.name, in: p.in };
  for (const k of ['description', 'required', 'deprecated', 'allowEmptyValue']) if (k in p) out[k] = p[k];
  for (const k of Object.keys(p)) if (k.startsWith('x-')) out[k] = p[k];
  out.schema = schemaOf(p);
  if (p.collectionFormat === 'ssv' || p.collectionFormat === 'pipes') {
    out.style = p.collectionFormat === 'ssv' ? 'spaceDelimited' : 'pipeDelimited';
    out.explode = false;
  } else if (p.collectionFormat === 'tsv') {
    out['x-collectionFormat'] = 'tsv'; // no OpenAPI 3 style separates by tabs
    out.explode = false;
  } else if (p.collectionFormat === 'multi') out.explode = true;
  else if (p.collectionFormat === 'csv' || (p.type === 'array' && !p.collectionFormat)) {
    if (p.in === 'query') out.explode = false;
  }
  return out;
}

function schemaOf(p: Obj): Obj {
  const schema: Obj = {};
  for (const k of SCHEMA_KEYS) if (k in p && k !== 'collectionFormat') schema[k] = p[k];
  if (schema.type === 'file') {
    schema.type = 'string';
    schema.format = 'binary';
  }
  if (isObj(schema.items)) schema.items = schemaOf(schema.items);
  return schema;
}

function requestBody(
  params: unknown[],
  consumes: string[],
  doc: Obj,
): { value: Obj; index: number } | undefined {
  const index = params.findIndex(
    (p) => isObj(p) && (p.in === 'body' || (typeof p.$ref === 'string' && isBodyRef(p.$ref, doc))),
  );
  if (index !== -1) {
    const p = params[index] as Obj;
    if (typeof p.$ref === 'string')
      return { value: { $ref: p.$ref.replace('#/parameters/', '#/components/requestBodies/') }, index };
    return { value: bodyOf(p, consumes), index };
  }
  const form = params.filter((p): p is Obj => isObj(p) && p.in === 'formData');
  if (form.length === 0) return undefined;
  const properties: Obj = {};
  const required: string[] = [];
  for (const f of form) {
    properties[String(f.name)] = { ...schemaOf(f), ...(f.description ? { description: f.description } : {}) };
    if (f.required) required.push(String(f.name));
  }
  const types = consumes.filter(
    (c) => c === 'multipart/form-data' || c === 'application/x-www-form-urlencoded',
  );
  const schema: Obj = { type: 'object', properties, ...(required.length ? { required } : {}) };
  const content: Obj = {};
  for (const t of types.length ? types : ['application/x-www-form-urlencoded']) content[t] = { schema };
  return {
    value: { content, ...(required.length ? { required: true } : {}) },
    index: params.indexOf(form[0]),
  };
}

function isBodyRef(ref: string, doc: Obj): boolean {
  if (!ref.startsWith('#/parameters/')) return false;
  const name = decodeURIComponent(ref.slice('#/parameters/'.length)).replace(/~1/g, '/').replace(/~0/g, '~');
  const target = isObj(doc.parameters) ? doc.parameters[name] : undefined;
  return isObj(target) && target.in === 'body';
}

function bodyOf(p: Obj, consumes: string[]): Obj {
  const content: Obj = {};
  for (const t of consumes) content[t] = { schema: p.schema ?? {} };
  const out: Obj = { content };
  if (p.description) out.description = p.description;
  if (p.required) out.required = true;
  return out;
}

function response(r: unknown, produces: string[], to: string, from: string, remaps: Remap[]): unknown {
  if (!isObj(r) || typeof r.$ref === 'string') return r;
  const out: Obj = { description: r.description ?? '' };
  for (const k of Object.keys(r)) if (k.startsWith('x-')) out[k] = r[k];
  if (r.schema !== undefined) {
    const content: Obj = {};
    const examples = isObj(r.examples) ? r.examples : {};
    for (const t of produces) {
      content[t] = { schema: r.schema, ...(t in examples ? { example: examples[t] } : {}) };
      remaps.push({ from: joinPointer(to, 'content', t, 'schema'), to: joinPointer(from, 'schema') });
    }
    out.content = content;
  }
  if (isObj(r.headers)) {
    const headers: Obj = {};
    for (const [name, h] of Object.entries(r.headers)) {
      if (!isObj(h)) continue;
      headers[name] = { ...(h.description ? { description: h.description } : {}), schema: schemaOf(h) };
      remaps.push({
        from: joinPointer(to, 'headers', name, 'schema'),
        to: joinPointer(from, 'headers', name),
      });
    }
    out.headers = headers;
  }
  return out;
}

function securityScheme(s: Obj): Obj {
  const description = s.description ? { description: s.description } : {};
  if (s.type === 'basic') return { type: 'http', scheme: 'basic', ...description };
  if (s.type === 'apiKey') return { type: 'apiKey', name: s.name, in: s.in, ...description };
  if (s.type === 'oauth2') {
    const flow = {
      implicit: 'implicit',
      password: 'password',
      application: 'clientCredentials',
      accessCode: 'authorizationCode',
    }[String(s.flow)];
    const spec: Obj = { scopes: s.scopes ?? {} };
    if (s.authorizationUrl) spec.authorizationUrl = s.authorizationUrl;
    if (s.tokenUrl) spec.tokenUrl = s.tokenUrl;
    return { type: 'oauth2', flows: flow ? { [flow]: spec } : {}, ...description };
  }
  return { ...s };
}

function servers(doc: Obj): Obj[] {
  const basePath = typeof doc.basePath === 'string' ? doc.basePath : '';
  if (typeof doc.host !== 'string') return basePath ? [{ url: basePath }] : [];
  const schemes = strings(doc.schemes) ?? ['https'];
  return schemes.map((s) => ({ url: `${s}://${doc.host}${basePath === '/' ? '' : basePath}` }));
}

function rewriteRefs(root: unknown): void {
  const stack: unknown[] = [root];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (node === null || typeof node !== 'object' || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    const obj = node as Obj;
    if (typeof obj.$ref === 'string') {
      obj.$ref = obj.$ref
        .replace(/^#\/definitions\//, '#/components/schemas/')
        .replace(/^#\/parameters\//, '#/components/parameters/')
        .replace(/^#\/responses\//, '#/components/responses/');
    }
    if (obj['x-nullable'] === true && !('nullable' in obj)) obj.nullable = true;
    for (const v of Object.values(obj)) if (v !== null && typeof v === 'object') stack.push(v);
  }
}

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function strings(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

function wrongType(parameters: unknown): boolean {
  return parameters !== undefined && parameters !== null && !Array.isArray(parameters);
}
