import type { OperationRef, Recorder } from './recorder.js';
import { equalJson, esc, isObj, type Node, type Obj, type Sameness, type Side } from './side.js';
import { deprecationChanges, type Policy } from './sunset.js';

export type Direction = 'request' | 'response';
/** What the schema describes: the whole body, a property inside it, a parameter, a property of a parameter, a header. */
export type Kind = 'body' | 'property' | 'parameter' | 'parameter-property' | 'header';

export interface Where {
  dir: Direction;
  kind: Kind;
  op: OperationRef;
  /** For people: `the request body (application/json)`, `parameter "limit" in query`. */
  label: string;
  /** Property path inside the body or parameter, `a/items/b`; empty at the top. */
  prop: string;
  /** For fingerprints: the normalised place (`request/application/json`). */
  place: string;
  paramIn?: string;
  /** The media type of the body, for bodies and their properties. */
  mediaType?: string;
  readOnly?: boolean;
  writeOnly?: boolean;
}

export interface SchemaContext {
  base: Side;
  revision: Side;
  same: Sameness;
  rec: Recorder;
  policy: Policy;
  /** Stability rank below which changes are not reported (draft 0, alpha 1, beta 2, stable 3). */
  threshold: number;
}

const PREFIX: Record<Direction, Record<Kind, string>> = {
  request: {
    body: 'request-body',
    property: 'request-property',
    parameter: 'request-parameter',
    'parameter-property': 'request-parameter-property',
    header: 'request-header',
  },
  response: {
    body: 'response-body',
    property: 'response-property',
    parameter: 'response-parameter',
    'parameter-property': 'response-parameter-property',
    header: 'response-header',
  },
};

/** Compares two schemas of the same place and records every check that fires. */
export function diffSchema(ctx: SchemaContext, b: Node, r: Node, where: Where): void {
  new SchemaWalk(ctx).walk(b, r, where);
}

class SchemaWalk {
  private readonly stack = new Set<string>();

  constructor(private readonly ctx: SchemaContext) {}

  walk(bIn: Node, rIn: Node, where: Where): void {
    const key = `${bIn.ptr}\0${rIn.ptr}\0${where.dir}`;
    if (this.stack.has(key)) return;
    if (this.ctx.same.schemas(bIn.s, rIn.s) && bIn.s.$ref === undefined && rIn.s.$ref === undefined) return;
    const b = this.ctx.base.flatten(bIn);
    const r = this.ctx.revision.flatten(rIn);
    if (b.s !== bIn.s || r.s !== rIn.s) {
      if (this.ctx.same.schemas(b.s, r.s)) return;
    }
    this.stack.add(key);
    try {
      this.keywords(b, r, where);
    } finally {
      this.stack.delete(key);
    }
  }

  private emit(where: Where, suffix: string, message: string, b?: Node | string, r?: Node | string): void {
    const rec = this.ctx.rec;
    let id = `${PREFIX[where.dir][where.kind]}-${suffix}`;
    if (where.kind === 'property' && where.dir === 'request' && where.readOnly) {
      const special = `request-read-only-property-${suffix}`;
      if (rec.has(special)) id = special;
    } else if (where.kind === 'property' && where.dir === 'response' && where.writeOnly) {
      const special = `response-write-only-property-${suffix}`;
      if (rec.has(special)) id = special;
    } else if (where.kind === 'parameter-property' && where.paramIn === 'header') {
      const special = `request-header-property-${suffix}`;
      if (rec.has(special)) id = special;
    } else if (where.kind === 'body' && where.dir === 'response' && suffix === 'enum-value-removed') {
      id = 'response-mediatype-enum-value-removed';
    }
    const ptrOf = (x: Node | string | undefined) =>
      x === undefined ? undefined : { pointer: typeof x === 'string' ? x : x.ptr };
    rec.add(id, where.op, `${subject(where)}: ${message}`, `${where.place}#${suffix}`, ptrOf(b), ptrOf(r));
  }

