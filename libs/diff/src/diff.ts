import type { LoadedSpec, Operation } from '@interlock/openapi';
import { normalisePath, Recorder, type OperationRef } from './recorder.js';
import { diffSchema, type SchemaContext, type Where } from './schema.js';
import { esc, isObj, Sameness, Side, type Node, type Obj } from './side.js';
import { deprecationChanges, parseSunset } from './sunset.js';
import type { Change, DiffOptions } from './types.js';

const STABILITY: Record<string, number> = { draft: 0, alpha: 1, beta: 2, stable: 3 };

/**
 * Every change from `base` to `revision`, breaking first. Both sides are read through the normalised model and
 * their bundled documents, so a spec split into files or refactored into components compares by its wire shape.
 */
export function diffSpecs(base: LoadedSpec, revision: LoadedSpec, options: DiffOptions = {}): Change[] {
  const rec = new Recorder(options);
  const b = new Side(base);
  const r = new Side(revision);
  const ctx: Context = {
    base: b,
    revision: r,
    same: new Sameness(b, r),
    rec,
    policy: {
      daysBeta: options.deprecationDaysBeta ?? 0,
      daysStable: options.deprecationDaysStable ?? 0,
      today: options.today ?? new Date(),
    },
    threshold: STABILITY[options.stabilityLevel ?? 'beta'] ?? 2,
  };
  operations(ctx, base, revision);
  security(ctx);
  components(ctx);
  return rec.finish(base, revision);
}

type Context = SchemaContext;

interface OpSide {
  op: Operation;
  raw: Obj;
  ptr: string;
  /** The method and the path as changes name them. */
  ref: OperationRef;
}

function opSide(side: Side, op: Operation, display?: string): OpSide {
  const ptr = `/paths/${esc(op.path)}/${op.method.toLowerCase()}`;
  const raw = side.deref(getPath(side.doc, ['paths', op.path, op.method.toLowerCase()]), ptr);
  return {
    op,
    raw: raw?.s ?? {},
    ptr: raw?.ptr ?? ptr,
    ref: { method: op.method, path: display ?? op.path },
  };
}

function operations(ctx: Context, base: LoadedSpec, revision: LoadedSpec): void {
  const key = (o: Operation) => `${o.method} ${normalisePath(o.path)}`;
  const revOps = new Map(revision.api.operations.map((o) => [key(o), o]));
  const baseOps = new Map(base.api.operations.map((o) => [key(o), o]));
  const revPaths = new Set(revision.api.operations.map((o) => normalisePath(o.path)));
  // A path whose parameters were renamed is the same path: changes name it as the base wrote it.
  const basePaths = new Map(base.api.operations.map((o) => [normalisePath(o.path), o.path]));
  for (const [k, bo] of baseOps) {
    const b = opSide(ctx.base, bo);
    const ro = revOps.get(k);
    if (!ro) {
      if (below(ctx, b.raw)) continue;
      removedOperation(ctx, b, revPaths.has(normalisePath(bo.path)));
      continue;
    }
    const r = opSide(ctx.revision, ro, bo.path);
    if (below(ctx, r.raw) || below(ctx, b.raw)) {
      stability(ctx, b, r);
      continue;
    }
    modifiedOperation(ctx, b, r);
  }
  for (const [k, ro] of revOps) {
    if (baseOps.has(k)) continue;
    ctx.rec.add(
      'endpoint-added',
      ref(ro, basePaths),
      `${ro.method} ${ro.path} added`,
      'endpoint',
      undefined,
      {
        location: ro.location,
      },
    );
  }
}

/** Operations below the stability threshold (draft and alpha by default) may change freely. */
function below(ctx: Context, raw: Obj): boolean {
  const level = raw['x-stability-level'];
  return typeof level === 'string' && (STABILITY[level] ?? 99) < ctx.threshold;
}

function ref(op: Operation, basePaths?: Map<string, string>): OperationRef {
  return { method: op.method, path: basePaths?.get(normalisePath(op.path)) ?? op.path };
}

