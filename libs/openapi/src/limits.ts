import type { LoadOptions } from './types.js';

export type ResolvedLoadOptions = Required<Omit<LoadOptions, 'apiId'>> & Pick<LoadOptions, 'apiId'>;

export function resolveLoadOptions(options: LoadOptions = {}): ResolvedLoadOptions {
  const resolved = {
    maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    maxDepth: options.maxDepth ?? 512,
    maxAliases: options.maxAliases ?? 10_000,
    maxRefHops: options.maxRefHops ?? 64,
    allowOutsideRefs: options.allowOutsideRefs ?? false,
    allowUrlRefs: options.allowUrlRefs ?? false,
    locations: options.locations ?? true,
    apiId: options.apiId,
  };
  for (const key of ['maxBytes', 'maxDepth', 'maxAliases', 'maxRefHops'] as const) {
    const v = resolved[key];
    if (!Number.isInteger(v) || v < 1)
      throw new RangeError(`LoadOptions.${key} must be a positive integer, got ${v}`);
  }
  return resolved;
}

const UNITS = [
  { name: 'GiB', bytes: 1024 ** 3 },
  { name: 'MiB', bytes: 1024 ** 2 },
  { name: 'KiB', bytes: 1024 },
] as const;

/**
 * `50.9 MiB, more than the 50 MiB limit`: both in the limit's unit, to one decimal. A size that rounds down to the
 * limit is rounded up instead (50.1 MiB), so it never reads as equal to it.
 */
export function overLimit(size: number, limit: number): string {
  const unit = UNITS.find((u) => limit >= u.bytes);
  if (!unit) {
    return `${size.toLocaleString('en-US')} bytes, more than the ${limit.toLocaleString('en-US')}-byte limit`;
  }
  const tenths = (n: number) => (n / unit.bytes) * 10;
  const max = Math.round(tenths(limit)) / 10;
  let shown = Math.round(tenths(size)) / 10;
  if (shown <= max) shown = Math.ceil(tenths(size)) / 10;
  return `${shown} ${unit.name}, more than the ${max} ${unit.name} limit`;
}