  private keywords(b: Node, r: Node, where: Where): void {
    const bs = b.s;
    const rs = r.s;
    if (this.composition(b, r, where, 'oneOf', 'one-of')) return;
    this.types(b, r, where);
    this.nullable(b, r, where);
    this.enums(b, r, where);
    this.bounds(b, r, where);
    this.pattern(b, r, where);
    for (const k of ['default', 'const'] as const) {
      const label = k === 'default' ? 'default-value' : 'const';
      if (bs[k] === undefined && rs[k] !== undefined)
        this.emit(where, `${label}-added`, `${k} ${show(rs[k])} added`, b, r);
      else if (bs[k] !== undefined && rs[k] === undefined)
        this.emit(where, `${label}-removed`, `${k} ${show(bs[k])} removed`, b, r);
      else if (bs[k] !== undefined && !equalJson(bs[k], rs[k]))
        this.emit(where, `${label}-changed`, `${k} changed from ${show(bs[k])} to ${show(rs[k])}`, b, r);
    }
    this.stability(b, r, where);
    if (where.kind === 'property' || where.kind === 'parameter-property') {
      deprecationChanges(this.ctx, bs, rs, {
        op: where.op,
        subject: subject(where),
        idPrefix: `${where.dir}-property`,
        place: where.place,
        base: { pointer: b.ptr },
        revision: { pointer: r.ptr },
      });
    }
    this.composition(b, r, where, 'anyOf', 'any-of');
    this.discriminator(b, r, where);
    this.json2020(b, r, where);
    this.additionalProperties(b, r, where);
    this.properties(b, r, where);
    this.items(b, r, where);
  }

  private types(b: Node, r: Node, where: Where): void {
    const bt = typeList(b.s);
    const rt = typeList(r.s);
    const bf = b.s.format;
    const rf = r.s.format;
    if (bt.length > 1 || rt.length > 1) {
      if (sameSet(bt, rt)) return;
      const widened = bt.every((t) => rt.includes(t));
      const narrowed = rt.every((t) => bt.includes(t));
      if (widened) this.emit(where, 'list-of-types-widened', `types widened from ${bt} to ${rt}`, b, r);
      else if (narrowed)
        this.emit(where, 'list-of-types-narrowed', `types narrowed from ${bt} to ${rt}`, b, r);
      else this.emit(where, 'type-changed', `type changed from ${bt} to ${rt}`, b, r);
      return;
    }
    const from = bt[0];
    const to = rt[0];
    if (from === to && bf === rf) return;
    if (to === undefined && from !== undefined && where.dir === 'request') {
      // The type constraint was dropped: the request accepts more than before.
      this.emit(where, 'type-generalized', `type ${from} no longer required`, b, r);
      return;
    }
    const describe = (t?: string, f?: unknown) => `${t ?? 'any'}${f ? `/${String(f)}` : ''}`;
    const text = `type/format changed from ${describe(from, bf)} to ${describe(to, rf)}`;
    if (from === to) {
      // Only the format changed.
      if (bf !== undefined && rf === undefined) {
        this.emit(where, 'type-generalized', text, b, r);
        return;
      }
      if (bf === undefined && rf !== undefined) {
        this.emit(where, 'type-specialized', text, b, r);
        return;
      }
      const width = widerFormat(String(bf), String(rf));
      if (width === 'wider') this.emit(where, 'type-generalized', text, b, r);
      else if (width === 'narrower') this.emit(where, 'type-specialized', text, b, r);
      else this.emit(where, 'type-changed', text, b, r);
      return;
    }
    if (where.mediaType !== undefined && !isJson(where.mediaType) && looselyTyped(from) && looselyTyped(to)) {
      // XML and text bodies carry objects and strings alike.
      this.emit(where, 'type-compatible', `${text} (compatible in ${where.mediaType})`, b, r);
      return;
    }
    if (
      (where.kind === 'parameter' || where.kind === 'parameter-property') &&
      from === 'string' &&
      (to === 'number' || to === 'integer' || to === 'boolean')
    ) {
      // Parameters travel as text: a number is a narrower kind of string.
      this.emit(where, 'type-specialized', text, b, r);
      return;
    }
    if (from === 'integer' && to === 'number') {
      this.emit(where, where.dir === 'request' ? 'type-generalized' : 'type-changed', text, b, r);
      return;
    }
    if (from === 'number' && to === 'integer') {
      this.emit(where, where.dir === 'response' ? 'type-specialized' : 'type-changed', text, b, r);
      return;
    }
    this.emit(where, 'type-changed', text, b, r);
  }