function removedOperation(ctx: Context, b: OpSide, pathRemains: boolean): void {
  const prefix = pathRemains ? 'api' : 'api-path';
  const what = pathRemains ? `${b.op.method} ${b.op.path}` : `path ${b.op.path}`;
  const add = (id: string, message: string) =>
    ctx.rec.add(id, b.ref, message, 'endpoint', { location: b.op.location }, undefined);
  if (!b.op.deprecated)
    return add(`${prefix}-removed-without-deprecation`, `${what} removed without deprecation`);
  const sunset = b.raw['x-sunset'];
  if (sunset === undefined)
    return add(`${prefix}-removed-with-deprecation`, `${what} removed after deprecation`);
  const date = parseSunset(sunset);
  if (!date)
    return add(
      `${prefix === 'api' ? 'api-path' : prefix}-sunset-parse`,
      `${what} removed; its sunset date ${JSON.stringify(sunset)} is not a date`,
    );
  if (date > ctx.policy.today)
    return add(
      `${prefix}-removed-before-sunset`,
      `${what} removed before its sunset date ${JSON.stringify(sunset)}`,
    );
  add(`${prefix}-removed-with-deprecation`, `${what} removed after deprecation and sunset`);
}

function stability(ctx: Context, b: OpSide, r: OpSide): 'invalid' | undefined {
  const from = b.raw['x-stability-level'];
  const to = r.raw['x-stability-level'];
  const op = r.ref;
  const at = { location: r.op.location };
  if (to !== undefined && (typeof to !== 'string' || !(to in STABILITY))) {
    ctx.rec.add(
      'api-invalid-stability-level',
      op,
      `invalid x-stability-level ${JSON.stringify(to)}: use draft, alpha, beta or stable`,
      'endpoint',
      undefined,
      at,
    );
    return 'invalid';
  }
  if (from !== undefined && (typeof from !== 'string' || !(from in STABILITY))) {
    ctx.rec.add(
      'api-invalid-stability-level',
      op,
      `invalid x-stability-level ${JSON.stringify(from)} in the base`,
      'endpoint',
      { location: b.op.location },
      undefined,
    );
    return 'invalid';
  }
  if (from === to || typeof from !== 'string') return undefined;
  const next = typeof to === 'string' ? STABILITY[to]! : -1;
  if (next < STABILITY[from]!)
    ctx.rec.add(
      'api-stability-decreased',
      op,
      `stability decreased from ${from} to ${to ?? 'none'}`,
      'endpoint',
      { location: b.op.location },
      at,
    );
  else if (STABILITY[from]! >= ctx.threshold)
    ctx.rec.add(
      'api-stability-increased',
      op,
      `stability increased from ${from} to ${to}`,
      'endpoint',
      { location: b.op.location },
      at,
    );
  return undefined;
}

function modifiedOperation(ctx: Context, b: OpSide, r: OpSide): void {
  const op = r.ref;
  const label = `${r.op.method} ${r.op.path}`;
  if (stability(ctx, b, r) === 'invalid') return;
  deprecationChanges(ctx, b.raw, r.raw, {
    op,
    subject: label,
    idPrefix: 'endpoint',
    place: 'endpoint',
    base: { location: b.op.location },
    revision: { location: r.op.location },
    stability: typeof r.raw['x-stability-level'] === 'string' ? r.raw['x-stability-level'] : undefined,
  });
  const bid = b.op.operationId;
  const rid = r.op.operationId;
  if (bid !== rid) {
    const at = [{ location: b.op.location }, { location: r.op.location }] as const;
    if (bid !== undefined)
      ctx.rec.add(
        'api-operation-id-removed',
        op,
        `operationId ${JSON.stringify(bid)} removed${rid ? ` (now ${JSON.stringify(rid)})` : ''}`,
        'operationId',
        ...at,
      );
    else
      ctx.rec.add(
        'api-operation-id-added',
        op,
        `operationId ${JSON.stringify(rid)} added`,
        'operationId',
        ...at,
      );
  }
  for (const t of b.op.tags)
    if (!r.op.tags.includes(t))
      ctx.rec.add(
        'api-tag-removed',
        op,
        `tag ${JSON.stringify(t)} removed`,
        `tag/${t}`,
        { location: b.op.location },
        { location: r.op.location },
      );
  for (const t of r.op.tags)
    if (!b.op.tags.includes(t))
      ctx.rec.add(
        'api-tag-added',
        op,
        `tag ${JSON.stringify(t)} added`,
        `tag/${t}`,
        { location: b.op.location },
        { location: r.op.location },
      );
  parameters(ctx, b, r);
  requestBody(ctx, b, r);
  responses(ctx, b, r);
  operationSecurity(ctx, b, r);
}

