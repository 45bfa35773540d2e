import type { DecodeOptions, ResolvedDecodeOptions } from '../types.js';

export function resolveDecodeOptions(options: DecodeOptions = {}): ResolvedDecodeOptions {
  const resolved: ResolvedDecodeOptions = {
    maxStringBytes: options.maxStringBytes ?? 1024,
    minTimeUnixMs: options.minTimeUnixMs ?? Date.UTC(2000, 0, 1),
    maxTimeUnixMs: options.maxTimeUnixMs ?? Date.UTC(2200, 0, 1),
  };
  if (!Number.isInteger(resolved.maxStringBytes) || resolved.maxStringBytes < 16) {
    throw new RangeError(
      `DecodeOptions.maxStringBytes must be an integer ≥ 16, got ${String(options.maxStringBytes)}`,
    );
  }
  if (!(resolved.minTimeUnixMs < resolved.maxTimeUnixMs)) {
    throw new RangeError(
      `DecodeOptions.minTimeUnixMs (${resolved.minTimeUnixMs}) must be below maxTimeUnixMs (${resolved.maxTimeUnixMs})`,
    );
  }
  return resolved;
}
