import type { SpanRecord } from '../types.js';

type StringField =
  | 'httpMethod'
  | 'httpRoute'
  | 'urlPath'
  | 'urlFull'
  | 'serverAddress'
  | 'clientAddress'
  | 'userAgent'
  | 'enduserId'
  | 'consumerId'
  | 'peerService';
type NumberField = 'httpStatusCode' | 'requestBodySize' | 'responseBodySize';

/** One span attribute Interlock keeps. `rank` 2 is the stable semantic-convention key, 1 the older one it replaced. */
export interface KnownAttribute {
  key: string;
  /** UTF-8 bytes of `key`, compared against the wire without decoding it. */
  bytes: Uint8Array;
  field: StringField | NumberField;
  type: 'string' | 'number';
  rank: 1 | 2;
  /** Slot in the per-span table of ranks already filled. */
  slot: number;
  /** `http.target` holds path and query; only the path is kept. */
  cutQuery: boolean;
}

const table: [key: string, field: StringField | NumberField, rank: 1 | 2][] = [
  ['http.request.method', 'httpMethod', 2],
  ['http.method', 'httpMethod', 1],
  ['http.response.status_code', 'httpStatusCode', 2],
  ['http.status_code', 'httpStatusCode', 1],
  ['http.route', 'httpRoute', 2],
  ['url.path', 'urlPath', 2],
  ['http.target', 'urlPath', 1],
  ['url.full', 'urlFull', 2],
  ['http.url', 'urlFull', 1],
  ['server.address', 'serverAddress', 2],
  ['client.address', 'clientAddress', 2],
  ['net.peer.ip', 'clientAddress', 1],
  ['user_agent.original', 'userAgent', 2],
  ['http.user_agent', 'userAgent', 1],
  ['enduser.id', 'enduserId', 2],
  ['http.request.header.x-consumer-id', 'consumerId', 2],
  ['http.request.body.size', 'requestBodySize', 2],
  ['http.request_content_length', 'requestBodySize', 1],
  ['http.response.body.size', 'responseBodySize', 2],
  ['http.response_content_length', 'responseBodySize', 1],
  ['peer.service', 'peerService', 2],
];

const numberFields = new Set<string>(['httpStatusCode', 'requestBodySize', 'responseBodySize']);
const slots = new Map<StringField | NumberField, number>();
const encoder = new TextEncoder();

export const knownAttributes: readonly KnownAttribute[] = table.map(([key, field, rank]) => {
  if (!slots.has(field)) slots.set(field, slots.size);
  return {
    key,
    bytes: encoder.encode(key),
    field,
    type: numberFields.has(field) ? 'number' : 'string',
    rank,
    slot: slots.get(field)!,
    cutQuery: key === 'http.target',
  };
});

/** How many distinct record fields the attributes fill (the size of a per-span rank table). */
export const attributeSlots = slots.size;

/** The record field each slot fills, by slot. */
export const slotFields: readonly (StringField | NumberField)[] = [...slots.keys()];

/** The slot of each record field. */
export const SLOT = Object.fromEntries(slots) as Readonly<Record<StringField | NumberField, number>>;

/** Candidates by key length in bytes: a key of any other length is skipped after one array read. */
export const attributesByLength: (KnownAttribute[] | undefined)[] = [];
for (const attribute of knownAttributes) {
  (attributesByLength[attribute.bytes.length] ??= []).push(attribute);
}

const byKey = new Map(knownAttributes.map((a) => [a.key, a]));

export function knownAttribute(key: string): KnownAttribute | undefined {
  return byKey.get(key);
}

/** Stores a decoded value unless a higher-ranked key already filled the field (the first of equal rank wins). */
export function assign(
  record: SpanRecord,
  attribute: KnownAttribute,
  value: string | number,
  ranks: Uint8Array,
): void {
  if (attribute.type === 'number') {
    if (typeof value === 'string') value = value === '' ? NaN : Number(value);
    if (!Number.isFinite(value) || value < 0) return;
    (record as unknown as Record<string, unknown>)[attribute.field] = value;
  } else {
    if (typeof value === 'number') value = String(value);
    if (attribute.cutQuery) {
      const q = value.indexOf('?');
      if (q >= 0) value = value.slice(0, q);
    }
    (record as unknown as Record<string, unknown>)[attribute.field] = value;
  }
  ranks[attribute.slot] = attribute.rank;
}

/** Whether a value for `attribute` would be kept: decode it only then. */
export function wanted(attribute: KnownAttribute, ranks: Uint8Array): boolean {
  return ranks[attribute.slot]! < attribute.rank;
}