  private nullable(b: Node, r: Node, where: Where): void {
    const bn = isNullable(b.s);
    const rn = isNullable(r.s);
    if (bn === rn) return;
    if (rn) this.emit(where, 'became-nullable', 'became nullable', b, r);
    else this.emit(where, 'became-not-nullable', 'became not nullable', b, r);
  }

  private enums(b: Node, r: Node, where: Where): void {
    const be = Array.isArray(b.s.enum) ? b.s.enum : undefined;
    const re = Array.isArray(r.s.enum) ? r.s.enum : undefined;
    if (!be && re) {
      this.emit(where, 'became-enum', `became an enum of ${re.map(show).join(', ')}`, b, r);
    } else if (be && re) {
      const bk = new Set(be.map((v) => JSON.stringify(v)));
      const rk = new Set(re.map((v) => JSON.stringify(v)));
      for (const v of re)
        if (!bk.has(JSON.stringify(v)))
          this.emit(where, 'enum-value-added', `enum value ${show(v)} added`, b, r);
      for (const v of be)
        if (!rk.has(JSON.stringify(v)))
          this.emit(where, 'enum-value-removed', `enum value ${show(v)} removed`, b, r);
    }
    const bx = b.s['x-extensible-enum'];
    const rx = r.s['x-extensible-enum'];
    if (Array.isArray(bx) && Array.isArray(rx)) {
      const rk = new Set(rx.map((v) => JSON.stringify(v)));
      for (const v of bx)
        if (!rk.has(JSON.stringify(v)))
          this.emit(
            where,
            'x-extensible-enum-value-removed',
            `x-extensible-enum value ${show(v)} removed`,
            b,
            r,
          );
    }
  }

  private bounds(b: Node, r: Node, where: Where): void {
    const bs = b.s;
    const rs = r.s;
    const pairs: [string, number | undefined, number | undefined][] = [
      ['max', inclusive(bs, 'maximum', 'exclusiveMaximum'), inclusive(rs, 'maximum', 'exclusiveMaximum')],
      [
        'exclusive-max',
        exclusive(bs, 'maximum', 'exclusiveMaximum'),
        exclusive(rs, 'maximum', 'exclusiveMaximum'),
      ],
      ['min', inclusive(bs, 'minimum', 'exclusiveMinimum'), inclusive(rs, 'minimum', 'exclusiveMinimum')],
      [
        'exclusive-min',
        exclusive(bs, 'minimum', 'exclusiveMinimum'),
        exclusive(rs, 'minimum', 'exclusiveMinimum'),
      ],
      ['max-length', num(bs.maxLength), num(rs.maxLength)],
      ['min-length', num(bs.minLength), num(rs.minLength)],
      ['max-items', num(bs.maxItems), num(rs.maxItems)],
      ['min-items', num(bs.minItems), num(rs.minItems)],
      ['max-contains', num(bs.maxContains), num(rs.maxContains)],
      ['min-contains', num(bs.minContains), num(rs.minContains)],
    ];
    for (const [name, from, to] of pairs) {
      if (from === to) continue;
      const text = `${KEYWORD[name]} `;
      if (from === undefined) this.emit(where, `${name}-set`, `${text}set to ${to}`, b, r);
      else if (to === undefined) this.emit(where, `${name}-unset`, `${text}${from} removed`, b, r);
      else if (to > from)
        this.emit(where, `${name}-increased`, `${text}increased from ${from} to ${to}`, b, r);
      else this.emit(where, `${name}-decreased`, `${text}decreased from ${from} to ${to}`, b, r);
    }
  }