interface RawParam {
  s: Obj;
  ptr: string;
  pathLevel: boolean;
}

/** Path-item and operation parameters of the bundled document, operation ones winning, by `in` and name. */
function rawParameters(side: Side, o: OpSide): Map<string, RawParam> {
  const out = new Map<string, RawParam>();
  const pathPtr = `/paths/${esc(o.op.path)}`;
  const item = side.deref(getPath(side.doc, ['paths', o.op.path]), pathPtr);
  const put = (list: unknown, ptr: string, pathLevel: boolean) => {
    if (!Array.isArray(list)) return;
    list.forEach((p, i) => {
      const n = side.deref(p, `${ptr}/parameters/${i}`);
      if (!n || typeof n.s.name !== 'string' || typeof n.s.in !== 'string') return;
      out.set(paramKey(n.s.in, n.s.name, o.op.path), { s: n.s, ptr: n.ptr, pathLevel });
    });
  };
  put(item?.s.parameters, item?.ptr ?? pathPtr, true);
  put(o.raw.parameters, o.ptr, false);
  return out;
}

/** Header names are case-insensitive; path parameters are known by their place in the path, not their name. */
function paramKey(where: string, name: string, path: string): string {
  if (where === 'path') {
    const names = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]);
    const at = names.indexOf(name);
    if (at >= 0) return `path:#${at}`;
  }
  return `${where}:${where === 'header' ? name.toLowerCase() : name}`;
}

function parameters(ctx: Context, b: OpSide, r: OpSide): void {
  const op = r.ref;
  const bp = rawParameters(ctx.base, b);
  const rp = rawParameters(ctx.revision, r);
  const stabilityLevel =
    typeof r.raw['x-stability-level'] === 'string' ? r.raw['x-stability-level'] : undefined;
  for (const [k, p] of bp) {
    const label = `parameter ${JSON.stringify(p.s.name)} in ${p.s.in}`;
    const q = rp.get(k);
    if (!q) {
      const at = { pointer: p.ptr };
      const add = (id: string, message: string) =>
        ctx.rec.add(id, op, `${label} ${message}`, `param/${k}`, at, undefined);
      if (p.s.deprecated !== true) {
        add('request-parameter-removed', 'removed');
        continue;
      }
      const sunset = p.s['x-sunset'];
      const date = sunset === undefined ? undefined : parseSunset(sunset);
      if (sunset !== undefined && !date)
        add(
          'request-parameter-sunset-parse',
          `removed; its sunset date ${JSON.stringify(sunset)} is not a date`,
        );
      else if (date && date > ctx.policy.today)
        add(
          'request-parameter-removed-before-sunset',
          `removed before its sunset date ${JSON.stringify(sunset)}`,
        );
      else add('request-parameter-removed-with-deprecation', 'removed after deprecation');
      continue;
    }
    const at = [{ pointer: p.ptr }, { pointer: q.ptr }] as const;
    const place = `param/${k}`;
    if (p.s.required !== true && q.s.required === true && p.s.in !== 'path')
      ctx.rec.add('request-parameter-became-required', op, `${label} became required`, place, ...at);
    if (p.s.required === true && q.s.required !== true && p.s.in !== 'path')
      ctx.rec.add('request-parameter-became-optional', op, `${label} became optional`, place, ...at);
    deprecationChanges(ctx, p.s, q.s, {
      op,
      subject: label,
      idPrefix: 'request-parameter',
      place,
      base: at[0],
      revision: at[1],
      stability: stabilityLevel,
    });
    const [bv, rv, sub] = parameterSchemas(p.s, q.s);
    const bs = bv === undefined ? undefined : ctx.base.child(bv, `${p.ptr}/${sub}`);
    const rs = rv === undefined ? undefined : ctx.revision.child(rv, `${q.ptr}/${sub}`);
    if (bs && rs) {
      const where: Where = {
        dir: 'request',
        kind: 'parameter',
        op,
        label,
        prop: '',
        place,
        paramIn: String(p.s.in),
      };
      diffSchema(ctx, bs, rs, where);
    }
  }
  for (const [k, q] of rp) {
    if (bp.has(k)) continue;
    const label = `parameter ${JSON.stringify(q.s.name)} in ${q.s.in}`;
    const at = { pointer: q.ptr };
    let id: string;
    if (q.s.in === 'path') id = 'new-request-path-parameter';
    else if (q.pathLevel)
      id =
        q.s.required === true
          ? 'new-required-request-default-parameter-to-existing-path'
          : 'new-optional-request-default-parameter-to-existing-path';
    else id = q.s.required === true ? 'new-required-request-parameter' : 'new-optional-request-parameter';
    ctx.rec.add(
      id,
      op,
      `${q.s.required === true ? 'required' : 'optional'} ${label} added`,
      `param/${k}`,
      undefined,
      at,
    );
  }
}

