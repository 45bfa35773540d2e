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