  private pattern(b: Node, r: Node, where: Where): void {
    const from = b.s.pattern || undefined;
    const to = r.s.pattern || undefined;
    if (from === to) return;
    if (from === undefined) this.emit(where, 'pattern-added', `pattern ${show(to)} added`, b, r);
    else if (to === undefined) this.emit(where, 'pattern-removed', `pattern ${show(from)} removed`, b, r);
    else if (to === '.*' || to === '^.*$')
      this.emit(where, 'pattern-generalized', `pattern generalized from ${show(from)} to ${show(to)}`, b, r);
    else this.emit(where, 'pattern-changed', `pattern changed from ${show(from)} to ${show(to)}`, b, r);
  }

  private stability(b: Node, r: Node, where: Where): void {
    const from = b.s['x-stability-level'];
    const to = r.s['x-stability-level'];
    if (typeof from !== 'string' || typeof to !== 'string' || from === to) return;
    const rank = STABILITY[from] ?? -1;
    const next = STABILITY[to] ?? -1;
    if (next < rank)
      this.emit(where, 'stability-decreased', `stability decreased from ${from} to ${to}`, b, r);
    else if (rank >= this.ctx.threshold)
      this.emit(where, 'stability-increased', `stability increased from ${from} to ${to}`, b, r);
  }

  /** Returns true when the schema was wrapped whole and the rest of the comparison means nothing. */
  private composition(b: Node, r: Node, where: Where, keyword: 'oneOf' | 'anyOf', name: string): boolean {
    const bl = Array.isArray(b.s[keyword]) ? (b.s[keyword] as unknown[]) : [];
    const rl = Array.isArray(r.s[keyword]) ? (r.s[keyword] as unknown[]) : [];
    if (!bl.length && !rl.length) return false;
    if (!bl.length && keyword === 'oneOf' && Object.keys(b.s).length && !Array.isArray(b.s.anyOf)) {
      this.emit(
        where,
        'wrapped-in-one-of',
        `wrapped in oneOf: clients must now send or read one of ${rl.length} shapes`,
        b,
        r,
      );
      return true;
    }
    const matchedR = new Set<number>();
    const pairs: [number, number][] = [];
    const refName = (v: unknown) =>
      isObj(v) && typeof v.$ref === 'string' ? v.$ref.split('/').pop() : undefined;
    bl.forEach((alt, i) => {
      let j = rl.findIndex(
        (x, k) => !matchedR.has(k) && refName(x) !== undefined && refName(x) === refName(alt),
      );
      if (j < 0) j = rl.findIndex((x, k) => !matchedR.has(k) && this.ctx.same.schemas(alt, x));
      if (j >= 0) {
        matchedR.add(j);
        pairs.push([i, j]);
      }
    });
    const unB = bl.map((_, i) => i).filter((i) => !pairs.some(([x]) => x === i));
    const unR = rl.map((_, i) => i).filter((j) => !matchedR.has(j));
    // Alternatives neither matched by name nor by content: pair them by position when as many remain.
    if (unB.length && unB.length === unR.length && refName(bl[unB[0]!]) === undefined) {
      unB.forEach((i, k) => pairs.push([i, unR[k]!]));
      unB.length = 0;
      unR.length = 0;
    }
    if (unR.length)
      this.emit(
        where,
        `${name}-added`,
        `${unR.length} ${keyword} alternative(s) added: ${alts(rl, unR)}`,
        b,
        r,
      );
    if (unB.length)
      this.emit(
        where,
        `${name}-removed`,
        `${unB.length} ${keyword} alternative(s) removed: ${alts(bl, unB)}`,
        b,
        r,
      );
    for (const [i, j] of pairs) {
      const bn = this.ctx.base.child(bl[i], `${b.ptr}/${keyword}/${i}`);
      const rn = this.ctx.revision.child(rl[j], `${r.ptr}/${keyword}/${j}`);
      if (bn && rn)
        this.walk(bn, rn, { ...where, prop: where.prop, place: `${where.place}/${keyword}/${i}` });
    }
    return false;
  }

