// Content negotiation between what a pact sends or accepts and the media types a spec lists.

interface Range {
  type: string;
  subtype: string;
  /** The suffix-less structured type: `json` for `application/vnd.acme+json`. */
  suffix: string;
  params: string;
  quality: number;
  raw: string;
}

function parse(text: string): Range {
  const [essence = '', ...rest] = text.split(';').map((p) => p.replace(/\s+/g, '').toLowerCase());
  let quality = 1;
  const params = rest.filter((p) => {
    const q = /^q=([01](\.\d*)?)$/.exec(p);
    if (q) quality = Number(q[1]);
    return !q;
  });
  const [type = '', subtype = ''] = essence.split('/');
  return {
    type,
    subtype,
    suffix: subtype.split('+').pop() ?? '',
    params: params.join(';'),
    quality,
    raw: text,
  };
}

/**
 * The spec media type that serves `wanted` (a Content-Type, or an Accept list with q-values), best first: exact, then
 * without parameters, then by structured suffix (`application/vnd.x+json` ~ `application/json`), then wildcards on
 * either side. `undefined` when none fits.
 */
export function findMediaType(wanted: string, available: readonly string[]): string | undefined {
  const accepts = wanted
    .split(',')
    .map(parse)
    .filter((r) => r.type)
    .sort((a, b) => b.quality - a.quality);
  const offers = available.map(parse);
  const pick = (fits: (a: Range, o: Range) => boolean): string | undefined => {
    for (const a of accepts) {
      const i = offers.findIndex((o) => fits(a, o));
      if (i !== -1) return available[i];
    }
    return undefined;
  };
  return (
    pick((a, o) => a.type === o.type && a.subtype === o.subtype && a.params === o.params) ??
    pick((a, o) => a.type === o.type && a.subtype === o.subtype) ??
    pick((a, o) => a.type === o.type && a.suffix === o.suffix && a.subtype !== '*') ??
    pick((a, o) => o.subtype === '*' && (o.type === a.type || o.type === '*')) ??
    pick((a, o) => a.subtype === '*' && (a.type === o.type || a.type === '*'))
  );
}

/** Media types whose bodies can be validated against a schema. */
const VALIDATABLE = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data'];

export function isValidatable(mediaType: string): boolean {
  return findMediaType(mediaType, VALIDATABLE) !== undefined;
}

/** The media type without parameters, lower-cased. */
export function essence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase();
}