/** The schemas to compare: both `schema`, or both `content` of one media type (an encoding change is not compared). */
function parameterSchemas(b: Obj, r: Obj): [unknown, unknown, string] {
  if (b.schema !== undefined || r.schema !== undefined) return [b.schema, r.schema, 'schema'];
  if (!isObj(b.content) || !isObj(r.content)) return [undefined, undefined, ''];
  const mt = Object.keys(b.content).find((m) => isObj(r.content) && m in r.content);
  if (mt === undefined) return [undefined, undefined, ''];
  const schema = (c: unknown) => (isObj(c) && isObj(c[mt]) ? c[mt].schema : undefined);
  return [schema(b.content), schema(r.content), `content/${esc(mt)}/schema`];
}

function requestBody(ctx: Context, b: OpSide, r: OpSide): void {
  const op = r.ref;
  const bb = ctx.base.deref(b.raw.requestBody, `${b.ptr}/requestBody`);
  const rb = ctx.revision.deref(r.raw.requestBody, `${r.ptr}/requestBody`);
  if (!bb && !rb) return;
  const place = 'request';
  if (!bb && rb) {
    const required = rb.s.required === true;
    ctx.rec.add(
      required ? 'request-body-added-required' : 'request-body-added-optional',
      op,
      `${required ? 'required' : 'optional'} request body added`,
      place,
      undefined,
      { pointer: rb.ptr },
    );
    return;
  }
  if (bb && !rb) {
    ctx.rec.add('request-body-removed', op, 'request body removed', place, { pointer: bb.ptr }, undefined);
    return;
  }
  if (!bb || !rb) return;
  const at = [{ pointer: bb.ptr }, { pointer: rb.ptr }] as const;
  if (bb.s.required !== true && rb.s.required === true)
    ctx.rec.add('request-body-became-required', op, 'request body became required', place, ...at);
  if (bb.s.required === true && rb.s.required !== true)
    ctx.rec.add('request-body-became-optional', op, 'request body became optional', place, ...at);
  content(ctx, bb, rb, op, 'request', 'the request body', place);
}