  private discriminator(b: Node, r: Node, where: Where): void {
    const bd = isObj(b.s.discriminator) ? b.s.discriminator : undefined;
    const rd = isObj(r.s.discriminator) ? r.s.discriminator : undefined;
    if (!bd && !rd) return;
    if (!bd) return this.emit(where, 'discriminator-added', 'discriminator added', b, r);
    if (!rd) return this.emit(where, 'discriminator-removed', 'discriminator removed', b, r);
    if (bd.propertyName !== rd.propertyName)
      this.emit(
        where,
        'discriminator-property-name-changed',
        `discriminator property name changed from ${show(bd.propertyName)} to ${show(rd.propertyName)}`,
        b,
        r,
      );
    const bm = isObj(bd.mapping) ? bd.mapping : {};
    const rm = isObj(rd.mapping) ? rd.mapping : {};
    const added = Object.keys(rm).filter((k) => !(k in bm));
    const deleted = Object.keys(bm).filter((k) => !(k in rm));
    const changed = Object.keys(bm).filter((k) => k in rm && bm[k] !== rm[k]);
    if (added.length)
      this.emit(where, 'discriminator-mapping-added', `discriminator mapping ${added} added`, b, r);
    if (deleted.length)
      this.emit(where, 'discriminator-mapping-deleted', `discriminator mapping ${deleted} deleted`, b, r);
    if (changed.length)
      this.emit(where, 'discriminator-mapping-changed', `discriminator mapping ${changed} changed`, b, r);
  }

  /** JSON Schema 2020-12 keywords of OpenAPI 3.1: conditionals, contains, dependencies, tuples, content. */
  private json2020(b: Node, r: Node, where: Where): void {
    const bs = b.s;
    const rs = r.s;
    for (const [k, name] of [
      ['if', 'if'],
      ['then', 'then'],
      ['else', 'else'],
      ['contains', 'contains'],
      ['propertyNames', 'property-names'],
      ['unevaluatedItems', 'unevaluated-items'],
      ['unevaluatedProperties', 'unevaluated-properties'],
      ['contentSchema', 'content-schema'],
    ] as const) {
      if (bs[k] === undefined && rs[k] !== undefined) this.emit(where, `${name}-added`, `${k} added`, b, r);
      else if (bs[k] !== undefined && rs[k] === undefined)
        this.emit(where, `${name}-removed`, `${k} removed`, b, r);
      else if (bs[k] !== undefined) this.sub(b, r, where, k, bs[k], rs[k]);
    }
    if (bs.not !== undefined && rs.not !== undefined) this.sub(b, r, where, 'not', bs.not, rs.not);
    if (Array.isArray(bs.prefixItems) && Array.isArray(rs.prefixItems)) {
      const n = Math.min(bs.prefixItems.length, rs.prefixItems.length);
      for (let i = 0; i < n; i++)
        this.sub(b, r, where, `prefixItems/${i}`, bs.prefixItems[i], rs.prefixItems[i]);
    }
    for (const [k, name] of [
      ['contentMediaType', 'content-media-type'],
      ['contentEncoding', 'content-encoding'],
    ] as const) {
      if (bs[k] !== rs[k])
        this.emit(where, `${name}-changed`, `${k} changed from ${show(bs[k])} to ${show(rs[k])}`, b, r);
    }
    const bp = Array.isArray(bs.prefixItems) ? bs.prefixItems.length : 0;
    const rp = Array.isArray(rs.prefixItems) ? rs.prefixItems.length : 0;
    if (rp > bp) this.emit(where, 'prefix-items-added', `${rp - bp} prefixItems added`, b, r);
    else if (rp < bp) this.emit(where, 'prefix-items-removed', `${bp - rp} prefixItems removed`, b, r);
    const bdr = isObj(bs.dependentRequired) ? bs.dependentRequired : {};
    const rdr = isObj(rs.dependentRequired) ? rs.dependentRequired : {};
    for (const k of Object.keys(rdr))
      if (!(k in bdr))
        this.emit(where, 'dependent-required-added', `dependentRequired for ${show(k)} added`, b, r);
      else if (!equalJson(bdr[k], rdr[k]))
        this.emit(where, 'dependent-required-changed', `dependentRequired for ${show(k)} changed`, b, r);
    for (const k of Object.keys(bdr))
      if (!(k in rdr))
        this.emit(where, 'dependent-required-removed', `dependentRequired for ${show(k)} removed`, b, r);
    for (const [k, name] of [
      ['dependentSchemas', 'dependent-schema'],
      ['patternProperties', 'pattern-property'],
    ] as const) {
      const bm = isObj(bs[k]) ? (bs[k] as Obj) : {};
      const rm = isObj(rs[k]) ? (rs[k] as Obj) : {};
      for (const key of Object.keys(rm))
        if (!(key in bm)) this.emit(where, `${name}-added`, `${k} ${show(key)} added`, b, r);
        else this.sub(b, r, where, `${k}/${esc(key)}`, bm[key], rm[key]);
      for (const key of Object.keys(bm))
        if (!(key in rm)) this.emit(where, `${name}-removed`, `${k} ${show(key)} removed`, b, r);
    }
  }

