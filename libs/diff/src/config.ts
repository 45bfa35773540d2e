import { parse } from 'yaml';
import { DEFAULT_LEVELS } from './recorder.js';
import type { DiffOptions, Level } from './types.js';

/**
 * A diff configuration file (YAML or JSON):
 *
 * ```yaml
 * levels:                       # per check id: error, warning, info or off
 *   request-parameter-removed: error
 * accept:                       # fingerprints of changes made on purpose
 *   - 3f1c0a9b2d4e5f60
 * deprecationDays: { beta: 30, stable: 180 }
 * ```
 */
export function parseDiffConfig(text: string, file: string): DiffOptions {
  let value: unknown;
  try {
    value = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new DiffConfigError(`${file}: not valid YAML or JSON: ${(error as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new DiffConfigError(`${file}: expected a mapping`);
  const doc = value as Record<string, unknown>;
  const out: DiffOptions = {};
  for (const key of Object.keys(doc))
    if (!['levels', 'accept', 'deprecationDays'].includes(key))
      throw new DiffConfigError(`${file}: unknown key "${key}" (expected levels, accept, deprecationDays)`);
  if (doc.levels !== undefined) {
    if (typeof doc.levels !== 'object' || doc.levels === null || Array.isArray(doc.levels))
      throw new DiffConfigError(`${file}: levels must map check ids to error, warning, info or off`);
    const levels: Record<string, Level | 'off'> = {};
    for (const [id, level] of Object.entries(doc.levels)) {
      if (!Object.hasOwn(DEFAULT_LEVELS, id))
        throw new DiffConfigError(`${file}: levels.${id}: no check has this id`);
      if (!['error', 'warning', 'info', 'off'].includes(String(level)))
        throw new DiffConfigError(
          `${file}: levels.${id}: "${String(level)}" is not error, warning, info or off`,
        );
      levels[id] = level as Level | 'off';
    }
    out.levels = levels;
  }
  if (doc.accept !== undefined) {
    if (!Array.isArray(doc.accept) || !doc.accept.every((f) => typeof f === 'string'))
      throw new DiffConfigError(`${file}: accept must be a list of change fingerprints`);
    out.accept = doc.accept as string[];
  }
  if (doc.deprecationDays !== undefined) {
    const d = doc.deprecationDays as Record<string, unknown>;
    for (const k of ['beta', 'stable'] as const) {
      if (d[k] === undefined) continue;
      if (typeof d[k] !== 'number' || d[k] < 0 || !Number.isInteger(d[k]))
        throw new DiffConfigError(`${file}: deprecationDays.${k} must be a whole number of days`);
      if (k === 'beta') out.deprecationDaysBeta = d[k];
      else out.deprecationDaysStable = d[k];
    }
  }
  return out;
}

export class DiffConfigError extends Error {}