function content(
  ctx: Context,
  b: Node,
  r: Node,
  op: OperationRef,
  dir: 'request' | 'response',
  label: string,
  place: string,
): void {
  const bc = isObj(b.s.content) ? b.s.content : {};
  const rc = isObj(r.s.content) ? r.s.content : {};
  const mtPrefix = dir === 'request' ? 'request-body-media-type' : 'response-media-type';
  const gone = Object.keys(bc).filter((mt) => !(mt in rc));
  const fresh = Object.keys(rc).filter((mt) => !(mt in bc));
  if (dir === 'response' && gone.length === 1 && fresh.length === 1) {
    const [from, to] = [gone[0]!, fresh[0]!];
    const how = mediaTypeRelation(from, to);
    if (how) {
      ctx.rec.add(
        `response-media-type-name-${how}`,
        op,
        `${label}: media type ${from} became ${to}`,
        `${place}/${from}`,
        { pointer: `${b.ptr}/content/${esc(from)}` },
        { pointer: `${r.ptr}/content/${esc(to)}` },
      );
      const bn = ctx.base.child(
        isObj(bc[from]) ? bc[from].schema : undefined,
        `${b.ptr}/content/${esc(from)}/schema`,
      );
      const rn = ctx.revision.child(
        isObj(rc[to]) ? rc[to].schema : undefined,
        `${r.ptr}/content/${esc(to)}/schema`,
      );
      if (bn && rn)
        diffSchema(ctx, bn, rn, {
          dir,
          kind: 'body',
          op,
          label: `${label} (${to})`,
          prop: '',
          place: `${place}/${from}`,
          mediaType: to,
        });
      return;
    }
  }
  for (const mt of Object.keys(bc)) {
    const bptr = `${b.ptr}/content/${esc(mt)}`;
    if (!(mt in rc)) {
      ctx.rec.add(
        `${mtPrefix}-removed`,
        op,
        `${label}: media type ${mt} removed`,
        `${place}/${mt}`,
        { pointer: bptr },
        { pointer: r.ptr },
      );
      continue;
    }
    const rptr = `${r.ptr}/content/${esc(mt)}`;
    const bm = bc[mt];
    const rm = rc[mt];
    const bs = isObj(bm) ? bm.schema : undefined;
    const rs = isObj(rm) ? rm.schema : undefined;
    const schemaPrefix =
      dir === 'request' ? 'request-body-media-type-schema' : 'response-body-media-type-schema';
    if (bs === undefined && rs !== undefined) {
      ctx.rec.add(
        `${schemaPrefix}-added`,
        op,
        `${label} (${mt}): schema added`,
        `${place}/${mt}`,
        { pointer: bptr },
        { pointer: rptr },
      );
      continue;
    }
    if (bs !== undefined && rs === undefined) {
      ctx.rec.add(
        `${schemaPrefix}-removed`,
        op,
        `${label} (${mt}): schema removed`,
        `${place}/${mt}`,
        { pointer: bptr },
        { pointer: rptr },
      );
      continue;
    }
    const bn = ctx.base.child(bs, `${bptr}/schema`);
    const rn = ctx.revision.child(rs, `${rptr}/schema`);
    if (bn && rn)
      diffSchema(ctx, bn, rn, {
        dir,
        kind: 'body',
        op,
        label: `${label} (${mt})`,
        prop: '',
        place: `${place}/${mt}`,
        mediaType: mt,
      });
  }
  for (const mt of Object.keys(rc))
    if (!(mt in bc))
      ctx.rec.add(
        `${mtPrefix}-added`,
        op,
        `${label}: media type ${mt} added`,
        `${place}/${mt}`,
        { pointer: b.ptr },
        { pointer: `${r.ptr}/content/${esc(mt)}` },
      );
}

/** `application/json` → `application/problem+json` is a specialisation; the reverse a generalisation. */
function mediaTypeRelation(from: string, to: string): 'specialized' | 'generalized' | 'changed' | undefined {
  const parse = (mt: string) => {
    const [type = '', sub = ''] = mt.split(';')[0]!.trim().toLowerCase().split('/');
    const plus = sub.lastIndexOf('+');
    return { type, sub, suffix: plus >= 0 ? sub.slice(plus + 1) : sub };
  };
  const a = parse(from);
  const b = parse(to);
  if (a.type !== b.type && a.type !== '*' && b.type !== '*') return undefined;
  if (a.sub === '*' || (a.sub === b.suffix && b.sub !== b.suffix)) return 'specialized';
  if (b.sub === '*' || (b.sub === a.suffix && a.sub !== a.suffix)) return 'generalized';
  if (a.suffix === b.suffix && a.suffix !== a.sub) return 'changed';
  return undefined;
}

function isSuccess(status: string): boolean {
  return /^2/.test(status);
}

function responses(ctx: Context, b: OpSide, r: OpSide): void {
  const op = r.ref;
  const bptr = `${b.ptr}/responses`;
  const rptr = `${r.ptr}/responses`;
  const br = isObj(b.raw.responses) ? b.raw.responses : {};
  const rr = isObj(r.raw.responses) ? r.raw.responses : {};
  for (const status of Object.keys(br)) {
    const bn = ctx.base.deref(br[status], `${bptr}/${esc(status)}`);
    if (!bn) continue;
    const kind = isSuccess(status) ? 'success' : 'non-success';
    if (!(status in rr)) {
      ctx.rec.add(
        `response-${kind}-status-removed`,
        op,
        `response ${status} removed`,
        `response/${status}`,
        { pointer: bn.ptr },
        { pointer: rptr },
      );
      continue;
    }
    const rn = ctx.revision.deref(rr[status], `${rptr}/${esc(status)}`);
    if (!rn) continue;
    const label = `the response ${status} body`;
    content(ctx, bn, rn, op, 'response', label, `response/${status}`);
    headers(ctx, bn, rn, op, status);
  }
  for (const status of Object.keys(rr)) {
    if (status in br) continue;
    const kind = isSuccess(status) ? 'success' : 'non-success';
    ctx.rec.add(
      `response-${kind}-status-added`,
      op,
      `response ${status} added`,
      `response/${status}`,
      { pointer: bptr },
      { pointer: `${rptr}/${esc(status)}` },
    );
  }
}