  /** Walks a subschema that applies to the same instance (if/then/else, not, contains...). */
  private sub(b: Node, r: Node, where: Where, key: string, bv: unknown, rv: unknown): void {
    if (!isObj(bv) || !isObj(rv)) return;
    const bn = this.ctx.base.child(bv, `${b.ptr}/${key}`);
    const rn = this.ctx.revision.child(rv, `${r.ptr}/${key}`);
    if (bn && rn) this.walk(bn, rn, { ...where, place: `${where.place}/${key}` });
  }

  private additionalProperties(b: Node, r: Node, where: Where): void {
    const from = b.s.additionalProperties;
    const to = r.s.additionalProperties;
    const closed = (v: unknown) => v === false;
    if (!closed(from) && closed(to))
      this.emit(where, 'additional-properties-narrowed', 'additional properties no longer allowed', b, r);
    else if (closed(from) && !closed(to))
      this.emit(where, 'additional-properties-widened', 'additional properties now allowed', b, r);
    else if (isObj(from) && isObj(to)) {
      const bn = this.ctx.base.child(from, `${b.ptr}/additionalProperties`);
      const rn = this.ctx.revision.child(to, `${r.ptr}/additionalProperties`);
      if (bn && rn) this.walk(bn, rn, this.nested(where, '*', bn, rn));
    }
  }

  private nested(where: Where, name: string, bn: Node, rn: Node): Where {
    const kind: Kind =
      where.kind === 'parameter' || where.kind === 'parameter-property' ? 'parameter-property' : 'property';
    const prop = where.prop ? `${where.prop}/${name}` : name;
    return {
      ...where,
      kind,
      prop,
      place: `${where.place}/${name}`,
      readOnly: where.readOnly || bn.s.readOnly === true || rn.s.readOnly === true,
      writeOnly: where.writeOnly || bn.s.writeOnly === true || rn.s.writeOnly === true,
    };
  }

