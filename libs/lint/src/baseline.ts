import { readFile } from 'node:fs/promises';
import { fingerprint } from './fingerprint.js';
import type { Finding } from './types.js';

/**
 * A baseline is a file of earlier findings: `interlock lint --format json` or `sarif` output, the Spectral CLI's JSON
 * output (fingerprints are computed from code, source and path, relative to `root` as when linting), or a plain JSON
 * array of fingerprints. Returns the set of fingerprints it holds.
 */
export async function readBaseline(file: string, root = process.cwd()): Promise<Set<string>> {
  const text = await readFile(file, 'utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: the baseline is not JSON (${(error as Error).message})`);
  }
  const fingerprints = new Set<string>();
  const visit = (value: unknown) => {
    if (typeof value === 'string') fingerprints.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.fingerprint === 'string') fingerprints.add(record.fingerprint);
      else if (
        typeof record.code === 'string' &&
        typeof record.source === 'string' &&
        Array.isArray(record.path)
      )
        fingerprints.add(
          fingerprint(
            record.code,
            record.source,
            record.path as string[],
            root,
            String(record.message ?? ''),
          ),
        );
      if (record.partialFingerprints && typeof record.partialFingerprints === 'object')
        Object.values(record.partialFingerprints).forEach(visit);
      for (const key of ['findings', 'runs', 'results', 'files']) if (key in record) visit(record[key]);
    }
  };
  visit(data);
  return fingerprints;
}

/** The findings that are new: not in the baseline. */
export function withoutBaseline(findings: readonly Finding[], baseline: ReadonlySet<string>): Finding[] {
  return findings.filter((f) => !baseline.has(f.fingerprint));
}