function headers(ctx: Context, b: Node, r: Node, op: OperationRef, status: string): void {
  const bh = isObj(b.s.headers) ? b.s.headers : {};
  const rh = isObj(r.s.headers) ? r.s.headers : {};
  const lower = (o: Obj) => new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]));
  const rnames = lower(rh);
  const bnames = lower(bh);
  for (const [low, name] of bnames) {
    const bn = ctx.base.deref(bh[name], `${b.ptr}/headers/${esc(name)}`);
    if (!bn) continue;
    const label = `response ${status} header ${JSON.stringify(name)}`;
    const place = `response/${status}/header/${low}`;
    const rname = rnames.get(low);
    if (rname === undefined) {
      const id =
        bn.s.required === true ? 'required-response-header-removed' : 'optional-response-header-removed';
      ctx.rec.add(id, op, `${label} removed`, place, { pointer: bn.ptr }, { pointer: r.ptr });
      continue;
    }
    const rn = ctx.revision.deref(rh[rname], `${r.ptr}/headers/${esc(rname)}`);
    if (!rn) continue;
    if (bn.s.required === true && rn.s.required !== true)
      ctx.rec.add(
        'response-header-became-optional',
        op,
        `${label} became optional`,
        place,
        { pointer: bn.ptr },
        { pointer: rn.ptr },
      );
    const bs = ctx.base.child(bn.s.schema, `${bn.ptr}/schema`);
    const rs = ctx.revision.child(rn.s.schema, `${rn.ptr}/schema`);
    if (bs && rs) diffSchema(ctx, bs, rs, { dir: 'response', kind: 'header', op, label, prop: '', place });
  }
  for (const [low, name] of rnames)
    if (!bnames.has(low))
      ctx.rec.add(
        'response-header-added',
        op,
        `response ${status} header ${JSON.stringify(name)} added`,
        `response/${status}/header/${low}`,
        { pointer: b.ptr },
        { pointer: `${r.ptr}/headers/${esc(name)}` },
      );
}

/** Requirements by the set of schemes they name; scopes apart. */
function requirements(list: unknown): Map<string, Map<string, string[]>> {
  const out = new Map<string, Map<string, string[]>>();
  if (!Array.isArray(list)) return out;
  for (const req of list) {
    if (!isObj(req)) continue;
    const schemes = new Map(Object.entries(req).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []]));
    out.set([...schemes.keys()].sort().join(' + ') || '(anonymous)', schemes);
  }
  return out;
}

function compareRequirements(
  ctx: Context,
  before: unknown,
  after: unknown,
  prefix: 'api-security' | 'api-global-security',
  op: OperationRef | null,
  at: readonly [{ pointer: string }, { pointer: string }],
): void {
  const b = requirements(before);
  const r = requirements(after);
  const scope = prefix === 'api-security' ? 'the operation' : 'the API';
  for (const [k, schemes] of b) {
    const q = r.get(k);
    if (!q) {
      ctx.rec.add(
        `${prefix}-removed`,
        op,
        `security requirement ${k} removed from ${scope}`,
        `security/${k}`,
        ...at,
      );
      continue;
    }
    for (const [name, scopes] of schemes) {
      const now = q.get(name) ?? [];
      for (const s of now)
        if (!scopes.includes(s))
          ctx.rec.add(
            `${prefix}-scope-added`,
            op,
            `scope ${JSON.stringify(s)} of ${name} added to ${scope}'s security`,
            `security/${k}/${s}`,
            ...at,
          );
      for (const s of scopes)
        if (!now.includes(s))
          ctx.rec.add(
            `${prefix}-scope-removed`,
            op,
            `scope ${JSON.stringify(s)} of ${name} removed from ${scope}'s security`,
            `security/${k}/${s}`,
            ...at,
          );
    }
  }
  for (const k of r.keys())
    if (!b.has(k))
      ctx.rec.add(
        `${prefix}-added`,
        op,
        `security requirement ${k} added to ${scope}`,
        `security/${k}`,
        ...at,
      );
}

function operationSecurity(ctx: Context, b: OpSide, r: OpSide): void {
  if (b.raw.security === undefined && r.raw.security === undefined) return;
  compareRequirements(ctx, b.raw.security, r.raw.security, 'api-security', r.ref, [
    { pointer: `${b.ptr}/security` },
    { pointer: `${r.ptr}/security` },
  ]);
}