  private properties(b: Node, r: Node, where: Where): void {
    const bp = isObj(b.s.properties) ? b.s.properties : {};
    const rp = isObj(r.s.properties) ? r.s.properties : {};
    const breq = new Set(Array.isArray(b.s.required) ? (b.s.required as string[]) : []);
    const rreq = new Set(Array.isArray(r.s.required) ? (r.s.required as string[]) : []);
    const bptr = (name: string) => `${b.ptr}/properties/${esc(name)}`;
    const rptr = (name: string) => `${r.ptr}/properties/${esc(name)}`;
    for (const name of Object.keys(bp)) {
      const bn = this.ctx.base.child(bp[name], bptr(name));
      if (!bn) continue;
      if (!(name in rp)) {
        this.removed(where, name, bn, r, breq.has(name));
        continue;
      }
      const rn = this.ctx.revision.child(rp[name], rptr(name));
      if (!rn) continue;
      const inner = this.nested(where, name, bn, rn);
      this.requiredness(inner, bn, rn, breq.has(name), rreq.has(name));
      this.access(inner, bn, rn, rreq.has(name));
      this.walk(bn, rn, inner);
    }
    for (const name of Object.keys(rp)) {
      if (name in bp) continue;
      const rn = this.ctx.revision.child(rp[name], rptr(name));
      if (rn) this.added(where, name, rn, b, rreq.has(name));
    }
  }

  private removed(where: Where, name: string, bn: Node, r: Node, required: boolean): void {
    const inner = this.nested(where, name, bn, bn);
    const text = `property ${show(inner.prop)} removed`;
    const at = { ...inner };
    if (where.dir === 'request') {
      this.emitProperty(at, 'request-property-removed', text, bn, r);
    } else {
      const wo = bn.s.writeOnly === true ? 'write-only-' : '';
      this.emitProperty(
        at,
        `response-${required ? 'required' : 'optional'}-${wo}property-removed`,
        text,
        bn,
        r,
      );
    }
  }

  private added(where: Where, name: string, rn: Node, b: Node, required: boolean): void {
    const inner = this.nested(where, name, rn, rn);
    const text = `${required ? 'required' : 'optional'} property ${show(inner.prop)} added`;
    if (where.dir === 'request') {
      if (where.kind === 'parameter' || where.kind === 'parameter-property') {
        if (required && where.paramIn === 'header')
          this.emitProperty(inner, 'new-required-request-header-property', text, b, rn);
        return;
      }
      if (rn.s.readOnly === true) return;
      const id = required
        ? rn.s.default !== undefined
          ? 'new-required-request-property-with-default'
          : 'new-required-request-property'
        : 'new-optional-request-property';
      this.emitProperty(inner, id, text, b, rn);
    } else {
      const wo = rn.s.writeOnly === true ? 'write-only-' : '';
      this.emitProperty(
        inner,
        `response-${required ? 'required' : 'optional'}-${wo}property-added`,
        text,
        b,
        rn,
      );
    }
  }

  private emitProperty(where: Where, id: string, message: string, b: Node, r: Node): void {
    this.ctx.rec.add(
      id,
      where.op,
      `${subject(where)}: ${message}`,
      `${where.place}#${id}`,
      { pointer: b.ptr },
      {
        pointer: r.ptr,
      },
    );
  }

  private requiredness(where: Where, bn: Node, rn: Node, was: boolean, is: boolean): void {
    if (was === is) return;
    if (where.dir === 'request') {
      if (where.kind === 'parameter-property') {
        if (is && where.paramIn === 'header')
          this.emitProperty(where, 'request-header-property-became-required', 'became required', bn, rn);
        return;
      }
      if (is && rn.s.readOnly === true) return;
      if (is)
        this.emitProperty(
          where,
          rn.s.default !== undefined
            ? 'request-property-became-required-with-default'
            : 'request-property-became-required',
          'became required',
          bn,
          rn,
        );
      else this.emitProperty(where, 'request-property-became-optional', 'became optional', bn, rn);
    } else {
      const wo = rn.s.writeOnly === true ? 'write-only-' : '';
      this.emitProperty(
        where,
        `response-${wo}property-became-${is ? 'required' : 'optional'}`,
        `became ${is ? 'required' : 'optional'}`,
        bn,
        rn,
      );
    }
  }