function security(ctx: Context): void {
  compareRequirements(ctx, ctx.base.doc.security, ctx.revision.doc.security, 'api-global-security', null, [
    { pointer: '/security' },
    { pointer: '/security' },
  ]);
}

function components(ctx: Context): void {
  const bc = isObj(ctx.base.doc.components) ? ctx.base.doc.components : {};
  const rc = isObj(ctx.revision.doc.components) ? ctx.revision.doc.components : {};
  const bs = isObj(bc.securitySchemes) ? bc.securitySchemes : {};
  const rs = isObj(rc.securitySchemes) ? rc.securitySchemes : {};
  for (const name of Object.keys(bs)) {
    const bptr = `/components/securitySchemes/${esc(name)}`;
    const b = ctx.base.deref(bs[name], bptr);
    if (!(name in rs)) {
      ctx.rec.add(
        'api-security-component-removed',
        null,
        `security scheme ${JSON.stringify(name)} removed`,
        `scheme/${name}`,
        { pointer: bptr },
        undefined,
      );
      continue;
    }
    const r = ctx.revision.deref(rs[name], bptr);
    if (!b || !r) continue;
    const at = [{ pointer: b.ptr }, { pointer: r.ptr }] as const;
    const add = (id: string, message: string, place = '') =>
      ctx.rec.add(
        id,
        null,
        `security scheme ${JSON.stringify(name)}: ${message}`,
        `scheme/${name}${place}`,
        ...at,
      );
    if (b.s.type !== r.s.type)
      add(
        'api-security-component-type-changed',
        `type changed from ${String(b.s.type)} to ${String(r.s.type)}`,
      );
    const bf = isObj(b.s.flows) ? b.s.flows : {};
    const rf = isObj(r.s.flows) ? r.s.flows : {};
    for (const flow of Object.keys(bf)) {
      const f = bf[flow];
      const g = rf[flow];
      if (!isObj(f) || !isObj(g)) continue;
      if (f.authorizationUrl !== g.authorizationUrl)
        add('api-security-component-oauth-url-changed', `${flow} authorization URL changed`, `/${flow}`);
      if (f.tokenUrl !== g.tokenUrl)
        add('api-security-component-oauth-token-url-changed', `${flow} token URL changed`, `/${flow}`);
      const fs = isObj(f.scopes) ? f.scopes : {};
      const gs = isObj(g.scopes) ? g.scopes : {};
      for (const s of Object.keys(gs))
        if (!(s in fs))
          add(
            'api-security-component-oauth-scope-added',
            `${flow} scope ${JSON.stringify(s)} added`,
            `/${flow}/${s}`,
          );
        else if (fs[s] !== gs[s])
          add(
            'api-security-component-oauth-scope-changed',
            `${flow} scope ${JSON.stringify(s)} changed`,
            `/${flow}/${s}`,
          );
      for (const s of Object.keys(fs))
        if (!(s in gs))
          add(
            'api-security-component-oauth-scope-removed',
            `${flow} scope ${JSON.stringify(s)} removed`,
            `/${flow}/${s}`,
          );
    }
  }
  for (const name of Object.keys(rs))
    if (!(name in bs))
      ctx.rec.add(
        'api-security-component-added',
        null,
        `security scheme ${JSON.stringify(name)} added`,
        `scheme/${name}`,
        undefined,
        { pointer: `/components/securitySchemes/${esc(name)}` },
      );
  const bw = isObj(ctx.base.doc.webhooks) ? ctx.base.doc.webhooks : {};
  const rw = isObj(ctx.revision.doc.webhooks) ? ctx.revision.doc.webhooks : {};
  for (const name of Object.keys(bw))
    if (!(name in rw))
      ctx.rec.add(
        'webhook-removed',
        null,
        `webhook ${JSON.stringify(name)} removed`,
        `webhook/${name}`,
        { pointer: `/webhooks/${esc(name)}` },
        undefined,
      );
  for (const name of Object.keys(rw))
    if (!(name in bw))
      ctx.rec.add(
        'webhook-added',
        null,
        `webhook ${JSON.stringify(name)} added`,
        `webhook/${name}`,
        undefined,
        { pointer: `/webhooks/${esc(name)}` },
      );
}

function getPath(doc: Obj, keys: string[]): unknown {
  let cur: unknown = doc;
  for (const k of keys) {
    if (!isObj(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}