  private access(where: Where, bn: Node, rn: Node, required: boolean): void {
    const req = required ? 'required' : 'optional';
    for (const [k, name] of [
      ['readOnly', 'read-only'],
      ['writeOnly', 'write-only'],
    ] as const) {
      const was = bn.s[k] === true;
      const is = rn.s[k] === true;
      if (was === is) continue;
      const id = `${where.dir}-${req}-property-became-${is ? '' : 'not-'}${name}`;
      this.emitProperty(where, id, `became ${is ? '' : 'not '}${name}`, bn, rn);
    }
  }

  private items(b: Node, r: Node, where: Where): void {
    const bi = b.s.items;
    const ri = r.s.items;
    if (!isObj(bi) || !isObj(ri)) return;
    const bn = this.ctx.base.child(bi, `${b.ptr}/items`);
    const rn = this.ctx.revision.child(ri, `${r.ptr}/items`);
    if (!bn || !rn) return;
    // oasdiff reads an array parameter's items as the parameter itself.
    if (where.kind === 'parameter') this.walk(bn, rn, { ...where, place: `${where.place}/items` });
    else this.walk(bn, rn, this.nested(where, 'items', bn, rn));
  }
}

const KEYWORD: Record<string, string> = {
  max: 'maximum',
  'exclusive-max': 'exclusive maximum',
  min: 'minimum',
  'exclusive-min': 'exclusive minimum',
  'max-length': 'maxLength',
  'min-length': 'minLength',
  'max-items': 'maxItems',
  'min-items': 'minItems',
  'max-contains': 'maxContains',
  'min-contains': 'minContains',
};

const STABILITY: Record<string, number> = { draft: 0, alpha: 1, beta: 2, stable: 3 };

function subject(where: Where): string {
  return where.prop ? `${where.label}, property ${show(where.prop)}` : where.label;
}

function isJson(mediaType: string): boolean {
  return /[/+]json\b/i.test(mediaType) || mediaType === '*/*';
}

function looselyTyped(t: string | undefined): boolean {
  return t === 'object' || t === 'string';
}

function typeList(s: Obj): string[] {
  const t = s.type;
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string' && x !== 'null').sort();
  return typeof t === 'string' && t !== 'null' ? [t] : [];
}

function isNullable(s: Obj): boolean {
  return s.nullable === true || (Array.isArray(s.type) && s.type.includes('null'));
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** Whether `to` accepts more values than `from` among formats of one type. */
function widerFormat(from: string, to: string): 'wider' | 'narrower' | 'other' {
  const order = [
    ['int32', 'int64'],
    ['float', 'double'],
    ['date', 'date-time'],
  ];
  for (const [narrow, wide] of order) {
    if (from === narrow && to === wide) return 'wider';
    if (from === wide && to === narrow) return 'narrower';
  }
  return 'other';
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined;
}

/** An inclusive bound: `maximum` unless OpenAPI 3.0's `exclusiveMaximum: true` makes it exclusive. */
function inclusive(s: Obj, bound: string, flag: string): number | undefined {
  return s[flag] === true ? undefined : num(s[bound]);
}

/** An exclusive bound: 3.1's numeric `exclusiveMaximum`, or 3.0's `maximum` with `exclusiveMaximum: true`. */
function exclusive(s: Obj, bound: string, flag: string): number | undefined {
  if (typeof s[flag] === 'number') return s[flag] as number;
  return s[flag] === true ? num(s[bound]) : undefined;
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function alts(list: unknown[], idx: number[]): string {
  return idx
    .map((i) => {
      const v = list[i];
      return isObj(v) && typeof v.$ref === 'string' ? (v.$ref.split('/').pop() ?? '?') : `#${i}`;
    })
    .join(', ');
}
